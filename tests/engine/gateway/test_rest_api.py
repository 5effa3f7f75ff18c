"""The Orchestration Cluster REST API subset: the official Python SDK works a user task; bad requests
get problem details."""

from __future__ import annotations

import httpx
import pytest
from camunda_orchestration_sdk.models.complete_user_task_data import CompleteUserTaskData

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served, ServeFactory
from tests.engine.gateway.rest_sdk import orchestration_client
from tests.engine.gateway.rest_spec import checked_client


def test_orchestration_sdk_completes_the_user_task_a_search_found(gateway: Served) -> None:
    # The search goes through the 8.8 spec check, which reads every field of the answer; the SDK's
    # own search of user tasks is driven in test_rest_python_sdk.py.
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review", {"projectId": "YB-12"})
    engine.create_instance("review", {"projectId": "YB-13"})
    rest = checked_client(gateway.rest_url)

    def created(**filter_: str) -> list[dict[str, object]]:
        found = rest.post("/v2/user-tasks/search", json={"filter": {"state": "CREATED", **filter_}})
        items: list[dict[str, object]] = found.json()["items"]
        return items

    [task] = created(processInstanceKey=str(instance.key))
    assert (task["elementId"], task["name"], task["candidateGroups"]) == (
        "approve",
        "Approve filing",
        ["reviewers"],
    )
    orchestration_client(gateway).complete_user_task(
        str(task["userTaskKey"]),
        data=CompleteUserTaskData.from_dict({"variables": {"approved": True}}),
    )
    assert_that(engine, instance.key).is_completed().has_variable("approved", True)
    remaining = created()
    assert len(remaining) == 1 and remaining[0]["processInstanceKey"] != str(instance.key)


