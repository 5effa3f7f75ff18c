"""The process application running in one test, driven through the engine's public APIs only.

A backend (harness/backends.py) provides an engine behind the Zeebe gateway (gRPC) and the
Orchestration Cluster REST API (/v2): a fresh embedded engine per test, or a real Camunda 8.8
shared by the session (harness/camunda.py). The test's own event loop, in a background thread,
runs the real workers (harness/workers.py) and the gRPC calls; the test drives everything
synchronously from its thread: it deploys and starts instances and publishes messages over gRPC,
finds and completes user tasks, pins the engine clock and reads paths, variables and incidents
over REST, as a Tasklist or Operate user would. Each step that hands work to the workers waits
until they have finished it (``settle``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy

from engine.bpmn.timers import add_duration, parse_duration
from engine.clock import to_ms
from engine.testing import START_TIME
from govit.rest import RestClient
from govit.settings import ClusterSettings
from harness.backends import Backend, EmbeddedBackend, Endpoints
from harness.commands import GatewayCommands
from harness.documents import DocumentFactory
from harness.instance import InstanceAssert
from harness.workers import ScenarioWorkers

PROJECT = Path(__file__).resolve().parents[3]
T = TypeVar("T")
WAIT_S = 15.0
_NEWEST_FIRST = [{"field": "processInstanceKey", "order": "DESC"}]


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


def _digest(resources: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, content in resources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class UserTask:
    """An open user task as Tasklist shows it."""

    key: int
    element_id: str
    process_instance_key: int
    name: str | None
    candidate_groups: list[str]
    candidate_users: list[str]
    assignee: str | None
    due_date: str | None
    follow_up_date: str | None

    @classmethod
    def from_rest(cls, item: Mapping[str, Any]) -> UserTask:
        return cls(
            key=int(item["userTaskKey"]),
            element_id=str(item["elementId"]),
            process_instance_key=int(item["processInstanceKey"]),
            name=item.get("name"),
            candidate_groups=list(item.get("candidateGroups") or []),
            candidate_users=list(item.get("candidateUsers") or []),
            assignee=item.get("assignee"),
            due_date=item.get("dueDate"),
            follow_up_date=item.get("followUpDate"),
        )


class ProcessApp:
    """See the module docstring; build it with :meth:`running`."""

    def __init__(self, workdir: Path, backend: Backend, start: dt.datetime) -> None:
        self.workdir = workdir
        self.backend = backend
        self.documents = DocumentFactory(workdir / "documents")
        self.database_url = f"sqlite:///{workdir / 'registry.db'}"
        self._now = start
        self._watermark = 0
        self._completed_tasks: set[int] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="scenario-io", daemon=True)
        self._thread.start()
        self._exit = ExitStack()
        self.rest: RestClient
        self._gateway: GatewayCommands
        self._workers: ScenarioWorkers

    @classmethod
    @contextmanager
    def running(
        cls,
        workdir: Path,
        *,
        backend: Backend | None = None,
        start: str = START_TIME,
        registry_template: Path | None = None,
        only: tuple[str, ...] | None = None,
    ) -> Iterator[ProcessApp]:
        """The application on ``backend`` (a fresh embedded engine when None), its clock pinned at
        ``start``; ``only`` deploys just the resources whose path starts with one of these
        prefixes, so that another region's diagram in the making cannot stop a region's scenarios."""
        instant = dt.datetime.fromisoformat(start)
        if instant.tzinfo is None:
            raise ValueError(f"start {start!r} needs a zone offset, e.g. {START_TIME}")
        app = cls(workdir, backend or EmbeddedBackend(), instant)
        try:
            app._open(registry_template, only)
            yield app
        finally:
            app._close()

    # ------------------------------------------------------------------ lifecycle
    def _open(self, registry_template: Path | None, only: tuple[str, ...] | None) -> None:
        if registry_template is not None:
            shutil.copyfile(registry_template, self.workdir / "registry.db")
        endpoints: Endpoints = self._exit.enter_context(self.backend.endpoints(self._now, self._loop))
        self.rest = self._exit.enter_context(
            RestClient(
                ClusterSettings(zeebe_address=endpoints.zeebe_address, rest_address=endpoints.rest_address)
            )
        )
        self._gateway = GatewayCommands(endpoints.zeebe_address, self._loop)
        self._exit.callback(self._gateway.close)
        self._pin(self._now)
        newest = self.rest.search("process-instances", {}, sort=_NEWEST_FIRST, first=1)
        self._watermark = int(newest[0]["processInstanceKey"]) if newest else 0
        if self.backend.shared:
            self._exit.callback(self._cancel_own_instances)
        resources = project_resources()
        if only is not None:
            resources = [(name, body) for name, body in resources if name.startswith(only)]
        digest = _digest(resources)
        if not self.backend.already_deployed(digest):
            self._gateway.deploy(resources)
            self.backend.deployed(digest)
        self._workers = ScenarioWorkers(
            endpoints.zeebe_address, self.database_url, self.documents.directory, endpoints.rest_address
        )
        self._run(self._workers.start())
        self._exit.callback(lambda: self._run(self._workers.stop()))

    def _close(self) -> None:
        try:
            self._exit.close()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)

    def _cancel_own_instances(self) -> None:
        """On a shared cluster, what this test left running must not fire into the next test."""
        for key in self.instance_tree():
            instance = self.rest.process_instance(str(key))
            if instance.get("state") == "ACTIVE" and not instance.get("parentProcessInstanceKey"):
                self._gateway.cancel_instance(key)

    def _run(self, coroutine: Any, timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    # ------------------------------------------------------------------ driving
    def start(self, process_id: str, variables: Mapping[str, Any]) -> int:
        """Create an instance of the latest version; returns its key once the workers are idle."""
        key = self._gateway.create_instance(process_id, variables)
        self.settle()
        return key

    def open_tasks(self, element_id: str | None = None) -> list[UserTask]:
        """The open user tasks of this test's instances (with this element id when given)."""
        filter_: dict[str, Any] = {"state": "CREATED"}
        if element_id is not None:
            filter_["elementId"] = element_id
        tree = set(self.instance_tree())
        return [
            task
            for task in map(UserTask.from_rest, self.rest.user_tasks(**filter_))
            if task.process_instance_key in tree and task.key not in self._completed_tasks
        ]

    def task(self, element_id: str, timeout: float = WAIT_S) -> UserTask:
        """The one open user task with this element id, waiting for it to appear."""
        found = self.tasks(element_id, 1, timeout)
        if len(found) > 1:
            raise AssertionError(f"{len(found)} open user tasks '{element_id}'; complete them one by one")
        return found[0]

    def tasks(self, element_id: str, count: int, timeout: float = WAIT_S) -> list[UserTask]:
        """At least ``count`` open user tasks with this element id (e.g. a multi-instance panel)."""

        def open_tasks() -> list[UserTask]:
            found = self.open_tasks(element_id)
            return found if len(found) >= count else []

        return self.wait_until(open_tasks, f"{count} open user tasks '{element_id}'", timeout)

    def complete(self, element_id: str, **variables: Any) -> None:
        """Complete the open user task ``element_id`` with the form's variables, then settle."""
        self.complete_task(self.task(element_id), variables)

    def complete_task(self, task: UserTask, variables: Mapping[str, Any]) -> None:
        """Complete this user task (one of several open ones) with these variables, then settle."""
        self.rest.complete_user_task(str(task.key), dict(variables))
        self._completed_tasks.add(task.key)
        self.settle()

    def publish(self, name: str, correlation_key: str, **variables: Any) -> None:
        """Publish a message that correlates now or never (time to live 0), then settle."""
        self._gateway.publish_message(name, correlation_key, variables)
        self.settle()

    def evaluate_decision(self, decision_id: str, **variables: Any) -> Any:
        """The deployed decision's output through the gateway's EvaluateDecision (JSON)."""
        return self._gateway.evaluate_decision(decision_id, variables)

    def now(self) -> dt.datetime:
        """The engine clock's time, as this test pinned it."""
        return self._now

    def advance(self, duration: str) -> None:
        """Move the clock by an ISO-8601 duration and fire every timer due, letting the workers finish."""
        self.advance_to(add_duration(self._now, parse_duration(duration)))

    def advance_to(self, instant: str | dt.datetime) -> None:
        """Move the clock to a date-time (e.g. a computed due date) and fire what falls due."""
        target = dt.datetime.fromisoformat(instant) if isinstance(instant, str) else instant
        if target < self._now:
            raise ValueError(f"the scenario's clock cannot go back from {self._now} to {target}")
        self.settle()
        self._pin(target)
        self._now = target
        self.settle()

    def _pin(self, instant: dt.datetime) -> None:
        self.rest.pin_clock(to_ms(instant))

    def settle(self, timeout: float = WAIT_S) -> None:
        """Wait until no service task of this test's instances waits for a worker (one whose job
        failed for good is an incident and counts as settled), for longer than reads lag."""
        quiet = max(self.backend.read_lag_s, 0.02)

        def idle() -> bool:
            return not self._busy_service_tasks()

        def idle_twice() -> bool:
            if not idle():
                return False
            time.sleep(quiet)
            return idle()

        self.wait_until(idle_twice, "the workers to finish every job", timeout + quiet * 2)

    def _busy_service_tasks(self) -> list[str]:
        active = self.rest.search(
            "element-instances", {"state": "ACTIVE", "type": "SERVICE_TASK", "hasIncident": False}
        )
        if not active:
            return []
        own = set(self.instance_tree())
        return [str(item["elementId"]) for item in active if int(item["processInstanceKey"]) in own]

    def wait_until(self, condition: Callable[[], T], what: str, timeout: float = WAIT_S) -> T:
        deadline = time.monotonic() + timeout + self.backend.read_lag_s * 4
        pause = 0.02 if self.backend.read_lag_s == 0 else 0.25
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise ScenarioTimeout(f"timed out waiting for {what}\n{self.describe()}")
            time.sleep(pause)

    # ------------------------------------------------------------------ looking
    def instance(self, process_instance_key: int) -> InstanceAssert:
        """Assertions about an instance (``app.instance(key).is_completed().has_passed("x")``)."""
        return InstanceAssert(self, process_instance_key)

    def instance_tree(self) -> list[int]:
        """Every instance created since this test began (the ones it started, those they called,
        and those a timer start event created), oldest first. Keys grow with each new instance, so
        on a shared cluster the key the newest instance had when the test began separates them."""
        keys: list[int] = []
        page = 100
        while True:
            found = self.rest.search("process-instances", {}, sort=_NEWEST_FIRST, first=page)
            keys = [int(item["processInstanceKey"]) for item in found]
            if len(found) < page or keys[-1] <= self._watermark:
                return sorted(key for key in keys if key > self._watermark)
            page *= 4

    def variables(self, process_instance_key: int) -> dict[str, Any]:
        """The instance's own variables (also after it ended)."""
        return self.rest.variables(str(process_instance_key))

    def outbox(self) -> list[dict[str, Any]]:
        """In-app notifications delivered so far: user, template, subject."""
        return self.registry("SELECT user_id, template, subject FROM notification_outbox ORDER BY id")

    def registry(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a query on the registry database (projects, applications, decisions, filings, …)."""
        engine = sqlalchemy.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return [dict(row._mapping) for row in connection.execute(sqlalchemy.text(sql), params)]
        finally:
            engine.dispose()

    def describe(self) -> str:
        """Where each of this test's instances stands: state, path, waits, open tasks and incidents."""
        lines = [f"backend: {self.backend.name}, clock: {self._now.isoformat()}"]
        for key in self.instance_tree():
            instance = self.rest.process_instance(str(key))
            view = self.instance(key)
            incidents = [
                f"{i['elementId']}: {i.get('errorType')} {i.get('errorMessage')}"
                for i in self.rest.incidents(processInstanceKey=str(key), state="ACTIVE")
            ]
            lines.append(
                f"instance {key} ({instance.get('processDefinitionId')}, {instance.get('state')}): "
                f"passed {view.completed_element_ids()}, waiting at {view.active_element_ids()}, "
                f"incidents {incidents}"
            )
        return "\n".join(lines)
