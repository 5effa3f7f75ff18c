"""ModifyProcessInstance and DeleteResource over gRPC, on what the runtime offers."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.runtime import Engine
from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

Instruction = pb.ModifyProcessInstanceRequest


@pytest.fixture
def engine(controlled_gateway: Served) -> Engine:
    engine = controlled_gateway.engine
    engine.deploy([("two.bpmn", diagrams.two_tasks())])
    return engine


def element_key(engine: Engine, instance_key: int, element_id: str) -> int:
    [element] = [e for e in engine.instance(instance_key).active_elements if e.element_id == element_id]
    return int(element.key)


def test_modification_moves_the_token(engine: Engine, stub: Any) -> None:
    instance = engine.create_instance("two_tasks")
    request = Instruction(
        processInstanceKey=instance.key,
        activateInstructions=[
            Instruction.ActivateInstruction(
                elementId="second",
                variableInstructions=[Instruction.VariableInstruction(variables='{"skipped":"first"}')],
            )
        ],
        terminateInstructions=[
            Instruction.TerminateInstruction(elementInstanceKey=element_key(engine, instance.key, "first"))
        ],
    )
    stub.ModifyProcessInstance(request, timeout=10)
    assert_that(engine, instance.key).is_waiting_at("second").is_not_waiting_at("first").has_variable(
        "skipped", "first"
    )


def test_modification_refusals(engine: Engine, stub: Any) -> None:
    instance = engine.create_instance("two_tasks")
    unknown_element = Instruction(
        processInstanceKey=instance.key,
        activateInstructions=[Instruction.ActivateInstruction(elementId="no_such_element")],
    )
    with pytest.raises(grpc.RpcError) as refused:
        stub.ModifyProcessInstance(unknown_element, timeout=10)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "no_such_element" in refused.value.details()

    other_scope = Instruction(
        processInstanceKey=instance.key,
        activateInstructions=[
            Instruction.ActivateInstruction(
                elementId="second",
                variableInstructions=[Instruction.VariableInstruction(variables="{}", scopeId="elsewhere")],
            )
        ],
    )
    with pytest.raises(grpc.RpcError) as refused:
        stub.ModifyProcessInstance(other_scope, timeout=10)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "elsewhere" in refused.value.details()

    bad_json = Instruction(
        processInstanceKey=instance.key,
        activateInstructions=[
            Instruction.ActivateInstruction(
                elementId="second", variableInstructions=[Instruction.VariableInstruction(variables="[1]")]
            )
        ],
    )
    with pytest.raises(grpc.RpcError) as refused:
        stub.ModifyProcessInstance(bad_json, timeout=10)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert_that(engine, instance.key).is_waiting_at("first")


def test_a_deleted_process_definition_starts_no_more_instances(
    controlled_gateway: Served, engine: Engine, stub: Any
) -> None:
    [definition] = engine.process_definitions()
    stub.DeleteResource(pb.DeleteResourceRequest(resourceKey=definition["key"]), timeout=10)
    with pytest.raises(grpc.RpcError) as refused:
        stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="two_tasks"), timeout=10)
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as again:
        stub.DeleteResource(pb.DeleteResourceRequest(resourceKey=definition["key"]), timeout=10)
    assert again.value.code() == grpc.StatusCode.NOT_FOUND
