"""Process instances over REST as 8.8 serves them: deploy, create with and without the result,
cancel, modify, search with 8.8's filters, and the per-instance views (incidents, sequence flows,
element statistics, call hierarchy); every response checked against the 8.8 specification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from engine.runtime import Engine
from engine.testing.builder import process
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


@pytest.fixture
def rest(gateway: Served) -> Iterator[httpx.Client]:
    with checked_client(gateway.rest_url, timeout=15) as client:
        yield client


def _deploy(rest: httpx.Client, name: str, content: bytes) -> dict[str, Any]:
    response = rest.post("/v2/deployments", files=[("resources", (name, content, "application/xml"))])
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _create(rest: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = rest.post("/v2/process-instances", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def _search(rest: httpx.Client, conditions: dict[str, Any]) -> list[str]:
    response = rest.post("/v2/process-instances/search", json={"filter": conditions})
    assert response.status_code == 200, response.text
    return [item["processInstanceKey"] for item in response.json()["items"]]


def test_deploy_create_get_and_cancel(rest: httpx.Client) -> None:
    deployment = _deploy(
        rest,
        "one.bpmn",
        process("filing", version_tag="v2026")
        .start_event()
        .service_task("check", job_type="check")
        .end_event()
        .to_xml(),
    )
    [entry] = deployment["deployments"]
    definition = entry["processDefinition"]
    assert definition["processDefinitionId"] == "filing" and definition["processDefinitionVersion"] == 1
    created = _create(
        rest, {"processDefinitionId": "filing", "variables": {"区县": "海淀"}, "tags": ["region:bj"]}
    )
    assert created["processDefinitionKey"] == definition["processDefinitionKey"]
    assert created["variables"] == {} and created["tags"] == ["region:bj"]
    key = created["processInstanceKey"]
    instance = rest.get(f"/v2/process-instances/{key}").json()
    assert instance["state"] == "ACTIVE" and instance["processDefinitionVersionTag"] == "v2026"
    assert instance["tags"] == ["region:bj"]
    assert "endDate" not in instance and "parentProcessInstanceKey" not in instance
    assert rest.post(f"/v2/process-instances/{key}/cancellation").status_code == 204
    assert rest.get(f"/v2/process-instances/{key}").json()["state"] == "TERMINATED"
    again = rest.post(f"/v2/process-instances/{key}/cancellation")
    assert again.status_code == 404


def test_deployment_without_files_is_a_400_problem(rest: httpx.Client) -> None:
    response = rest.post("/v2/deployments", files=[("tenantId", (None, "<default>"))])
    assert response.status_code == 400
    assert "resource" in response.json()["detail"]
    not_multipart = rest.post("/v2/deployments", json={"resources": []})
    assert not_multipart.status_code == 400


def test_create_with_result_returns_the_variables(gateway: Served, rest: httpx.Client) -> None:
    _deploy(rest, "instant.bpmn", diagrams.instant())
    created = _create(
        rest,
        {
            "processDefinitionId": "instant",
            "variables": {"申请人": "王丽", "份数": 3},
            "awaitCompletion": True,
            "fetchVariables": ["份数"],
        },
    )
    assert created["variables"] == {"份数": 3}
    assert rest.get(f"/v2/process-instances/{created['processInstanceKey']}").json()["state"] == "COMPLETED"


def test_create_with_result_times_out_as_a_504(rest: httpx.Client) -> None:
    _deploy(rest, "one.bpmn", diagrams.one_task())
    response = rest.post(
        "/v2/process-instances",
        json={"processDefinitionId": "one_task", "awaitCompletion": True, "requestTimeout": 200},
    )
    assert response.status_code == 504
    assert response.json()["title"] == "DEADLINE_EXCEEDED"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, "processDefinitionId"),
        ({"processDefinitionId": "one_task", "tags": ["9lives"]}, "tag"),
        ({"processDefinitionId": "one_task", "processDefinitionVersion": "1"}, "processDefinitionVersion"),
        ({"processDefinitionId": "one_task", "variables": [1]}, "variables"),
    ],
)
def test_bad_creations_are_400_problems_naming_the_field(
    rest: httpx.Client, body: dict[str, Any], named: str
) -> None:
    _deploy(rest, "one.bpmn", diagrams.one_task())
    response = rest.post("/v2/process-instances", json=body)
    assert response.status_code == 400
    assert named in response.json()["detail"]


def test_search_filters_of_8_8(gateway: Served, rest: httpx.Client) -> None:
    engine = gateway.engine
    _deploy(rest, "one.bpmn", diagrams.one_task())
    first = _create(
        rest, {"processDefinitionId": "one_task", "variables": {"district": "海淀"}, "tags": ["a"]}
    )
    second = _create(rest, {"processDefinitionId": "one_task", "variables": {"district": "朝阳"}})
    done = _create(rest, {"processDefinitionId": "one_task"})
    jobs = {
        job.process_instance_key: job
        for job in engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=3)
    }
    engine.complete_job(jobs[int(done["processInstanceKey"])].key)
    engine.fail_job(jobs[int(first["processInstanceKey"])].key, retries=0, error_message="登记系统无响应")
    engine.fail_job(jobs[int(second["processInstanceKey"])].key, retries=2, error_message="稍后重试")
    a, b, c = first["processInstanceKey"], second["processInstanceKey"], done["processInstanceKey"]

    assert _search(rest, {"variables": [{"name": "district", "value": '"海淀"'}]}) == [a]
    assert _search(rest, {"variables": [{"name": "district", "value": {"$like": '"*"'}}]}) == [a, b]
    assert _search(rest, {"elementId": "end"}) == [c]
    assert _search(rest, {"elementId": "task", "elementInstanceState": "ACTIVE"}) == [a, b]
    assert _search(rest, {"hasElementInstanceIncident": True}) == [a]
    assert _search(rest, {"errorMessage": {"$like": "登记*"}}) == [a]
    assert _search(rest, {"incidentErrorHashCode": java_hash("登记系统无响应")}) == [a]
    assert _search(rest, {"hasRetriesLeft": True}) == [b]
    assert _search(rest, {"tags": ["a"]}) == [a]
    assert _search(rest, {"state": "ACTIVE", "$or": [{"elementId": "end"}, {"hasIncident": True}]}) == [a]
    assert _search(rest, {"processInstanceKey": {"$in": [b, c]}}) == [b, c]
    engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    assert _search(rest, {"hasRetriesLeft": True}) == [], "taken up again: no longer failed"


def java_hash(text: str) -> int:
    """Java's String.hashCode, computed the plain way (the code under test packs UTF-16 units)."""
    value = 0
    for character in text:  # the test's text lies in the Basic Multilingual Plane: one unit each
        value = (value * 31 + ord(character)) % 2**32
    return value - 2**32 if value >= 2**31 else value


