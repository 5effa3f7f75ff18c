"""Process definitions (search, get, XML, start form, element statistics) and deployed resources
(get, content, deletion) over REST, every response checked against the 8.8 specification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

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
    [entry] = response.json()["deployments"]
    definition: dict[str, Any] = entry["processDefinition"]
    return definition


def _filing(version_tag: str, job_type: str) -> bytes:
    return (
        process("filing", name="项目备案", version_tag=version_tag)
        .start_event()
        .service_task("check", job_type=job_type)
        .end_event()
        .to_xml()
    )


def test_search_and_get_definitions(rest: httpx.Client) -> None:
    first = _deploy(rest, "filing.bpmn", _filing("v1", "check"))
    second = _deploy(rest, "filing.bpmn", _filing("v2", "verify"))
    _deploy(rest, "one.bpmn", diagrams.one_task())

    def found(conditions: dict[str, Any]) -> list[tuple[str, int]]:
        response = rest.post(
            "/v2/process-definitions/search",
            json={"filter": conditions, "sort": [{"field": "version", "order": "DESC"}]},
        )
        assert response.status_code == 200, response.text
        return [(item["processDefinitionId"], item["version"]) for item in response.json()["items"]]

    assert found({"processDefinitionId": "filing"}) == [("filing", 2), ("filing", 1)]
    assert found({"processDefinitionId": "filing", "isLatestVersion": True}) == [("filing", 2)]
    assert found({"versionTag": "v1"}) == [("filing", 1)]
    assert found({"name": {"$like": "项目*"}}) == [("filing", 2), ("filing", 1)]
    definition = rest.get(f"/v2/process-definitions/{first['processDefinitionKey']}").json()
    assert definition == {
        "name": "项目备案",
        "resourceName": "filing.bpmn",
        "version": 1,
        "versionTag": "v1",
        "processDefinitionId": "filing",
        "tenantId": "<default>",
        "processDefinitionKey": first["processDefinitionKey"],
        "hasStartForm": False,
    }
    xml = rest.get(f"/v2/process-definitions/{second['processDefinitionKey']}/xml")
    assert xml.headers["content-type"].startswith("text/xml")
    assert 'type="verify"' in xml.text
    assert rest.get(f"/v2/process-definitions/{second['processDefinitionKey']}/form").status_code == 204
    assert rest.get("/v2/process-definitions/2251799813685999").status_code == 404
    assert rest.get("/v2/process-definitions/2251799813685999/xml").status_code == 404


def test_definition_element_statistics(gateway: Served, rest: httpx.Client) -> None:
    definition = _deploy(rest, "one.bpmn", diagrams.one_task())
    engine = gateway.engine
    for _ in range(3):
        engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    engine.fail_job(job.key, retries=0, error_message="down")
    url = f"/v2/process-definitions/{definition['processDefinitionKey']}/statistics/element-instances"
    rows = {row["elementId"]: row for row in rest.post(url, json={}).json()["items"]}
    assert (rows["task"]["active"], rows["task"]["incidents"]) == (2, 1)
    assert rows["start"]["completed"] == 3
    only_incidents = rest.post(url, json={"filter": {"hasIncident": True}}).json()["items"]
    assert {row["elementId"]: row["incidents"] for row in only_incidents} == {"start": 0, "task": 1}


def test_resource_get_content_and_deletion(gateway: Served, rest: httpx.Client) -> None:
    definition = _deploy(rest, "filing.bpmn", _filing("v1", "check"))
    key = definition["processDefinitionKey"]
    resource = rest.get(f"/v2/resources/{key}").json()
    assert resource == {
        "resourceName": "filing.bpmn",
        "version": 1,
        "versionTag": "v1",
        "resourceId": "filing",
        "tenantId": "<default>",
        "resourceKey": key,
    }
    content = rest.get(f"/v2/resources/{key}/content")
    assert 'id="filing"' in content.text
    gateway.engine.create_instance("filing")
    busy = rest.post(f"/v2/resources/{key}/deletion", json={})
    assert busy.status_code == 409, "a definition with running instances stays"
    _deploy(rest, "one.bpmn", diagrams.one_task())
    other = rest.post("/v2/process-definitions/search", json={"filter": {"processDefinitionId": "one_task"}})
    one_key = other.json()["items"][0]["processDefinitionKey"]
    assert rest.post(f"/v2/resources/{one_key}/deletion").status_code == 204
    assert rest.get(f"/v2/resources/{one_key}").status_code == 404
    assert rest.post(f"/v2/resources/{one_key}/deletion").status_code == 404
