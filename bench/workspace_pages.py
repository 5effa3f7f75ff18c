"""The workspace's two busiest page views timed end to end: the task list and Operate's instance page.

A durable engine (``--data-dir`` in a temporary folder, its history tables on) is seeded with
``--instances`` process instances of a six-step approval (受理 → 初审 → 登记核验 (a service task) →
复审 → 专家评审 → 审批 → 归档) and about ``--finished-tasks`` completed user tasks: most instances
ran to the end, the others wait at some step, a few with an incident on the registry check. Each
instance carries the variables the forms set (project name and id, jurisdiction, unit, amount,
documents, a review opinion). Seeding goes through the engine's own Python API in groups
(``Engine.run_batch``, one commit per group): over REST, 100,000 commands would take far longer
than the measurement.

Then, with a signed-in session on the workspace port (cookie and CSRF token, as the browser has),
a client in a process of its own makes the REST calls behind one page view exactly as ``web/src``
makes them, at most six at once (a browser's connections per origin), and times the whole view:

- **task list** (``views/tasklist.ts``): the open-task search (state ``CREATED``, by creation date,
  1,000 a page), then each row's variables (``POST /v2/user-tasks/{key}/variables/search`` for the
  row names), eight rows at a time;
- **instance page** (``views/operateInstance.ts``): the instance, then at once its element
  instances, active incidents, open message subscriptions, open tasks, variables, called
  instances, the diagram's XML, the element statistics and the parent instance where it has one.

The task list is timed for a clerk (member of one district's 受理 and 初审 groups: the server keeps
only their tasks) and for ops (member of the ops role and of the ops desk's group, which every
task names too, so ops sees every open task); the instance page for ops, over instances drawn
from all states. Figures: p50/p95/p99 per view against the target of 100 ms p95 (issue 13).

Run: ``python -m bench.workspace_pages`` (1,000 instances, 5,000 finished tasks) or ``--full``
(10,000 instances, 50,000 finished tasks); 200 views of each kind, but ``--ops-list-views`` (20)
of ops' task list, whose every view makes one call per open task it shows (up to 1,000).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import functools
import multiprocessing
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from engine.clock import ControlledClock
from engine.gateway.identity_services import IdentityServices
from engine.gateway.serve import RunningGateway, start_gateway
from engine.identity.defaults import OPS, ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType
from engine.runtime import Engine
from engine.testing.builder import process

TARGET_P95_MS = 100.0
START = "2026-03-02T09:00:00+08:00"
PASSWORD = "bench-password-not-secret"
SERVICE_TOKEN = "bench-service-token"
PROCESS_ID = "bench-approval"
CHECK_JOB = "bench-registry-check"
STEPS = ("受理", "初审", "复审", "专家评审", "审批", "归档")
CHECK_AFTER = 2
"""The registry check runs after this many user tasks (after 初审)."""
JURISDICTIONS = ("440307", "440303", "440304", "440305", "440306", "440308", "440309", "440310")
OPS_GROUP = "ops-desk"
CLERK_JURISDICTION = JURISDICTIONS[0]
ROW_VARIABLES = ("projectName", "projectId", "jurisdiction", "unit", "reviewTaskName", "reviewSubject")
BROWSER_CONNECTIONS = 6
ROW_CONCURRENCY = 8
SEED_GROUP = 200
ALL = 1000
OPS_LIST_VIEWS = 20
"""Ops' task list reads every open task's variables, one call a row: 200 views at full size would
be 200,000 calls, so fewer are timed unless asked."""


def diagram() -> bytes:
    """Six user tasks, each offered to its district's step group and the ops desk, with a registry
    check (a service task) after the second."""
    built = process(PROCESS_ID, name="政务信息化项目审批").start_event("start")
    for index, step in enumerate(STEPS):
        if index == CHECK_AFTER:
            built = built.service_task("registry-check", job_type=CHECK_JOB, name="登记核验")
        built = built.user_task(
            f"step-{index}",
            name=step,
            candidate_groups=f'=[jurisdiction + "-{step}", "{OPS_GROUP}"]',
            due_date="=dueDate",
        )
    return built.end_event("end").to_xml()


def _variables(n: int, rng: random.Random) -> dict[str, Any]:
    jurisdiction = JURISDICTIONS[n % len(JURISDICTIONS)]
    return {
        "projectName": f"智慧城市感知平台（{n}期）",
        "projectId": f"BENCH-2026-{n:05d}",
        "jurisdiction": jurisdiction,
        "unit": f"{jurisdiction}区政务服务数据管理局",
        "amount": rng.randrange(500_000, 50_000_000),
        "category": rng.choice(["NEW", "UPGRADE", "OPERATION"]),
        "dueDate": f"2026-03-{10 + n % 18:02d}T18:00:00+08:00",
        "documents": [
            {"name": "可行性研究报告.pdf", "documentId": f"doc-{n}-1"},
            {"name": "项目建议书.pdf", "documentId": f"doc-{n}-2"},
        ],
        "contactPhone": f"0755-{rng.randrange(10_000_000, 99_999_999)}",
    }


@dataclass(frozen=True)
class Plan:
    """How far each instance goes: ``done[i]`` user tasks completed (len(STEPS) ran it to the
    end); ``incident[i]`` where its registry check fails without retries."""

    done: list[int]
    incident: list[bool]

    @property
    def finished_tasks(self) -> int:
        return sum(self.done)


def plan(instances: int, finished_tasks: int, seed: int = 13) -> Plan:
    """Instances run to the end until the rest, stopped at steps 0..5 in turn, make up the
    finished tasks asked for; one in eight of those past the check has an incident there."""
    steps = len(STEPS)
    mean_active = (steps - 1) / 2
    completed = round((finished_tasks - mean_active * instances) / (steps - mean_active))
    completed = max(0, min(instances, completed))
    rng = random.Random(seed)
    done, incident = [], []
    for n in range(instances):
        if n < completed:
            done.append(steps)
            incident.append(False)
        else:
            at = n % steps
            done.append(at)
            incident.append(at == CHECK_AFTER and rng.random() < 0.4)
    order = list(range(instances))
    rng.shuffle(order)
    return Plan([done[i] for i in order], [incident[i] for i in order])


def _run(engine: Engine, commands: list[Callable[[], Any]]) -> list[Any]:
    results = []
    for start in range(0, len(commands), SEED_GROUP):
        for outcome in engine.run_batch(commands[start : start + SEED_GROUP]):
            if isinstance(outcome, Exception):
                raise SystemExit(f"seeding failed: {outcome!r}")
            results.append(outcome)
    return results


def seed(engine: Engine, the_plan: Plan) -> list[int]:
    """Start every instance and work it as far as the plan says, a step at a time over all;
    returns the instances' keys."""
    engine.deploy([("bench-approval.bpmn", diagram())])
    rng = random.Random(7)
    handles = _run(
        engine,
        [
            functools.partial(engine.create_instance, PROCESS_ID, _variables(n, rng))
            for n in range(len(the_plan.done))
        ],
    )
    index = {handle.key: n for n, handle in enumerate(handles)}
    for step in range(len(STEPS)):
        if step == CHECK_AFTER:
            _work_checks(engine, the_plan, index)
        open_tasks = engine.user_tasks()
        due = [t for t in open_tasks if the_plan.done[index[t.process_instance_key]] > step]
        _run(
            engine,
            [
                functools.partial(
                    engine.complete_user_task,
                    task.key,
                    {f"opinion{step}": "同意", "reviewTaskName": STEPS[step]},
                )
                for task in due
            ],
        )
    return list(index)