def test_unknown_filter_field_is_a_400_problem(rest: httpx.Client) -> None:
    response = rest.post("/v2/process-instances/search", json={"filter": {"colour": "red"}})
    assert response.status_code == 400
    assert "colour" in response.json()["detail"]


def _called() -> bytes:
    parent = (
        process("parent", name="上级流程").start_event().call_activity("call", process_id="child").end_event()
    )
    parent.another_process("child", name="下级流程").start_event().service_task(
        "work", job_type="work"
    ).end_event()
    return parent.to_xml()


def test_call_hierarchy_sequence_flows_statistics_and_incidents(gateway: Served, rest: httpx.Client) -> None:
    engine: Engine = gateway.engine
    _deploy(rest, "called.bpmn", _called())
    parent = _create(rest, {"processDefinitionId": "parent"})["processInstanceKey"]
    [child] = _search(rest, {"parentProcessInstanceKey": parent})
    hierarchy = rest.get(f"/v2/process-instances/{child}/call-hierarchy").json()
    assert [(h["processInstanceKey"], h["processDefinitionName"]) for h in hierarchy] == [
        (parent, "上级流程"),
        (child, "下级流程"),
    ]
    flows = rest.get(f"/v2/process-instances/{child}/sequence-flows").json()["items"]
    assert [f["processInstanceKey"] for f in flows] == [child]
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    engine.fail_job(job.key, retries=0, error_message="证照库不可用")
    statistics = rest.get(f"/v2/process-instances/{child}/statistics/element-instances").json()["items"]
    by_element = {row["elementId"]: row for row in statistics}
    assert by_element["work"]["incidents"] == 1 and by_element["work"]["active"] == 0
    assert sum(row["completed"] for row in statistics) == 1, "the start event"
    incidents = rest.post(f"/v2/process-instances/{child}/incidents/search", json={}).json()["items"]
    assert [(i["elementId"], i["errorMessage"]) for i in incidents] == [("work", "证照库不可用")]
    assert rest.get("/v2/process-instances/2251799813685999/call-hierarchy").status_code == 404


def test_modification_over_rest(gateway: Served, rest: httpx.Client) -> None:
    _deploy(rest, "two.bpmn", diagrams.two_tasks())
    key = _create(rest, {"processDefinitionId": "two_tasks"})["processInstanceKey"]
    [first] = [e for e in gateway.engine.instance(int(key)).active_elements if e.element_id == "first"]
    response = rest.post(
        f"/v2/process-instances/{key}/modification",
        json={
            "activateInstructions": [
                {
                    "elementId": "second",
                    "ancestorElementInstanceKey": "-1",
                    "variableInstructions": [{"variables": {"跳过": "first"}, "scopeId": ""}],
                }
            ],
            "terminateInstructions": [{"elementInstanceKey": str(first.key)}],
        },
    )
    assert response.status_code == 204, response.text
    status = gateway.engine.instance(int(key))
    assert [e.element_id for e in status.active_elements] == ["second"]
    assert status.variables["跳过"] == "first"
    unknown = rest.post(
        f"/v2/process-instances/{key}/modification", json={"activateInstructions": [{"elementId": "nowhere"}]}
    )
    assert unknown.status_code == 400 and "nowhere" in unknown.json()["detail"]


def test_element_instance_variables_update(gateway: Served, rest: httpx.Client) -> None:
    _deploy(rest, "one.bpmn", diagrams.one_task())
    key = _create(rest, {"processDefinitionId": "one_task"})["processInstanceKey"]
    response = rest.put(
        f"/v2/element-instances/{key}/variables", json={"variables": {"审批意见": "同意"}, "local": False}
    )
    assert response.status_code == 204, response.text
    assert gateway.engine.variables(int(key))["审批意见"] == "同意"
    missing = rest.put(f"/v2/element-instances/{key}/variables", json={"local": True})
    assert missing.status_code == 400 and "variables" in missing.json()["detail"]
    unknown = rest.put(
        "/v2/element-instances/2251799813685999/variables", json={"variables": {}, "local": False}
    )
    assert unknown.status_code == 404
