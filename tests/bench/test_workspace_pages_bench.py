"""bench/workspace_pages.py at a tiny size: the store holds what its plan says, the report has its
figures for each page view, and every call a page view made was answered 200 (a refused call
would make a fast but meaningless figure)."""

from __future__ import annotations

from bench.workspace_pages import STEPS, TARGET_P95_MS, plan, run

INSTANCES, FINISHED = 40, 150
PAGES = {"task list (bench-clerk)", "task list (bench-ops)", "instance page (bench-ops)"}
INSTANCE_PAGE_CALLS = {
    "GET /v2/process-instances/{key}",
    "POST /v2/element-instances/search",
    "POST /v2/incidents/search",
    "POST /v2/message-subscriptions/search",
    "POST /v2/user-tasks/search",
    "POST /v2/variables/search",
    "POST /v2/process-instances/search",
    "GET /v2/process-definitions/{key}/xml",
    "GET /v2/process-instances/{key}/statistics/element-instances",
}


def test_the_workspace_page_bench_reports_each_view_and_every_call_answered_200() -> None:
    report = run(INSTANCES, FINISHED, views=3, ops_list_views=3, sample=5)
    expected = plan(INSTANCES, FINISHED)
    waiting = [done for done, failed in zip(expected.done, expected.incident, strict=True) if not failed]
    store = report["store"]
    assert store["instances"] == INSTANCES
    assert store["finished_user_tasks"] == expected.finished_tasks
    assert abs(expected.finished_tasks - FINISHED) <= len(STEPS)
    assert store["open_user_tasks"] == sum(1 for done in waiting if done < len(STEPS))
    assert store["incidents"] == sum(expected.incident)
    assert report["target_p95_ms"] == TARGET_P95_MS
    assert set(report["pages"]) == PAGES
    for name, page in report["pages"].items():
        assert {"p50_ms", "p95_ms", "p99_ms", "calls"} <= set(page), name
        for route, statuses in page["calls"].items():
            assert set(statuses) == {200}, f"{name}: {route} answered {statuses}"
    ops_list = report["pages"]["task list (bench-ops)"]
    clerk_list = report["pages"]["task list (bench-clerk)"]
    # ops sees every open task, the clerk only those of one district's first two steps
    assert ops_list["rows"] == store["open_user_tasks"]
    assert 0 < clerk_list["rows"] < ops_list["rows"]
    variables = "POST /v2/user-tasks/{key}/variables/search"
    assert ops_list["calls"][variables][200] == 3 * ops_list["rows"]
    assert set(report["pages"]["instance page (bench-ops)"]["calls"]) == INSTANCE_PAGE_CALLS