def _work_checks(engine: Engine, the_plan: Plan, index: dict[int, int]) -> None:
    while jobs := engine.activate_jobs(CHECK_JOB, worker="bench", timeout_ms=600_000, max_jobs=SEED_GROUP):
        commands: list[Callable[[], Any]] = []
        for job in jobs:
            if the_plan.incident[index[job.process_instance_key]]:
                commands.append(functools.partial(engine.fail_job, job.key, 0, "登记库无此项目编号"))
            else:
                commands.append(functools.partial(engine.complete_job, job.key, {"registered": True}))
        _run(engine, commands)


# -- the people and the served workspace ------------------------------------------------------


@dataclass(frozen=True)
class Person:
    username: str
    groups: tuple[str, ...]
    roles: tuple[str, ...]


CLERK = Person("bench-clerk", (f"{CLERK_JURISDICTION}-受理", f"{CLERK_JURISDICTION}-初审"), ())
OPS_USER = Person("bench-ops", (OPS_GROUP,), (OPS,))


def _directory(data_dir: Path) -> Directory:
    directory = Directory.open(data_dir, passwords=Passwords(TEST_COST))
    ensure_default_roles(directory)
    for person in (CLERK, OPS_USER):
        directory.add_user(person.username, name=person.username, password=PASSWORD)
        for group in person.groups:
            directory.ensure_group(group)
            directory.add_group_member(group, OwnerType.USER, person.username)
        for role in person.roles:
            directory.add_role_member(role, OwnerType.USER, person.username)
    return directory


