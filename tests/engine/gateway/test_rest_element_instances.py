"""POST /v2/element-instances/search and GET /v2/element-instances/{key}: every element instance of
a process instance, as Operate lists its flow node instances; each response checked against 8.8."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


def _get(gateway: Served, path: str) -> Any:
    with checked_client(gateway.rest_url, timeout=10) as rest:
        return rest.get(path)


def _post(gateway: Served, path: str, body: dict[str, Any]) -> Any:
    with checked_client(gateway.rest_url, timeout=10) as rest:
        return rest.post(path, json=body)


def _search(gateway: Served, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = _post(gateway, "/v2/element-instances/search", body)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _work_one_task(gateway: Served) -> tuple[int, int]:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    return instance.key, job.key


def test_searches_every_element_of_an_instance(gateway: Served) -> None:
    instance_key, job_key = _work_one_task(gateway)
    gateway.engine.complete_job(job_key)

    items = _search(
        gateway,
        {
            "filter": {"processInstanceKey": str(instance_key)},
            "sort": [{"field": "elementInstanceKey", "order": "ASC"}],
        },
    )

    assert [(e["elementId"], e["type"], e["state"]) for e in items] == [
        ("start", "START_EVENT", "COMPLETED"),
        ("task", "SERVICE_TASK", "COMPLETED"),
        ("end", "END_EVENT", "COMPLETED"),
    ]
    for element in items:
        assert element["processDefinitionId"] == "one_task"
        assert element["processInstanceKey"] == str(instance_key)
        assert element["endDate"] >= element["startDate"]
        assert element["hasIncident"] is False and "incidentKey" not in element
        assert element["tenantId"] == "<default>"


def test_gets_one_element_instance(gateway: Served) -> None:
    instance_key, _ = _work_one_task(gateway)
    [task] = _search(gateway, {"filter": {"processInstanceKey": str(instance_key), "elementId": "task"}})

    element = _get(gateway, f"/v2/element-instances/{task['elementInstanceKey']}").json()

    assert element["elementId"] == "task"
    assert element["state"] == "ACTIVE"
    assert "endDate" not in element, "8.8 leaves out a field without a value"
    assert element["processDefinitionKey"] == task["processDefinitionKey"]
    assert element["elementName"] == "task"


def test_an_element_with_an_incident_carries_its_key_until_resolved(gateway: Served) -> None:
    instance_key, job_key = _work_one_task(gateway)
    engine = gateway.engine
    engine.fail_job(job_key, retries=0, error_message="registry unreachable")
    [incident] = engine.incidents()

    [task] = _search(gateway, {"filter": {"hasIncident": True}})
    assert task["elementId"] == "task"
    assert task["incidentKey"] == str(incident.key)
    assert _search(gateway, {"filter": {"incidentKey": str(incident.key)}}) == [task]

    engine.update_job_retries(job_key, 1)
    engine.resolve_incident(incident.key)
    element = _get(gateway, f"/v2/element-instances/{task['elementInstanceKey']}").json()
    assert element["hasIncident"] is False
    assert "incidentKey" not in element
    assert _search(gateway, {"filter": {"processInstanceKey": str(instance_key), "hasIncident": True}}) == []


def test_canceled_instance_elements_are_terminated(gateway: Served) -> None:
    instance_key, _ = _work_one_task(gateway)
    gateway.engine.cancel_instance(instance_key)

    [task] = _search(gateway, {"filter": {"state": {"$eq": "TERMINATED"}}})
    assert task["elementId"] == "task"
    assert task["endDate"] is not None
    assert [e["elementId"] for e in _search(gateway, {"filter": {"state": "COMPLETED"}})] == ["start"]


def test_filters_by_type_name_scope_and_alternatives(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review")

    [task] = _search(gateway, {"filter": {"type": "USER_TASK"}})
    assert task["elementName"] == "Approve filing"
    assert _search(gateway, {"filter": {"elementName": {"$like": "Approve*"}}}) == [task]
    children = _search(gateway, {"filter": {"elementInstanceScopeKey": str(instance.key)}})
    assert {e["elementId"] for e in children} == {"start", "approve"}
    either = _search(
        gateway,
        {
            "filter": {
                "processInstanceKey": str(instance.key),
                "$or": [{"elementId": "start"}, {"type": "USER_TASK"}],
            }
        },
    )
    assert {e["elementId"] for e in either} == {"start", "approve"}


def test_the_process_itself_and_sequence_flows_are_not_element_instances(gateway: Served) -> None:
    instance_key, _ = _work_one_task(gateway)
    items = _search(gateway, {})
    assert {e["type"] for e in items} == {"START_EVENT", "SERVICE_TASK"}
    assert str(instance_key) not in {e["elementInstanceKey"] for e in items}


def test_unknown_element_instance_is_a_404_problem(gateway: Served) -> None:
    response = _get(gateway, "/v2/element-instances/2251799813685999")
    assert response.status_code == 404
    assert response.json()["title"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"filter": {"flowNodeId": "task"}}, "flowNodeId"),
        ({"filter": {"$or": {"elementId": "task"}}}, "$or"),
        ({"filter": {"$or": [{"colour": "red"}]}}, "colour"),
        ({"page": {"limit": 0}}, "page.limit"),
    ],
)
def test_bad_searches_are_400_problems_naming_the_field(
    gateway: Served, body: dict[str, Any], named: str
) -> None:
    response = _post(gateway, "/v2/element-instances/search", body)
    assert response.status_code == 400
    assert named in response.json()["detail"]
