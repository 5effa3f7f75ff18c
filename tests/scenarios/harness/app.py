"""The process application running in one test: engine, gateway, workers and deployed resources.

The engine runs in memory on a ControlledClock. The real gateway (EngineHost + gRPC server on
127.0.0.1, port 0) and the real workers (every domain router on one pyzeebe worker) share an
asyncio loop in a background thread; the test drives everything synchronously from its own thread:
start instances, complete user tasks, publish messages and advance the clock. Each step that hands
work to the workers waits until the workers have taken and finished every job (``settle``).
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import grpc
import sqlalchemy
from pyzeebe import ZeebeWorker, create_insecure_channel

from engine.clock import ControlledClock
from engine.gateway.engine_host import EngineHost
from engine.gateway.server import start_grpc_server
from engine.runtime import Engine
from engine.testing import START_TIME, describe_instance, variables_of_scope
from harness.documents import DocumentFactory
from workers.app import build_worker
from workers.deadlines.router import create_router as deadlines_router
from workers.deadlines.settings import DeadlineSettings
from workers.documents.router import create_router as documents_router
from workers.documents.settings import DocumentSettings
from workers.notifications.database import open_notifications
from workers.notifications.directory import load_directory
from workers.notifications.notifier import Notifier
from workers.notifications.router import notifications_router
from workers.registry.database import open_registry
from workers.registry.router import registry_router
from workers.settings import WorkerSettings

PROJECT = Path(__file__).resolve().parents[3]
T = TypeVar("T")

DIRECTORY = Path(__file__).with_name("directory.yaml")


class ScenarioTimeout(AssertionError):
    """The process did not reach the expected state in time; the message shows where it stands."""


def project_resources() -> list[tuple[str, bytes]]:
    """Every process, decision and form of the project, named by their path."""
    files = [
        *sorted((PROJECT / "bpmn").glob("**/*.bpmn")),
        *sorted((PROJECT / "decisions").glob("*.dmn")),
        *sorted((PROJECT / "forms").glob("**/*.form")),
    ]
    return [(str(path.relative_to(PROJECT)), path.read_bytes()) for path in files]


def region(code: str) -> tuple[str, ...]:
    """The ``only`` prefixes for one jurisdiction's scenarios: its processes, the shared call
    activities, every decision and form; another region's diagram in the making cannot stop them."""
    return (f"bpmn/{code}/", "bpmn/shared/", "decisions/", "forms/")