class _Loop:
    """An asyncio loop in a daemon thread, for the servers."""

    def __init__(self) -> None:
        import threading

        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Any, timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


@contextmanager
def served(engine: Engine, data_dir: Path) -> Iterator[RunningGateway]:
    """The workspace over ``engine`` with the directory on; a one-page site (the REST calls are
    what is timed, not the assets)."""
    dist = data_dir / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>工作台</title>", encoding="utf-8")
    directory = _directory(data_dir)
    services = IdentityServices.create(directory, service_token=SERVICE_TOKEN)
    loop = _Loop()
    running: RunningGateway = loop.run(start_gateway(engine, identity=services, web_port=0, web_dist=dist))
    try:
        yield running
    finally:
        loop.run(running.stop(grace_seconds=0.5))
        loop.close()
        directory.close()


# -- the page views, as web/src makes their calls ---------------------------------------------


class Browser:
    """One signed-in browser tab: the session cookie, the CSRF token on writes (searches are
    POSTs), six connections; every call's status is kept."""

    def __init__(self, url: str) -> None:
        limits = httpx.Limits(
            max_connections=BROWSER_CONNECTIONS, max_keepalive_connections=BROWSER_CONNECTIONS
        )
        self.client = httpx.AsyncClient(base_url=url, timeout=120, limits=limits)
        self.csrf = ""
        self.calls: dict[str, dict[int, int]] = {}
        self.call_ms: dict[str, list[float]] = {}

    async def sign_in(self, username: str) -> None:
        answer = await self.client.post(
            "/workspace/session", json={"username": username, "password": PASSWORD}
        )
        answer.raise_for_status()
        self.csrf = str(answer.json()["csrfToken"])

    def _count(self, route: str, status: int, began: float) -> None:
        by_status = self.calls.setdefault(route, {})
        by_status[status] = by_status.get(status, 0) + 1
        self.call_ms.setdefault(route, []).append((time.perf_counter() - began) * 1000)

    def clear(self) -> None:
        self.calls.clear()
        self.call_ms.clear()

    def medians(self) -> dict[str, float]:
        """Each route's median call, as the client saw it (queued behind the view's other calls)."""
        return {route: round(statistics.median(ms), 2) for route, ms in self.call_ms.items()}

    async def post(self, route: str, path: str, body: dict[str, Any]) -> Any:
        began = time.perf_counter()
        answer = await self.client.post(path, json=body, headers={"X-CSRF-Token": self.csrf})
        self._count(route, answer.status_code, began)
        return answer.json() if answer.status_code == 200 else None

    async def get(self, route: str, path: str, accept: str = "application/json") -> Any:
        began = time.perf_counter()
        answer = await self.client.get(path, headers={"Accept": accept})
        self._count(route, answer.status_code, began)
        if answer.status_code != 200:
            return None
        return answer.text if accept == "text/xml" else answer.json()


