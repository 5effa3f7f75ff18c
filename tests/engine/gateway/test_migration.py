"""MigrateProcessInstance over gRPC: the runtime's migration, with rejections as Zeebe's gateway maps
them (NOT_FOUND, INVALID_ARGUMENT, INVALID_STATE -> FAILED_PRECONDITION; camunda/camunda
the gateway's GrpcErrorMapper)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.runtime import Engine
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

Request = pb.MigrateProcessInstanceRequest


@pytest.fixture
def stub(controlled_gateway: Served) -> Iterator[Any]:
    channel, stub = controlled_gateway.stub()
    yield stub
    channel.close()


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