class ProcessApp:
    """See the module docstring; build it with :meth:`running`."""

    def __init__(
        self, workdir: Path, *, start: str, registry_template: Path | None, only: tuple[str, ...] | None
    ) -> None:
        self.workdir = workdir
        self.clock = ControlledClock(start=start)
        self.engine = Engine.in_memory(clock=self.clock)
        resources = project_resources()
        if only is not None:
            resources = [(name, body) for name, body in resources if name.startswith(only)]
        self.deployment = self.engine.deploy(resources)
        self.documents = DocumentFactory(workdir / "documents")
        database = workdir / "registry.db"
        if registry_template is not None:
            shutil.copyfile(registry_template, database)
        self.database_url = f"sqlite:///{database}"
        self._host = EngineHost(self.engine)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="scenario-io", daemon=True)
        self._thread.start()
        self._server: grpc.aio.Server | None = None
        self._worker: ZeebeWorker | None = None
        self._work: Future[None] | None = None

    @classmethod
    @contextmanager
    def running(
        cls,
        workdir: Path,
        *,
        start: str = START_TIME,
        registry_template: Path | None = None,
        only: tuple[str, ...] | None = None,
    ) -> Iterator[ProcessApp]:
        """The application on a clock at ``start``; ``only`` deploys just the resources whose path
        starts with one of these prefixes (e.g. ``("bpmn/shared/", "bpmn/lg/", "decisions/", …)``),
        so that another region's diagram in the making cannot stop a region's scenarios."""
        app = cls(workdir, start=start, registry_template=registry_template, only=only)
        try:
            app._run(app._start())
            yield app
        finally:
            app.close()

    # ------------------------------------------------------------------ lifecycle
    async def _start(self) -> None:
        self._server, port = await start_grpc_server(self._host, bind_host="127.0.0.1", port=0)
        registry = open_registry(self.database_url)
        notifier = Notifier(
            open_notifications(self.database_url),
            load_directory(DIRECTORY),
            None,
            None,
        )
        routers = [
            registry_router(registry),
            notifications_router(notifier),
            deadlines_router(DeadlineSettings()),
            documents_router(DocumentSettings(document_dir=self.documents.directory)),
        ]
        channel = create_insecure_channel(grpc_address=f"127.0.0.1:{port}")
        settings = WorkerSettings(zeebe_address=f"127.0.0.1:{port}", retry_backoff_ms=0)
        self._worker = build_worker(channel, routers, settings)
        self._work = asyncio.run_coroutine_threadsafe(self._worker.work(), self._loop)

    def close(self) -> None:
        async def stop() -> None:
            if self._worker is not None:
                await self._worker.stop()
            if self._server is not None:
                await self._server.stop(grace=None)

        try:
            self._run(stop(), timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._host.stop()

    def _run(self, coroutine: Any, timeout: float = 20) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    # ------------------------------------------------------------------ driving
    def start(self, process_id: str, variables: Mapping[str, Any]) -> int:
        """Create an instance of the latest version; returns its key once the workers are idle."""
        handle = self.engine.create_instance(process_id, variables=dict(variables))
        self.settle()
        return int(handle.key)

    def task(self, element_id: str, timeout: float = 10) -> Any:
        """The one open user task with this element id (in any instance), waiting for it to appear."""
        found = self.wait_until(
            lambda: [t for t in self.engine.user_tasks() if t.element_id == element_id],
            f"an open user task '{element_id}'",
            timeout,
        )
        if len(found) > 1:
            raise AssertionError(f"{len(found)} open user tasks '{element_id}'; complete them one by one")
        return found[0]

    def tasks(self, element_id: str, count: int, timeout: float = 10) -> list[Any]:
        """The ``count`` open user tasks with this element id (e.g. a multi-instance panel)."""

        def open_tasks() -> list[Any]:
            found = [t for t in self.engine.user_tasks() if t.element_id == element_id]
            return found if len(found) >= count else []

        return self.wait_until(open_tasks, f"{count} open user tasks '{element_id}'", timeout)

    def complete(self, element_id: str, **variables: Any) -> None:
        """Complete the open user task ``element_id`` with the form's variables, then settle."""
        self.engine.complete_user_task(self.task(element_id).key, variables)
        self.settle()

    def publish(self, name: str, correlation_key: str, **variables: Any) -> None:
        self.engine.publish_message(name, correlation_key, variables, time_to_live_ms=0)
        self.settle()

    def advance(self, duration: str) -> None:
        """Move the clock (ISO-8601 duration) and fire every timer due, letting the workers finish."""
        self.settle()
        self.clock.advance(duration)
        self.settle()

    def advance_to(self, instant: str) -> None:
        """Move the clock to an ISO-8601 date-time (e.g. a computed due date) and fire what is due."""
        self.settle()
        self.clock.advance_to(instant)
        self.settle()

    def settle(self, timeout: float = 15) -> None:
        """Wait until no job is waiting for or held by a worker (failed jobs without retries are
        incidents and count as settled), seen twice in a row."""

        def idle() -> bool:
            jobs = self.engine.jobs()
            return not [j for j in jobs if j.get("retries", 1) > 0 and j.get("state") != "FAILED"]

        def idle_twice() -> bool:
            return idle() and (time.sleep(0.02) or idle())

        self.wait_until(idle_twice, "the workers to finish every job", timeout)

    def wait_until(self, condition: Callable[[], T], what: str, timeout: float = 10) -> T:
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise ScenarioTimeout(f"timed out waiting for {what}\n{self.describe()}")
            time.sleep(0.01)

    # ------------------------------------------------------------------ looking
    def variables(self, process_instance_key: int) -> dict[str, Any]:
        """The instance's variables, latest values from the record log (also after it ended)."""
        return dict(variables_of_scope(self.engine, process_instance_key))

    def outbox(self) -> list[dict[str, Any]]:
        """In-app notifications delivered so far: user, template, subject."""
        engine = sqlalchemy.create_engine(self.database_url)
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text("SELECT user_id, template, subject FROM notification_outbox ORDER BY id")
            )
            result = [dict(row._mapping) for row in rows]
        engine.dispose()
        return result

    def registry(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a query on the registry database (projects, applications, decisions, filings, …)."""
        engine = sqlalchemy.create_engine(self.database_url)
        with engine.connect() as connection:
            result = [dict(row._mapping) for row in connection.execute(sqlalchemy.text(sql), params)]
        engine.dispose()
        return result

    def describe(self) -> str:
        """Open user tasks, open jobs and incidents, and the path of every instance (for failures)."""
        lines = [f"open user tasks: {[t.element_id for t in self.engine.user_tasks()]}"]
        jobs = [(j.get("type"), j.get("state"), j.get("retries")) for j in self.engine.jobs()]
        lines.append(f"open jobs: {jobs}")
        for incident in self.engine.incidents():
            lines.append(f"incident {incident.error_type} at {incident.element_id}: {incident.error_message}")
        roots = sorted(
            {
                r.value.get("processInstanceKey")
                for r in self.engine.records
                if r.value_type == "PROCESS_INSTANCE" and r.value.get("bpmnElementType") == "PROCESS"
            }
        )
        for key in roots:
            if isinstance(key, int):
                lines.append(describe_instance(self.engine, key))
        return "\n".join(lines)
