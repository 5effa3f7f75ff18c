"""CreateProcessInstanceWithResult: the answer waits for the instance to end, for many callers at once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.waiting import wait_for_async


@pytest.fixture
async def stub(controlled_gateway: Served) -> AsyncIterator[Any]:
    controlled_gateway.engine.deploy([("one.bpmn", diagrams.one_task())])
    async with grpc.aio.insecure_channel(controlled_gateway.grpc_address) as channel:
        yield GatewayStub(channel)  # type: ignore[no-untyped-call]


def with_result(n: int, timeout_ms: int = 20_000, fetch: tuple[str, ...] = ()) -> Any:
    return pb.CreateProcessInstanceWithResultRequest(
        request=pb.CreateProcessInstanceRequest(bpmnProcessId="one_task", variables=json.dumps({"n": n})),
        requestTimeout=timeout_ms,
        fetchVariables=list(fetch),
    )


async def work_jobs(stub: Any, count: int) -> None:
    done = 0
    while done < count:
        request = pb.ActivateJobsRequest(
            type="work", worker="w", timeout=60_000, maxJobsToActivate=count, requestTimeout=10_000
        )
        async for response in stub.ActivateJobs(request):
            for job in response.jobs:
                n = json.loads(job.variables)["n"]
                await stub.CompleteJob(
                    pb.CompleteJobRequest(jobKey=job.key, variables=json.dumps({"square": n * n}))
                )
                done += 1


async def test_many_callers_wait_at_once(stub: Any) -> None:
    callers = [stub.CreateProcessInstanceWithResult(with_result(n), timeout=30) for n in range(40)]
    results, _ = await asyncio.gather(asyncio.gather(*callers), work_jobs(stub, 40))
    assert sorted(json.loads(r.variables)["square"] for r in results) == sorted(n * n for n in range(40))
    for response in results:
        assert json.loads(response.variables)["square"] == json.loads(response.variables)["n"] ** 2


async def test_fetch_variables_limits_the_result(stub: Any) -> None:
    call = stub.CreateProcessInstanceWithResult(with_result(3, fetch=("square",)), timeout=30)
    response, _ = await asyncio.gather(call, work_jobs(stub, 1))
    assert json.loads(response.variables) == {"square": 9}


async def test_an_instance_not_done_in_time_is_deadline_exceeded(stub: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.CreateProcessInstanceWithResult(with_result(1, timeout_ms=200), timeout=30)
    assert refused.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_a_canceled_instance_ends_the_wait(controlled_gateway: Served, stub: Any) -> None:
    call = asyncio.ensure_future(stub.CreateProcessInstanceWithResult(with_result(1), timeout=30))
    engine = controlled_gateway.engine
    [created] = await wait_for_async(lambda: engine.jobs("work"), "the instance to wait at its task")
    await stub.CancelProcessInstance(
        pb.CancelProcessInstanceRequest(processInstanceKey=created["processInstanceKey"])
    )
    with pytest.raises(grpc.aio.AioRpcError) as ended:
        await call
    assert ended.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "terminated" in ended.value.details()
