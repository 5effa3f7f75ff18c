"""The workers reconnect to the gateway forever, with back-off, and say so in the log (issue #18).

Before, pyzeebe's ``max_connection_retries=10``, shared by every job type and never reset, was used
up during one engine restart: the adapter closed its channel and ``python -m workers`` stopped
working without logging anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import grpc
import pytest
from pyzeebe import Job
from pyzeebe.errors import ZeebeGatewayUnavailableError
from pyzeebe.grpc_internals.zeebe_adapter import ZeebeAdapter
from pyzeebe.worker.task_state import TaskState
from structlog.testing import capture_logs

from tests.workers.test_polling import burst_task, job, pyzeebe_poller
from workers.app import build_worker
from workers.polling import CapacityPoller, RunningJobs
from workers.reconnect import Backoff
from workers.settings import WorkerSettings

QUICK = Backoff(shortest=0.001, longest=0.004)


class RestartingGatewayAdapter:
    """Unavailable for ``outages`` activations (an engine restart), then hands out one job."""

    connected = True
    retrying_connection = False

    def __init__(self, outages: int) -> None:
        self.outages = outages
        self.requests = 0

    async def activate_jobs(self, **_: Any) -> AsyncGenerator[Job, None]:
        self.requests += 1
        if self.requests <= self.outages:
            refused = grpc.aio.AioRpcError(
                grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(), grpc.aio.Metadata(), "connection refused"
            )
            raise ZeebeGatewayUnavailableError(refused)
        if self.requests == self.outages + 1:
            yield job(2251799813685300)
            return
        await asyncio.Event().wait()  # a long poll with nothing more to hand out


def test_backoff_doubles_up_to_its_longest_wait_and_starts_over_after_success() -> None:
    backoff = Backoff(shortest=0.5, longest=30)
    assert [backoff.next_wait() for _ in range(9)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
    assert backoff.succeeded() == 9
    assert backoff.next_wait() == 0.5


async def test_a_poller_outlasts_more_outages_than_pyzeebes_retries_and_logs_each() -> None:
    adapter = RestartingGatewayAdapter(outages=15)
    poller = CapacityPoller(pyzeebe_poller(adapter, burst_task(4, 4), TaskState()), RunningJobs(), 1)  # type: ignore[arg-type]
    poller.backoff = Backoff(shortest=QUICK.shortest, longest=QUICK.longest)
    with capture_logs() as logs:
        polling = asyncio.create_task(poller.poll())
        try:
            delivered = await asyncio.wait_for(poller.queue.get(), timeout=10)
        finally:
            polling.cancel()
    assert delivered.key == 2251799813685300
    retries = [entry for entry in logs if entry["event"] == "gateway unreachable; retrying"]
    assert [entry["attempt"] for entry in retries] == list(range(1, 16))
    assert all(entry["job_type"] == "govit.test.burst" for entry in retries)
    assert all(
        entry["error"] == "ZeebeGatewayUnavailableError: UNAVAILABLE connection refused" for entry in retries
    )
    assert retries[-1]["retry_in_s"] == QUICK.longest
    [recovered] = [entry for entry in logs if entry["event"] == "gateway reachable again"]
    assert recovered["failed_attempts"] == 15
    assert poller.backoff.failures == 0


async def test_the_workers_adapter_never_gives_up_on_an_unreachable_gateway(unused_tcp_port: int) -> None:
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{unused_tcp_port}")
    worker = build_worker(channel, [], WorkerSettings.model_validate({}))
    adapter = worker.zeebe_adapter
    assert isinstance(adapter, ZeebeAdapter)
    poller = CapacityPoller(pyzeebe_poller(adapter, burst_task(4, 4), TaskState()), RunningJobs(), 1)  # type: ignore[arg-type]
    poller.backoff = Backoff(shortest=QUICK.shortest, longest=QUICK.longest)
    with capture_logs() as logs:
        for _ in range(12):  # pyzeebe's default gave up after 10
            await poller.poll_once()
    assert adapter.connected
    assert poller.should_poll()
    assert len([entry for entry in logs if entry["event"] == "gateway unreachable; retrying"]) == 12
    await channel.close()


@pytest.fixture
def unused_tcp_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
