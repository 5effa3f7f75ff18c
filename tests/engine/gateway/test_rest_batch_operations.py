"""Batch operations over process instances (cancel, resolve incidents, migrate, modify) selected by
a process-instance filter, their items, and the lifecycle commands a finished batch refuses; every
response checked against the 8.8 specification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from engine.runtime import Engine
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


@pytest.fixture
def rest(gateway: Served) -> Iterator[httpx.Client]:
    with checked_client(gateway.rest_url, timeout=15) as client:
        yield client


def _batch(rest: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = rest.post(path, json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    batch: dict[str, Any] = rest.get(f"/v2/batch-operations/{created['batchOperationKey']}").json()
    assert batch["batchOperationType"] == created["batchOperationType"]
    return batch


def _items(rest: httpx.Client, batch_key: str) -> list[dict[str, Any]]:
    response = rest.post(
        "/v2/batch-operation-items/search",
        json={"filter": {"batchOperationKey": batch_key}, "sort": [{"field": "itemKey"}]},
    )
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _instances(engine: Engine, process_id: str, count: int, **variables: Any) -> list[int]:
    return [engine.create_instance(process_id, variables=dict(variables)).key for _ in range(count)]


def test_batch_cancellation_by_filter(gateway: Served, rest: httpx.Client) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    doomed = _instances(engine, "one_task", 2, district="海淀")
    kept = _instances(engine, "one_task", 1, district="朝阳")
    batch = _batch(
        rest,
        "/v2/process-instances/cancellation",
        {"filter": {"variables": [{"name": "district", "value": '"海淀"'}]}},
    )
    assert batch["batchOperationType"] == "CANCEL_PROCESS_INSTANCE"
    assert batch["state"] == "COMPLETED"
    assert (batch["operationsTotalCount"], batch["operationsCompletedCount"]) == (2, 2)
    assert [engine.instance(key).state for key in doomed] == ["TERMINATED", "TERMINATED"]
    assert engine.instance(kept[0]).state == "ACTIVE"
    items = _items(rest, batch["batchOperationKey"])
    assert [(item["processInstanceKey"], item["state"]) for item in items] == [
        (str(key), "COMPLETED") for key in doomed
    ]
    searched = rest.post(
        "/v2/process-instances/search", json={"filter": {"batchOperationId": batch["batchOperationKey"]}}
    )
    assert sorted(item["processInstanceKey"] for item in searched.json()["items"]) == [str(k) for k in doomed]


def test_batch_resolves_incidents(gateway: Served, rest: httpx.Client) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    keys = _instances(engine, "one_task", 2)
    for job in engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=2):
        engine.fail_job(job.key, retries=0, error_message="证照库不可用")
        engine.update_job_retries(job.key, 1)
    batch = _batch(rest, "/v2/process-instances/incident-resolution", {"filter": {"hasIncident": True}})
    assert batch["batchOperationType"] == "RESOLVE_INCIDENT"
    assert batch["operationsCompletedCount"] == 2
    assert engine.incidents() == []
    assert {item["processInstanceKey"] for item in _items(rest, batch["batchOperationKey"])} == {
        str(key) for key in keys
    }


def test_batch_migration_and_a_failing_item(gateway: Served, rest: httpx.Client) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    [moved] = _instances(engine, "one_task", 1)
    target = engine.deploy([("one.bpmn", diagrams.one_task(job_type="work-v2"))]).processes[0]
    body = {
        "filter": {"processDefinitionId": "one_task"},
        "migrationPlan": {
            "targetProcessDefinitionKey": str(target.process_definition_key),
            "mappingInstructions": [{"sourceElementId": "task", "targetElementId": "task"}],
        },
    }
    batch = _batch(rest, "/v2/process-instances/migration", body)
    assert batch["state"] == "COMPLETED"
    assert engine.instance(moved).process_definition_key == target.process_definition_key
    # an instance the plan cannot carry fails alone; the batch says so
    engine.deploy([("two.bpmn", diagrams.two_tasks("one_task"))])
    [stuck] = _instances(engine, "one_task", 1)
    again = _batch(
        rest, "/v2/process-instances/migration", {**body, "filter": {"processInstanceKey": str(stuck)}}
    )
    assert again["state"] == "FAILED" and again["operationsFailedCount"] == 1
    [item] = _items(rest, again["batchOperationKey"])
    assert item["state"] == "FAILED" and item["errorMessage"]


def test_batch_modification_moves_tokens(gateway: Served, rest: httpx.Client) -> None:
    engine = gateway.engine
    engine.deploy([("two.bpmn", diagrams.two_tasks())])
    keys = _instances(engine, "two_tasks", 2)
    batch = _batch(
        rest,
        "/v2/process-instances/modification",
        {
            "filter": {"processDefinitionId": "two_tasks"},
            "moveInstructions": [{"sourceElementId": "first", "targetElementId": "second"}],
        },
    )
    assert batch["batchOperationType"] == "MODIFY_PROCESS_INSTANCE" and batch["state"] == "COMPLETED"
    for key in keys:
        assert [e.element_id for e in engine.instance(key).active_elements] == ["second"]


def test_batch_searches_and_refused_lifecycle_commands(gateway: Served, rest: httpx.Client) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    _instances(engine, "one_task", 1)
    batch = _batch(rest, "/v2/process-instances/cancellation", {"filter": {}})
    found = rest.post(
        "/v2/batch-operations/search", json={"filter": {"operationType": "CANCEL_PROCESS_INSTANCE"}}
    )
    assert [item["batchOperationKey"] for item in found.json()["items"]] == [batch["batchOperationKey"]]
    for command in ("cancellation", "suspension", "resumption"):
        refused = rest.post(f"/v2/batch-operations/{batch['batchOperationKey']}/{command}", json={})
        assert refused.status_code == 409, command
    assert rest.get("/v2/batch-operations/1").status_code == 404
    no_filter = rest.post("/v2/process-instances/cancellation", json={})
    assert no_filter.status_code == 400 and "filter" in no_filter.json()["detail"]
