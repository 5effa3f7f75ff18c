"""REST user tasks: the variables search of a task and the variable filters of the user task
search, every response checked against the 8.8 specification."""

from __future__ import annotations

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


def test_a_task_lists_the_variables_it_sees(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    engine.create_instance("review", {"projectName": "智慧城区", "budget": 5_200_000})
    [task] = engine.user_tasks()
    rest = checked_client(gateway.rest_url)
    found = rest.post(f"/v2/user-tasks/{task.key}/variables/search", json={}).json()["items"]
    assert sorted((v["name"], v["value"]) for v in found) == [
        ("budget", "5200000"),
        ("projectName", '"智慧城区"'),
    ]
    named = rest.post(
        f"/v2/user-tasks/{task.key}/variables/search", json={"filter": {"name": {"$like": "proj*"}}}
    ).json()["items"]
    assert [v["name"] for v in named] == ["projectName"]
    assert rest.post("/v2/user-tasks/1/variables/search", json={}).status_code == 404


def test_the_search_filters_tasks_by_process_instance_variables(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    engine.create_instance("review", {"region": "LG"})
    hy = engine.create_instance("review", {"region": "HY"})
    rest = checked_client(gateway.rest_url)

    def tasks(filter_: dict[str, object]) -> list[str]:
        return [
            t["processInstanceKey"]
            for t in rest.post("/v2/user-tasks/search", json={"filter": filter_}).json()["items"]
        ]

    assert tasks({"processInstanceVariables": [{"name": "region", "value": '"HY"'}]}) == [str(hy.key)]
    assert (
        len(tasks({"processInstanceVariables": [{"name": "region", "value": {"$in": ['"HY"', '"LG"']}}]}))
        == 2
    )
    assert tasks({"processInstanceVariables": [{"name": "missing", "value": '"HY"'}]}) == []
    assert tasks({"localVariables": [{"name": "region", "value": '"HY"'}]}) == []
    bad = rest.post("/v2/user-tasks/search", json={"filter": {"localVariables": {"name": "x"}}})
    assert bad.status_code == 400 and "localVariables" in bad.json()["detail"]


def test_a_task_view_leaves_unset_fields_out(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    engine.create_instance("review")
    [task] = engine.user_tasks()
    view = checked_client(gateway.rest_url).get(f"/v2/user-tasks/{task.key}").json()
    assert view["candidateGroups"] == ["reviewers"]
    assert not {"assignee", "dueDate", "completionDate", "rootProcessInstanceKey", "tags"} & set(view)
