"""The harness on one engine shared by consecutive tests, as the Camunda backend shares a cluster:
each test sees only the instances it created, deploys once, and cancels what it leaves running.
Run on the embedded engine, so the shared-cluster logic is exercised without Docker."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from harness import Endpoints, ProcessApp
from test_shared_processes import review_variables

from engine.clock import ControlledClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from engine.testing import START_TIME


class SharedEmbeddedBackend:
    """One embedded engine for every test that uses it, serving from its own event loop."""

    name = "shared embedded"
    read_lag_s = 0.0
    shared = True

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.engine = Engine.in_memory(clock=ControlledClock(start=START_TIME))
        self._gateway: RunningGateway = asyncio.run_coroutine_threadsafe(
            start_gateway(self.engine), self._loop
        ).result(30)
        self.deployments: list[str] = []

    def already_deployed(self, digest: str) -> bool:
        return digest in self.deployments

    def deployed(self, digest: str) -> None:
        self.deployments.append(digest)

    @contextmanager
    def endpoints(self, start: dt.datetime, loop: asyncio.AbstractEventLoop) -> Iterator[Endpoints]:
        yield Endpoints(f"127.0.0.1:{self._gateway.grpc_port}", f"http://127.0.0.1:{self._gateway.rest_port}")

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._gateway.stop(grace_seconds=0), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


@pytest.fixture
def shared() -> Iterator[SharedEmbeddedBackend]:
    backend = SharedEmbeddedBackend()
    yield backend
    backend.close()


def test_consecutive_tests_on_a_shared_engine_see_only_their_own_instances(
    shared: SharedEmbeddedBackend, tmp_path: Path, registry_template: Path
) -> None:
    only = ("bpmn/shared/", "decisions/", "forms/shared/")
    with ProcessApp.running(
        tmp_path / "first", backend=shared, registry_template=registry_template, only=only
    ) as first:
        left_running = first.start("shared-sla-review", review_variables())
        first.task("review")
        first.advance("P1D")
    assert len(shared.deployments) == 1
    # What the first test left running was canceled, so its timers cannot fire into the next one.
    assert shared.engine.user_tasks() == []

    with ProcessApp.running(
        tmp_path / "second", backend=shared, registry_template=registry_template, only=only
    ) as second:
        assert second.now().isoformat() == START_TIME, "each test pins the clock at its own start"
        assert second.instance_tree() == []
        assert second.open_tasks() == []
        mine = second.start("shared-sla-review", review_variables())
        assert second.instance_tree() == [mine] and mine > left_running
        assert [task.process_instance_key for task in second.open_tasks("review")] == [mine]
        second.instance(left_running).is_terminated()
    assert len(shared.deployments) == 1, "the same resources are deployed once per engine"
