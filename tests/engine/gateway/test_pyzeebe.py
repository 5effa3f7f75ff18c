"""pyzeebe 4.7 (ZeebeClient and ZeebeWorker) against the gateway, as a process application uses it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pyzeebe import (
    Job,
    JobController,
    ZeebeClient,
    ZeebeWorker,
    create_insecure_channel,
)
from pyzeebe.errors import BusinessError, ProcessInstanceNotFoundError, ProcessInvalidError

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.waiting import wait_for_async


@pytest.fixture
async def channel(controlled_gateway: Served) -> AsyncIterator[grpc.aio.Channel]:
    channel = create_insecure_channel(grpc_address=controlled_gateway.grpc_address)
    yield channel
    await channel.close()


@pytest.fixture
def client(channel: grpc.aio.Channel) -> ZeebeClient:
    return ZeebeClient(channel)


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


class RunningWorker:
    def __init__(self, worker: ZeebeWorker) -> None:
        self.worker = worker
        self.task: asyncio.Task[None] = asyncio.create_task(worker.work())

    async def stop(self) -> None:
        await self.worker.stop()
        await asyncio.wait_for(self.task, timeout=10)


def new_worker(channel: grpc.aio.Channel) -> ZeebeWorker:
    # A short long-poll keeps stop() quick; the default would hold a poll open for ten seconds.
    return ZeebeWorker(channel, name="pyzeebe-test", request_timeout=500)


async def test_deploy_and_run_process(
    client: ZeebeClient, controlled_gateway: Served, tmp_path: Path
) -> None:
    response = await client.deploy_resource(
        write(tmp_path, "one_task.bpmn", diagrams.one_task()),
        write(tmp_path, "routing.dmn", diagrams.ROUTING_DMN),
    )
    kinds = {type(item).__name__: item for item in response.deployments}
    process = kinds["ProcessMetadata"]
    assert (process.bpmn_process_id, process.version) == ("one_task", 1)
    assert kinds["DecisionMetadata"].dmn_decision_id == "route"
    assert kinds["DecisionRequirementsMetadata"].dmn_decision_requirements_id == "routing_drg"

    started = await client.run_process("one_task", variables={"projectId": "LG-2026-001"})
    assert started.bpmn_process_id == "one_task"
    assert started.version == 1
    engine = controlled_gateway.engine
    assert_that(engine, started.process_instance_key).is_waiting_at("task").has_variable(
        "projectId", "LG-2026-001"
    )


async def test_rejected_deployment_is_process_invalid(client: ZeebeClient, tmp_path: Path) -> None:
    with pytest.raises(ProcessInvalidError):
        await client.deploy_resource(write(tmp_path, "broken.bpmn", diagrams.INVALID_BPMN))


async def test_worker_completes_jobs_and_run_process_with_result(
    client: ZeebeClient, channel: grpc.aio.Channel, tmp_path: Path
) -> None:
    await client.deploy_resource(write(tmp_path, "two.bpmn", diagrams.two_tasks()))
    worker = new_worker(channel)

    @worker.task(task_type="first")
    async def first(amount: int) -> dict[str, Any]:
        return {"doubled": amount * 2}

    @worker.task(task_type="second", variables_to_fetch=["doubled"])
    async def second(doubled: int) -> dict[str, Any]:
        return {"result": f"reviewed {doubled}"}

    running = RunningWorker(worker)
    try:
        result = await client.run_process_with_result(
            "two_tasks", variables={"amount": 21}, timeout=10_000, variables_to_fetch=["result", "doubled"]
        )
    finally:
        await running.stop()
    assert result.variables == {"result": "reviewed 42", "doubled": 42}


async def test_evaluate_decision(client: ZeebeClient, tmp_path: Path) -> None:
    await client.deploy_resource(write(tmp_path, "routing.dmn", diagrams.ROUTING_DMN))
    result = await client.evaluate_decision(None, "route", variables={"amount": 6_000_000})
    assert result.decision_id == "route"
    assert result.decision_output == "feasibility study"
    assert result.failed_decision_id == ""
    [evaluated] = result.evaluated_decisions
    assert [rule.rule_id for rule in evaluated.matched_rules] == ["large"]


async def test_publish_message_correlates(
    client: ZeebeClient, controlled_gateway: Served, tmp_path: Path
) -> None:
    await client.deploy_resource(write(tmp_path, "pay.bpmn", diagrams.message_catch()))
    started = await client.run_process("awaits_payment", variables={"orderId": "order-7"})
    response = await client.publish_message(
        "payment-received", "order-7", variables={"paid": True}, message_id="payment-7"
    )
    assert response.key > 0
    await wait_for_async(
        lambda: controlled_gateway.engine.instance(started.process_instance_key).state == "COMPLETED",
        "the message to complete the instance",
    )
    assert_that(controlled_gateway.engine, started.process_instance_key).has_variable("paid", True)


async def test_broadcast_signal(client: ZeebeClient, controlled_gateway: Served, tmp_path: Path) -> None:
    await client.deploy_resource(write(tmp_path, "signal.bpmn", diagrams.signal_catch()))
    started = await client.run_process("awaits_signal")
    response = await client.broadcast_signal("go-ahead", variables={"approvedBy": "office"})
    assert response.key > 0
    assert controlled_gateway.engine.instance(started.process_instance_key).state == "COMPLETED"


async def test_failed_job_is_retried_after_its_backoff(
    client: ZeebeClient, channel: grpc.aio.Channel, controlled_gateway: Served, tmp_path: Path
) -> None:
    await client.deploy_resource(write(tmp_path, "one.bpmn", diagrams.one_task(job_type="flaky")))
    attempts: list[int] = []

    async def fail_with_backoff(exception: Exception, job: Job, controller: JobController) -> None:
        await controller.set_failure_status(str(exception), retry_back_off_ms=60_000)

    worker = new_worker(channel)

    @worker.task(task_type="flaky", exception_handler=fail_with_backoff)
    async def flaky() -> dict[str, Any]:
        attempts.append(len(engine.jobs("flaky")))
        if len(attempts) == 1:
            raise RuntimeError("the registry database is unreachable")
        return {"stored": True}

    engine = controlled_gateway.engine
    running = RunningWorker(worker)
    try:
        started = await client.run_process("one_task")
        await wait_for_async(
            lambda: [j for j in engine.jobs("flaky") if j["state"] == "FAILED"], "the job to fail"
        )
        [failed] = engine.jobs("flaky")
        assert failed["retries"] == 2
        assert failed["errorMessage"] == "the registry database is unreachable"
        await asyncio.sleep(0.3)  # worker polls meanwhile; the back-off must hold the job back
        assert attempts == [1]

        controlled_gateway.controlled_clock.advance("PT61S")
        await wait_for_async(
            lambda: engine.instance(started.process_instance_key).state == "COMPLETED",
            "the retried job to complete",
        )
    finally:
        await running.stop()
    assert attempts == [1, 1]
    assert_that(engine, started.process_instance_key).has_variable("stored", True)


async def test_business_error_is_caught_by_boundary_event(
    client: ZeebeClient, channel: grpc.aio.Channel, controlled_gateway: Served, tmp_path: Path
) -> None:
    await client.deploy_resource(write(tmp_path, "check.bpmn", diagrams.error_boundary()))
    worker = new_worker(channel)

    @worker.task(task_type="check")
    async def check(projectId: str) -> dict[str, Any]:
        raise BusinessError("DOCS_MISSING", f"feasibility study missing for {projectId}")

    running = RunningWorker(worker)
    try:
        started = await client.run_process("checks_documents", variables={"projectId": "HY-9"})
        engine = controlled_gateway.engine
        await wait_for_async(
            lambda: engine.instance(started.process_instance_key).state == "COMPLETED",
            "the error to end the instance",
        )
    finally:
        await running.stop()
    assert_that(engine, started.process_instance_key).has_passed("missing").has_passed(
        "rejected"
    ).has_not_passed("accepted")


async def test_topology_and_health(client: ZeebeClient) -> None:
    topology = await client.topology()
    assert topology.cluster_size == 1
    assert topology.partitions_count == 1
    [broker] = topology.brokers
    assert broker.partitions[0].role.name == "LEADER"
    health = await client.healthcheck()
    assert health.status == 1  # SERVING


async def test_cancel_process_instance(
    client: ZeebeClient, controlled_gateway: Served, tmp_path: Path
) -> None:
    await client.deploy_resource(write(tmp_path, "one.bpmn", diagrams.one_task()))
    started = await client.run_process("one_task")
    await client.cancel_process_instance(started.process_instance_key)
    assert_that(controlled_gateway.engine, started.process_instance_key).is_terminated()
    with pytest.raises(ProcessInstanceNotFoundError):
        await client.cancel_process_instance(started.process_instance_key)


async def test_streaming_worker_gets_jobs_pushed(
    client: ZeebeClient, channel: grpc.aio.Channel, controlled_gateway: Served, tmp_path: Path
) -> None:
    await client.deploy_resource(write(tmp_path, "one.bpmn", diagrams.one_task(job_type="pushed")))
    worker = ZeebeWorker(channel, name="streamer", request_timeout=500, stream_enabled=True)
    seen: list[int] = []

    @worker.task(task_type="pushed")
    async def pushed(n: int) -> dict[str, Any]:
        seen.append(n)
        return {"m": n * 10}

    running = RunningWorker(worker)
    try:
        await wait_for_async(
            lambda: controlled_gateway.running.host.waiting, "the worker's stream and poll to wait"
        )
        keys = [
            (await client.run_process("one_task", variables={"n": n})).process_instance_key for n in (1, 2, 3)
        ]
        engine = controlled_gateway.engine
        await wait_for_async(
            lambda: all(engine.instance(key).state == "COMPLETED" for key in keys), "the pushed jobs"
        )
    finally:
        await running.stop()
    assert sorted(seen) == [1, 2, 3]
    streamed = [
        r for r in controlled_gateway.engine.records if r.value_type == "JOB" and r.intent == "ACTIVATED"
    ]
    assert {r.value["worker"] for r in streamed} == {"streamer"}


async def test_worker_healthcheck(channel: grpc.aio.Channel) -> None:
    health = await new_worker(channel).healthcheck()
    assert health.status == 1  # SERVING
