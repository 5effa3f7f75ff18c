"""Where the scenarios run: the embedded engine, or a real Camunda 8.8 (see harness/camunda.py).

A backend hands the harness an engine behind its two public APIs, the Zeebe gateway (gRPC) and the
Orchestration Cluster REST API (/v2), with its clock pinned by ``PUT /v2/clock``. Nothing else of
the engine is visible to a scenario, so a scenario that passes on one backend means the same on
the other.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

from engine.clock import ControlledClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine


@dataclass(frozen=True)
class Endpoints:
    zeebe_address: str  # host:port of the gRPC gateway
    rest_address: str  # http://host:port of the REST API, without /v2


class Backend(Protocol):
    name: str
    # How long a read through the REST API may lag behind the engine (the exporter's delay): the
    # harness waits this long for a state to stay true before it calls the engine idle.
    read_lag_s: float
    # True where other tests' instances live in the same engine (a shared cluster): the harness
    # then follows only its own instances and cancels those still running when the test ends.
    shared: bool

    def endpoints(
        self, start: dt.datetime, loop: asyncio.AbstractEventLoop
    ) -> AbstractContextManager[Endpoints]:
        """An engine for one test, its clock at ``start`` (a fresh engine, or the shared cluster);
        ``loop`` is the test's event loop, where an embedded gateway serves."""
        ...

    def already_deployed(self, digest: str) -> bool:
        """Whether the resources with this digest are deployed already (a cluster keeps them)."""
        ...

    def deployed(self, digest: str) -> None:
        """The resources with this digest are now deployed."""
        ...


class EmbeddedBackend:
    """A fresh in-memory engine per test, on a controlled clock, behind the real gateway servers."""

    name = "embedded"
    read_lag_s = 0.0
    shared = False

    def already_deployed(self, digest: str) -> bool:
        return False

    def deployed(self, digest: str) -> None:
        """Each test's engine is new: nothing carries over."""

    @contextmanager
    def endpoints(self, start: dt.datetime, loop: asyncio.AbstractEventLoop) -> Iterator[Endpoints]:
        engine = Engine.in_memory(clock=ControlledClock(start=start))

        async def serve() -> RunningGateway:
            return await start_gateway(engine, bind_host="127.0.0.1")

        gateway = asyncio.run_coroutine_threadsafe(serve(), loop).result(30)
        try:
            yield Endpoints(f"127.0.0.1:{gateway.grpc_port}", f"http://127.0.0.1:{gateway.rest_port}")
        finally:
            asyncio.run_coroutine_threadsafe(gateway.stop(grace_seconds=0), loop).result(30)
