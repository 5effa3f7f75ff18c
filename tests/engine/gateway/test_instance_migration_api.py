"""Process instance migration through the gateway: gRPC MigrateProcessInstance, with rejections as
Zeebe's gateway maps them (NOT_FOUND, INVALID_ARGUMENT, INVALID_STATE -> FAILED_PRECONDITION), and
REST POST /v2/process-instances/{key}/migration (204; 400, 404, 409 as the 8.8 API reference lists)."""

from __future__ import annotations

from typing import Any

import grpc
import httpx
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.runtime import Engine
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

Request = pb.MigrateProcessInstanceRequest


@pytest.fixture
def engine(controlled_gateway: Served) -> Engine:
    return controlled_gateway.engine


def _request(instance_key: int, target_key: int, *pairs: tuple[str, str]) -> Any:
    return Request(
        processInstanceKey=instance_key,
        migrationPlan=Request.MigrationPlan(
            targetProcessDefinitionKey=target_key,
            mappingInstructions=[
                Request.MappingInstruction(sourceElementId=s, targetElementId=t) for s, t in pairs
            ],
        ),
    )


def _refusal(stub: Any, request: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as raised:
        stub.MigrateProcessInstance(request, timeout=10)
    error: grpc.RpcError = raised.value
    return error


def _versions(engine: Engine) -> tuple[int, int]:
    engine.deploy([("v1.bpmn", diagrams.one_task("order"))])
    instance = engine.create_instance("order").key
    target = engine.deploy([("v2.bpmn", diagrams.two_tasks("order"))]).processes[0].process_definition_key
    return instance, target


def test_an_instance_moves_to_the_new_version(engine: Engine, stub: Any) -> None:
    instance, target = _versions(engine)
    [job] = engine.jobs("work")

    stub.MigrateProcessInstance(_request(instance, target, ("task", "first")), timeout=10)

    status = engine.instance(instance)
    assert (status.process_definition_key, status.version) == (target, 2)
    assert [e.element_id for e in status.active_elements] == ["first"]
    [moved] = engine.jobs("work")
    assert (moved["key"], moved["elementId"]) == (job["key"], "first")


def test_an_unmapped_active_element_is_a_failed_precondition(engine: Engine, stub: Any) -> None:
    instance, target = _versions(engine)
    error = _refusal(stub, _request(instance, target))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert error.details() == (
        f"Expected to migrate process instance '{instance}' but no mapping instruction defined for active "
        "element with id 'task'. Elements cannot be migrated without a mapping."
    )


def test_a_missing_target_element_is_an_invalid_argument(engine: Engine, stub: Any) -> None:
    instance, target = _versions(engine)
    error = _refusal(stub, _request(instance, target, ("task", "nowhere")))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "non-existing target element id 'nowhere'" in error.details()


def test_an_unknown_target_definition_is_not_found(engine: Engine, stub: Any) -> None:
    instance, _ = _versions(engine)
    error = _refusal(stub, _request(instance, 12345, ("task", "first")))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert error.details() == (
        "Expected to migrate process instance to process definition but no process definition found with "
        "key '12345'"
    )


# -- REST: POST /v2/process-instances/{key}/migration (204; problem details: 400, 404, 409) ------


def _migrate_over_rest(gateway: Served, instance: int, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{gateway.rest_url}/v2/process-instances/{instance}/migration", json=body)


def test_rest_migration_shows_the_new_definition_and_element_as_operate_does(
    controlled_gateway: Served, engine: Engine
) -> None:
    instance, target = _versions(engine)

    response = _migrate_over_rest(
        controlled_gateway,
        instance,
        {
            "targetProcessDefinitionKey": str(target),
            "mappingInstructions": [{"sourceElementId": "task", "targetElementId": "first"}],
        },
    )

    assert response.status_code == 204, response.text
    base = controlled_gateway.rest_url
    process_instance = httpx.get(f"{base}/v2/process-instances/{instance}").json()
    assert (process_instance["processDefinitionKey"], process_instance["processDefinitionVersion"]) == (
        str(target),
        2,
    )
    found = httpx.post(
        f"{base}/v2/element-instances/search",
        json={"filter": {"processInstanceKey": str(instance), "state": "ACTIVE"}},
    ).json()["items"]
    assert [(e["elementId"], e["processDefinitionKey"]) for e in found] == [("first", str(target))]


def test_rest_migration_rejections_are_problem_details(controlled_gateway: Served, engine: Engine) -> None:
    instance, target = _versions(engine)
    only_start = [{"sourceElementId": "start", "targetElementId": "start"}]
    unmapped = _migrate_over_rest(
        controlled_gateway,
        instance,
        {"targetProcessDefinitionKey": str(target), "mappingInstructions": only_start},
    )
    assert unmapped.status_code == 409
    assert unmapped.json()["title"] == "INVALID_STATE"
    assert "no mapping instruction defined for active element with id 'task'" in unmapped.json()["detail"]

    missing = _migrate_over_rest(
        controlled_gateway, 1, {"targetProcessDefinitionKey": str(target), "mappingInstructions": only_start}
    )
    assert missing.status_code == 404

    malformed = _migrate_over_rest(
        controlled_gateway, instance, {"mappingInstructions": [{"sourceElementId": "a"}]}
    )
    assert malformed.status_code == 400
    # the REST gateway's ProcessInstanceRequestValidator names every violation
    assert malformed.json()["detail"] == (
        "No targetProcessDefinitionKey provided. "
        "At least one of [sourceElementId, targetElementId] is required."
    )
    empty = _migrate_over_rest(controlled_gateway, instance, {"targetProcessDefinitionKey": str(target)})
    assert (empty.status_code, empty.json()["detail"]) == (400, "No mappingInstructions provided.")