async def task_list_view(browser: Browser) -> int:
    """``taskListView``'s load: the open tasks, then each row's variables, eight rows at a time.
    Returns the number of rows."""
    found = await browser.post(
        "POST /v2/user-tasks/search",
        "/v2/user-tasks/search",
        {
            "filter": {"state": "CREATED"},
            "sort": [{"field": "creationDate", "order": "ASC"}],
            "page": {"limit": ALL},
        },
    )
    tasks = found["items"] if found else []
    rows = iter(tasks)

    async def worker() -> None:
        for task in rows:
            await browser.post(
                "POST /v2/user-tasks/{key}/variables/search",
                f"/v2/user-tasks/{task['userTaskKey']}/variables/search",
                {"filter": {"name": {"$in": list(ROW_VARIABLES)}}, "page": {"limit": 100}},
            )

    await asyncio.gather(*(worker() for _ in range(min(ROW_CONCURRENCY, len(tasks)))))
    return len(tasks)


async def instance_view(browser: Browser, key: str) -> None:
    """``operateInstanceView``'s load: the instance, then everything beside its diagram at once."""
    instance = await browser.get("GET /v2/process-instances/{key}", f"/v2/process-instances/{key}")
    if instance is None:
        return
    by_instance = {"processInstanceKey": key}
    calls = [
        browser.post(
            "POST /v2/element-instances/search",
            "/v2/element-instances/search",
            {"filter": by_instance, "sort": [{"field": "startDate", "order": "ASC"}], "page": {"limit": ALL}},
        ),
        browser.post(
            "POST /v2/incidents/search",
            "/v2/incidents/search",
            {"filter": {**by_instance, "state": "ACTIVE"}, "page": {"limit": ALL}},
        ),
        browser.post(
            "POST /v2/message-subscriptions/search",
            "/v2/message-subscriptions/search",
            {"filter": {**by_instance, "messageSubscriptionState": "CREATED"}, "page": {"limit": ALL}},
        ),
        browser.post(
            "POST /v2/user-tasks/search",
            "/v2/user-tasks/search",
            {"filter": {**by_instance, "state": "CREATED"}, "page": {"limit": ALL}},
        ),
        browser.post(
            "POST /v2/variables/search",
            "/v2/variables/search",
            {"filter": by_instance, "sort": [{"field": "name", "order": "ASC"}], "page": {"limit": 10_000}},
        ),
        browser.post(
            "POST /v2/process-instances/search",
            "/v2/process-instances/search",
            {
                "filter": {"parentProcessInstanceKey": key},
                "sort": [{"field": "startDate", "order": "ASC"}],
                "page": {"limit": ALL},
            },
        ),
        browser.get(
            "GET /v2/process-definitions/{key}/xml",
            f"/v2/process-definitions/{instance['processDefinitionKey']}/xml",
            accept="text/xml",
        ),
        browser.get(
            "GET /v2/process-instances/{key}/statistics/element-instances",
            f"/v2/process-instances/{key}/statistics/element-instances",
        ),
    ]
    parent = instance.get("parentProcessInstanceKey")
    if parent:
        calls.append(browser.get("GET /v2/process-instances/{key}", f"/v2/process-instances/{parent}"))
    await asyncio.gather(*calls)


@dataclass(frozen=True)
class Job:
    url: str
    views: int
    ops_list_views: int
    instance_keys: list[str]


def _figures(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
        "max_ms": round(max(timings), 2),
    }


async def _measure(job: Job) -> dict[str, Any]:
    views: dict[str, Any] = {}
    for person in (CLERK, OPS_USER):
        browser = Browser(job.url)
        await browser.sign_in(person.username)
        rows = await task_list_view(browser)  # a first view warms the connections, not counted
        browser.clear()
        timings = []
        for _ in range(job.ops_list_views if person is OPS_USER else job.views):
            began = time.perf_counter()
            rows = await task_list_view(browser)
            timings.append((time.perf_counter() - began) * 1000)
        views[f"task list ({person.username})"] = {
            "rows": rows,
            "views": len(timings),
            **_figures(timings),
            "calls": browser.calls,
            "call_median_ms": browser.medians(),
        }
        await browser.client.aclose()
    browser = Browser(job.url)
    await browser.sign_in(OPS_USER.username)
    await instance_view(browser, job.instance_keys[0])
    browser.clear()
    timings = []
    for n in range(job.views):
        began = time.perf_counter()
        await instance_view(browser, job.instance_keys[n % len(job.instance_keys)])
        timings.append((time.perf_counter() - began) * 1000)
    views[f"instance page ({OPS_USER.username})"] = {
        "instances": len(job.instance_keys),
        "views": len(timings),
        **_figures(timings),
        "calls": browser.calls,
        "call_median_ms": browser.medians(),
    }
    await browser.client.aclose()
    return views


