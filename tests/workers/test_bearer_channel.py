"""The workers against an embedded engine that asks for its service token (``ENGINE_AUTH_TOKEN``,
as `govit run` starts it with the directory on): jobs are activated and completed over a channel
that sends the token with every call, streaming activation included; a wrong token gets nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import grpc
import pytest
from pyzeebe import ZeebeClient, ZeebeTaskRouter
from pyzeebe.errors import UnknownGrpcStatusCodeError

from engine.clock import SystemClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from engine.testing.builder import process
from tests.engine.gateway.conftest import LoopThread
from workers.app import build_worker, gateway_channel, run_until_stopped
from workers.settings import WorkerSettings

TOKEN = "service-token-for-the-workers"


@pytest.fixture
def engine_with_token() -> Iterator[tuple[Engine, RunningGateway]]:
    loop = LoopThread()
    engine = Engine.in_memory(clock=SystemClock())
    engine.deploy(
        [
            (
                "t.bpmn",
                process("tokened")
                .start_event("s")
                .service_task("work", job_type="govit.test.work")
                .end_event("e")
                .to_xml(),
            )
        ]
    )
    running = loop.run(start_gateway(engine, token=TOKEN))
    yield engine, running
    loop.run(running.stop(grace_seconds=0.5))
    loop.close()


def _settings(running: RunningGateway, token: str) -> WorkerSettings:
    return WorkerSettings.from_env(
        {
            "ZEEBE_ADDRESS": f"127.0.0.1:{running.grpc_port}",
            "ENGINE_AUTH_TOKEN": token,
            "GOVIT_SHUTDOWN_GRACE_SECONDS": "1",
        }
    )


async def test_a_job_is_done_over_the_token_channel(engine_with_token: tuple[Engine, RunningGateway]) -> None:
    engine, running = engine_with_token
    settings = _settings(running, TOKEN)
    assert TOKEN not in repr(settings)
    instance = engine.create_instance("tokened")
    key = int(instance.key if hasattr(instance, "key") else instance)
    router = ZeebeTaskRouter()

    @router.task(task_type="govit.test.work")
    async def work() -> dict[str, bool]:
        return {"worked": True}

    worker = build_worker(gateway_channel(settings), [router], settings)
    stop = asyncio.Event()
    serving = asyncio.create_task(run_until_stopped(worker, stop, settings.shutdown_grace_seconds))
    for _ in range(200):
        if engine.instance(key).state == "COMPLETED":
            break
        await asyncio.sleep(0.05)
    stop.set()
    await serving
    assert engine.instance(key).state == "COMPLETED"  # the job at "work" was activated and completed


async def test_a_wrong_token_is_refused(engine_with_token: tuple[Engine, RunningGateway]) -> None:
    _, running = engine_with_token
    channel = gateway_channel(_settings(running, "not-the-token"))
    try:
        with pytest.raises(UnknownGrpcStatusCodeError) as refused:
            await ZeebeClient(channel).topology()
        assert refused.value.grpc_error.code() is grpc.StatusCode.UNAUTHENTICATED
    finally:
        await channel.close()
