"""The engine behind the real gRPC server and REST app on 127.0.0.1, for clients to talk to.

The servers run on an event loop of their own, in a background thread, so that tests may be
synchronous (subprocess clients such as zbctl) or asynchronous (pyzeebe) alike.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc
import pytest
from pyzeebe.proto import gateway_pb2_grpc

from engine.clock import Clock, ControlledClock, SystemClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine

T = TypeVar("T")
START = "2026-09-30T09:00:00+08:00"


class LoopThread:
    """An asyncio loop running in a daemon thread; ``run`` executes a coroutine on it and waits."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="gateway-loop", daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


@dataclass
class Served:
    engine: Engine
    clock: Clock
    running: RunningGateway
    token: str | None

    @property
    def grpc_port(self) -> int:
        return self.running.grpc_port

    @property
    def grpc_address(self) -> str:
        return f"127.0.0.1:{self.running.grpc_port}"

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.running.rest_port}"

    @property
    def controlled_clock(self) -> ControlledClock:
        assert isinstance(self.clock, ControlledClock)
        return self.clock

    def stub(self) -> tuple[grpc.Channel, gateway_pb2_grpc.GatewayStub]:
        channel = grpc.insecure_channel(self.grpc_address)
        return channel, gateway_pb2_grpc.GatewayStub(channel)  # type: ignore[no-untyped-call]


ServeFactory = Callable[..., Served]


@pytest.fixture
def serve_gateway() -> Iterator[ServeFactory]:
    """Start an in-memory engine behind both servers; every one started is stopped at teardown."""
    loop = LoopThread()
    started: list[Served] = []

    def start(*, clock: Clock | None = None, token: str | None = None) -> Served:
        clock = clock if clock is not None else SystemClock()
        engine = Engine.in_memory(clock=clock)
        running = loop.run(start_gateway(engine, token=token))
        served = Served(engine, clock, running, token)
        started.append(served)
        return served

    yield start
    for served in started:
        loop.run(served.running.stop(grace_seconds=0.5))
    loop.close()


@pytest.fixture
def gateway(serve_gateway: ServeFactory) -> Served:
    """The gateway over an engine on the system clock (timeouts and back-offs in real time)."""
    return serve_gateway()


@pytest.fixture
def controlled_gateway(serve_gateway: ServeFactory) -> Served:
    """The gateway over an engine on a controlled clock (tests move time with ``clock.advance``)."""
    return serve_gateway(clock=ControlledClock(start=START))


@pytest.fixture
def stub(controlled_gateway: Served) -> Iterator[gateway_pb2_grpc.GatewayStub]:
    """A blocking gRPC stub on the controlled gateway, its channel closed after the test."""
    channel, stub = controlled_gateway.stub()
    yield stub
    channel.close()
