"""POST /v2/element-instances/search and GET /v2/element-instances/{key}: every element instance of
a process instance, as Operate lists its flow node instances."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from camunda_orchestration_sdk import errors as sdk_errors
from camunda_orchestration_sdk.models.element_instance_search_query import ElementInstanceSearchQuery
from camunda_orchestration_sdk.semantic_types import ElementInstanceKey

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_sdk import orchestration_client


def _search(gateway: Served, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = httpx.post(f"{gateway.rest_url}/v2/element-instances/search", json=body)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _work_one_task(gateway: Served) -> tuple[int, int]:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    return instance.key, job.key


def test_sdk_searches_every_element_of_an_instance(gateway: Served) -> None:
    instance_key, job_key = _work_one_task(gateway)
    gateway.engine.complete_job(job_key)

    result = orchestration_client(gateway).search_element_instances(
        data=ElementInstanceSearchQuery.from_dict(
            {
                "filter": {"processInstanceKey": str(instance_key)},
                "sort": [{"field": "elementInstanceKey", "order": "ASC"}],
            }
        )
    )

    assert [(e.element_id, e.type_.value, e.state.value) for e in result.items] == [
        ("start", "START_EVENT", "COMPLETED"),
        ("task", "SERVICE_TASK", "COMPLETED"),
        ("end", "END_EVENT", "COMPLETED"),
    ]
    for element in result.items:
        assert element.process_definition_id == "one_task"
        assert str(element.process_instance_key) == str(instance_key)
        assert element.end_date is not None and element.end_date >= element.start_date
        assert element.has_incident is False and element.incident_key is None
        assert element.tenant_id == "<default>"


def test_sdk_gets_one_element_instance(gateway: Served) -> None:
    instance_key, _ = _work_one_task(gateway)
    [task] = _search(gateway, {"filter": {"processInstanceKey": str(instance_key), "elementId": "task"}})

    element = orchestration_client(gateway).get_element_instance(
        ElementInstanceKey(task["elementInstanceKey"])
    )

    assert element.element_id == "task"
    assert element.state.value == "ACTIVE"
    assert element.end_date is None
    assert str(element.process_definition_key) == task["processDefinitionKey"]
    assert element.element_name == "task"


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
    element = httpx.get(f"{gateway.rest_url}/v2/element-instances/{task['elementInstanceKey']}").json()
    assert element["hasIncident"] is False
    assert element["incidentKey"] is None
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
    response = httpx.get(f"{gateway.rest_url}/v2/element-instances/2251799813685999")
    assert response.status_code == 404
    assert response.json()["title"] == "NOT_FOUND"
    with pytest.raises(sdk_errors.NotFoundError):
        orchestration_client(gateway).get_element_instance(ElementInstanceKey("2251799813685999"))


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
    response = httpx.post(f"{gateway.rest_url}/v2/element-instances/search", json=body)
    assert response.status_code == 400
    assert named in response.json()["detail"]
