"""What the official clients' suites found the gRPC gateway doing differently from Zeebe 8.8: failing
a job nobody has activated, modification's ancestor key of -1 and the process instance as
ancestor, and the topology's broker port and fields."""

from __future__ import annotations

from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from engine.runtime import Engine
from engine.testing import assert_that
from engine.testing.builder import process
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client

Instruction = pb.ModifyProcessInstanceRequest


def test_fail_job_accepts_a_job_that_is_activatable(controlled_gateway: Served, stub: Any) -> None:
    # Zeebe's JobFailProcessor checks the job is ACTIVATABLE or ACTIVATED, not only ACTIVATED
    engine = controlled_gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    [job] = [row for row in engine.jobs("work") if row["processInstanceKey"] == instance.key]
    stub.FailJob(pb.FailJobRequest(jobKey=job["key"], retries=2, errorMessage="上游系统暂不可用"), timeout=10)
    [failed] = engine.jobs("work")
    assert failed["retries"] == 2
    assert failed["errorMessage"] == "上游系统暂不可用"
    assert failed["activatable"]


def _nested() -> bytes:
    return (
        process("nested")
        .start_event("start")
        .sub_process(
            "review",
            lambda inner: (
                inner.start_event("review_start").service_task("check", job_type="check").end_event()
            ),
        )
        .service_task("archive", job_type="archive")
        .end_event("end")
        .to_xml()
    )


def _active(engine: Engine, instance_key: int, element_id: str) -> list[int]:
    return [e.key for e in engine.instance(instance_key).active_elements if e.element_id == element_id]


def test_ancestor_minus_one_means_the_one_active_flow_scope(controlled_gateway: Served, stub: Any) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("nested.bpmn", _nested())])
    instance = engine.create_instance("nested")
    [review] = _active(engine, instance.key, "review")
    stub.ModifyProcessInstance(
        Instruction(
            processInstanceKey=instance.key,
            activateInstructions=[
                Instruction.ActivateInstruction(elementId="check", ancestorElementInstanceKey=-1)
            ],
        ),
        timeout=10,
    )
    assert _active(engine, instance.key, "review") == [review], "no second sub-process instance"
    assert len(_active(engine, instance.key, "check")) == 2


def test_the_process_instance_is_the_ancestor_of_a_root_level_element(
    controlled_gateway: Served, stub: Any
) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("nested.bpmn", _nested())])
    instance = engine.create_instance("nested")
    [check] = _active(engine, instance.key, "check")
    stub.ModifyProcessInstance(
        Instruction(
            processInstanceKey=instance.key,
            activateInstructions=[
                Instruction.ActivateInstruction(elementId="archive", ancestorElementInstanceKey=instance.key)
            ],
            terminateInstructions=[Instruction.TerminateInstruction(elementInstanceKey=check)],
        ),
        timeout=10,
    )
    assert_that(engine, instance.key).is_waiting_at("archive").is_not_waiting_at("check")


def test_the_process_instance_as_ancestor_starts_a_new_scope_chain(
    controlled_gateway: Served, stub: Any
) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("nested.bpmn", _nested())])
    instance = engine.create_instance("nested")
    stub.ModifyProcessInstance(
        Instruction(
            processInstanceKey=instance.key,
            activateInstructions=[
                Instruction.ActivateInstruction(elementId="check", ancestorElementInstanceKey=instance.key)
            ],
        ),
        timeout=10,
    )
    assert len(_active(engine, instance.key, "review")) == 2


def test_topology_reports_the_broker_port_and_only_the_fields_of_8_8(gateway: Served) -> None:
    channel, stub = gateway.stub()
    with channel:
        grpc_topology = stub.Topology(pb.TopologyRequest(), timeout=10)
    [grpc_broker] = grpc_topology.brokers
    assert grpc_broker.port == gateway.grpc_port
    with checked_client(gateway.rest_url, timeout=10) as rest:
        topology = rest.get("/v2/topology").json()
    [broker] = topology["brokers"]
    assert broker["port"] == gateway.grpc_port, "the broker's own port, not the REST port"
    assert broker["host"] == grpc_broker.host
    assert broker["partitions"] == [{"partitionId": 1, "role": "leader", "health": "healthy"}]
    assert topology["clusterSize"] == topology["partitionsCount"] == topology["replicationFactor"] == 1