def measure(job: Job) -> dict[str, Any]:
    """The views, from a process of its own (the server's work is not slowed by the client's)."""
    return asyncio.run(_measure(job))


# -- the run ----------------------------------------------------------------------------------


def run(
    instances: int, finished_tasks: int, views: int, ops_list_views: int | None = None, sample: int = 200
) -> dict[str, Any]:
    """Seed, serve, measure; the report (also printed by :func:`main`)."""
    the_plan = plan(instances, finished_tasks)
    with tempfile.TemporaryDirectory(prefix="bench-workspace-") as folder:
        data_dir = Path(folder)
        engine = Engine.open(data_dir, clock=ControlledClock(start=START))
        try:
            began = time.perf_counter()
            keys = seed(engine, the_plan)
            seeded_s = time.perf_counter() - began
            open_tasks = len(engine.user_tasks())
            incidents = len(engine.incidents())
            with served(engine, data_dir) as running:
                url = f"http://127.0.0.1:{running.web_port}"
                # instances of every state, in the store's proportions
                chosen = random.Random(11).sample(keys, min(sample, len(keys)))
                ops_views = views if ops_list_views is None else ops_list_views
                job = Job(url, views, ops_views, [str(key) for key in chosen])
                context = multiprocessing.get_context("spawn")
                with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
                    measured = pool.submit(measure, job).result()
        finally:
            engine.close()
    return {
        "store": {
            "instances": instances,
            "finished_user_tasks": the_plan.finished_tasks,
            "open_user_tasks": open_tasks,
            "incidents": incidents,
            "seeded_through": "engine Python API (Engine.run_batch, one commit per group)",
            "seed_s": round(seeded_s, 1),
        },
        "views": views,
        "target_p95_ms": TARGET_P95_MS,
        "pages": measured,
    }


def _print(report: dict[str, Any]) -> None:
    store = report["store"]
    print(
        f"store: {store['instances']} instances, {store['finished_user_tasks']} finished user tasks, "
        f"{store['open_user_tasks']} open, {store['incidents']} incidents; durable (--data-dir), "
        f"history tables on; seeded through the {store['seeded_through']} in {store['seed_s']} s"
    )
    print(
        f"each page view timed over all its REST calls, {report['views']} views; target p95 <= "
        f"{report['target_p95_ms']:.0f} ms"
    )
    for name, page in report["pages"].items():
        verdict = "meets" if page["p95_ms"] <= report["target_p95_ms"] else "OVER"
        rows = f", {page['rows']} rows" if "rows" in page else f", {page['instances']} instances"
        print(
            f"  {name:32s} p50 {page['p50_ms']:8.1f}  p95 {page['p95_ms']:8.1f}  p99 {page['p99_ms']:8.1f} ms"
            f"  ({verdict} the target; {page['views']} views{rows})"
        )
        for route, statuses in sorted(page["calls"].items()):
            median = page["call_median_ms"][route]
            print(
                f"      {sum(statuses.values()):7d} x {route:58s} median {median:7.1f} ms"
                f"  {dict(sorted(statuses.items()))}"
            )


def main(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--finished-tasks", type=int, default=5000)
    parser.add_argument("--views", type=int, default=200, help="page views timed of each kind")
    parser.add_argument(
        "--ops-list-views",
        type=int,
        default=OPS_LIST_VIEWS,
        help="views of ops' task list (each makes one call per open task, up to 1,001)",
    )
    parser.add_argument("--full", action="store_true", help="10,000 instances, 50,000 finished tasks")
    args = parser.parse_args(argv)
    if args.full:
        args.instances, args.finished_tasks = 10_000, 50_000
    report = run(args.instances, args.finished_tasks, args.views, args.ops_list_views)
    _print(report)
    return report


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
