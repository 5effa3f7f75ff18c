"""The tool against an embedded engine that asks for a bearer token (``ENGINE_AUTH_TOKEN``, as
`govit run` starts it): REST calls and gRPC commands carry the token; without it both are refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.clock import SystemClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from engine.testing.builder import process
from govit.gateway import Gateway, GatewayError
from govit.rest import ApiError, RestClient
from govit.settings import ClusterSettings
from tests.engine.gateway.conftest import LoopThread

TOKEN = "engine-token-for-the-tool"


@pytest.fixture
def guarded() -> Iterator[RunningGateway]:
    loop = LoopThread()
    running = loop.run(start_gateway(Engine.in_memory(clock=SystemClock()), token=TOKEN))
    yield running
    loop.run(running.stop(grace_seconds=0.5))
    loop.close()


def _settings(running: RunningGateway, environ: dict[str, str]) -> ClusterSettings:
    return ClusterSettings.from_env(
        {
            "ZEEBE_ADDRESS": f"127.0.0.1:{running.grpc_port}",
            "CAMUNDA_REST_ADDRESS": f"http://127.0.0.1:{running.rest_port}",
            **environ,
        }
    )


def test_the_token_from_the_environment_reaches_rest_and_grpc(
    guarded: RunningGateway, tmp_path: Path
) -> None:
    settings = _settings(guarded, {"ENGINE_AUTH_TOKEN": TOKEN})
    assert TOKEN not in repr(settings)  # never shown where settings are printed
    with RestClient(settings) as rest:
        assert rest.topology()["brokers"]
    diagram = tmp_path / "tiny.bpmn"
    diagram.write_bytes(process("tiny").start_event("s").end_event("e").to_xml())
    assert Gateway(settings).deploy([diagram]) > 0


def test_without_the_token_both_apis_refuse(guarded: RunningGateway, tmp_path: Path) -> None:
    settings = _settings(guarded, {})
    with RestClient(settings) as rest, pytest.raises(ApiError, match="401"):
        rest.topology()
    diagram = tmp_path / "tiny.bpmn"
    diagram.write_bytes(process("tiny").start_event("s").end_event("e").to_xml())
    with pytest.raises(GatewayError, match="UNAUTHENTICATED"):
        Gateway(_settings(guarded, {"ENGINE_AUTH_TOKEN": "not-the-token"})).deploy([diagram])