def test_malformed_json_is_a_400_problem(gateway: Served) -> None:
    response = httpx.post(
        f"{gateway.rest_url}/v2/user-tasks/search",
        content=b'{"filter": {',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "INVALID_ARGUMENT"
    assert "not valid JSON" in problem["detail"]


def test_unknown_filter_field_is_named(gateway: Served) -> None:
    response = httpx.post(f"{gateway.rest_url}/v2/user-tasks/search", json={"filter": {"colour": "red"}})
    assert response.status_code == 400
    assert "colour" in response.json()["detail"]


def test_unknown_user_task_is_a_404_problem(gateway: Served) -> None:
    response = httpx.get(f"{gateway.rest_url}/v2/user-tasks/2251799813685999")
    assert response.status_code == 404
    assert response.json()["title"] == "NOT_FOUND"
    completion = httpx.post(f"{gateway.rest_url}/v2/user-tasks/2251799813685999/completion", json={})
    assert completion.status_code == 404


def test_unknown_process_instance_is_a_404(gateway: Served) -> None:
    response = httpx.get(f"{gateway.rest_url}/v2/process-instances/42")
    assert response.status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic c2VjcmV0"])
def test_without_the_token_rest_answers_401(serve_gateway: ServeFactory, authorization: str | None) -> None:
    gateway = serve_gateway(token="s3cret")
    headers = {"authorization": authorization} if authorization else {}
    response = httpx.post(f"{gateway.rest_url}/v2/user-tasks/search", json={}, headers=headers)
    assert response.status_code == 401
    assert response.json()["title"] == "UNAUTHORIZED"
    allowed = httpx.post(
        f"{gateway.rest_url}/v2/user-tasks/search", json={}, headers={"authorization": "Bearer s3cret"}
    )
    assert allowed.status_code == 200
    assert allowed.json()["items"] == []


def test_rest_keeps_serving_after_bad_requests(gateway: Served) -> None:
    for body in (b"\xff\xfe", b"[1,2]", b"nul"):
        assert httpx.post(f"{gateway.rest_url}/v2/incidents/search", content=body).status_code == 400
    assert httpx.get(f"{gateway.rest_url}/v2/topology").json()["clusterSize"] == 1


def test_search_pages_with_the_cursors_it_returns(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    keys = [str(engine.create_instance("review").key) for _ in range(5)]
    url = f"{gateway.rest_url}/v2/user-tasks/search"
    order = [{"field": "processInstanceKey", "order": "ASC"}]
    first = httpx.post(url, json={"sort": order, "page": {"limit": 2}}).json()
    assert [t["processInstanceKey"] for t in first["items"]] == keys[:2]
    assert first["page"]["totalItems"] == 5
    second = httpx.post(
        url, json={"sort": order, "page": {"limit": 2, "after": first["page"]["endCursor"]}}
    ).json()
    assert [t["processInstanceKey"] for t in second["items"]] == keys[2:4]
    back = httpx.post(
        url, json={"sort": order, "page": {"limit": 2, "before": second["page"]["startCursor"]}}
    ).json()
    assert back["items"] == first["items"]
    bad = httpx.post(url, json={"page": {"after": "not a cursor!"}})
    assert bad.status_code == 400
    assert "page.after" in bad.json()["detail"]


def test_user_task_assignment_and_update(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    engine.create_instance("review")
    [task] = engine.user_tasks()
    url = f"/v2/user-tasks/{task.key}"
    httpx = checked_client(gateway.rest_url)
    assert httpx.post(f"{url}/assignment", json={"assignee": "wang.li"}).status_code == 204
    assert httpx.get(url).json()["assignee"] == "wang.li"
    taken = httpx.post(f"{url}/assignment", json={"assignee": "zhao.min", "allowOverride": False})
    assert taken.status_code == 409
    assert "wang.li" in taken.json()["detail"]
    assert httpx.post(f"{url}/assignment", json={"assignee": ""}).status_code == 400
    assert httpx.delete(f"{url}/assignee").status_code == 204
    assert "assignee" not in httpx.get(url).json(), "8.8 leaves an unset field out"
    changed = httpx.patch(url, json={"changeset": {"priority": 80, "candidateGroups": ["finance"]}})
    assert changed.status_code == 204, changed.text
    view = httpx.get(url).json()
    assert view["priority"] == 80
    assert view["candidateGroups"] == ["finance"]


def test_incidents_are_searched_and_resolved(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    engine.fail_job(job.key, retries=0, error_message="registry unreachable")
    rest = checked_client(gateway.rest_url)

    found = rest.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": str(instance.key)}}
    ).json()
    [incident] = found["items"]
    assert incident["errorType"] == "JOB_NO_RETRIES"
    assert incident["errorMessage"] == "registry unreachable"
    assert incident["state"] == "ACTIVE"
    view = httpx.get(f"{gateway.rest_url}/v2/process-instances/{instance.key}").json()
    assert view["hasIncident"] is True

    engine.update_job_retries(job.key, 1)
    assert rest.get(f"/v2/incidents/{incident['incidentKey']}").json() == incident
    resolved = rest.post(f"/v2/incidents/{incident['incidentKey']}/resolution")
    assert resolved.status_code == 204
    assert httpx.get(f"{gateway.rest_url}/v2/process-instances/{instance.key}").json()["hasIncident"] is False
    assert [j.key for j in engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)] == [
        job.key
    ]
    again = rest.post(f"/v2/incidents/{incident['incidentKey']}/resolution")
    assert again.status_code == 404


def test_variables_and_process_instances_are_searched(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task", {"projectId": "LG-7", "budget": 5_000_000})
    found = httpx.post(
        f"{gateway.rest_url}/v2/variables/search",
        json={"filter": {"processInstanceKey": str(instance.key), "name": "budget"}},
    ).json()
    [variable] = found["items"]
    assert variable["value"] == "5000000"
    instances = httpx.post(
        f"{gateway.rest_url}/v2/process-instances/search",
        json={"filter": {"processDefinitionId": "one_task", "state": "ACTIVE"}},
    ).json()
    assert [item["processInstanceKey"] for item in instances["items"]] == [str(instance.key)]
