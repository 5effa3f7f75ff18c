"""The real workers against a real cluster, and a driver with the scenario harness's vocabulary.

``RunningWorkers`` serves every job type of ``workers.app`` (registry and notifications on a temp
SQLite, documents from a temp folder, working-day deadlines) against the cluster's gateway, from a
background thread, as the scenario harness does against the embedded engine.

``ClusterApp`` drives instances through the public APIs only: gRPC to deploy and start,
the REST API ``/v2`` to find and complete user tasks and to read paths and variables. It offers the
part of ``harness.ProcessApp`` that the steps of ``lg_scenarios`` use (``documents``, ``task``,
``tasks``, ``complete`` and ``engine.complete_user_task``), so the LG scenarios' steps and data run
unchanged on the real cluster. Secondary storage lags the engine by the exporter's delay, so every
read polls until it holds, and a completed task is never offered again.

``evaluate_decision`` evaluates a deployed decision through the gateway's EvaluateDecision (gRPC).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from harness.app import DIRECTORY
from harness.documents import DocumentFactory
from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

from govit.gateway import Gateway, resource_files
from govit.rest import RestClient
from govit.settings import ClusterSettings
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

T = TypeVar("T")
WAIT_S = 90.0


class ClusterTimeout(AssertionError):
    """The cluster did not reach the expected state in time; the message shows where it stands."""


class RunningWorkers:
    def __init__(self, zeebe_address: str, workdir: Path) -> None:
        self.zeebe_address = zeebe_address
        self.database_url = f"sqlite:///{workdir / 'registry.db'}"
        self.document_dir = workdir / "documents"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="realcluster-workers", daemon=True
        )
        self._worker: ZeebeWorker | None = None
        self._work: Future[None] | None = None

    @classmethod
    @contextmanager
    def serving(cls, zeebe_address: str, workdir: Path) -> Iterator[RunningWorkers]:
        workers = cls(zeebe_address, workdir)
        workers._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(workers._start(), workers._loop).result(30)
            yield workers
        finally:
            workers._stop()

    async def _start(self) -> None:
        notifier = Notifier(open_notifications(self.database_url), load_directory(DIRECTORY), None, None)
        routers = [
            registry_router(open_registry(self.database_url)),
            notifications_router(notifier),
            deadlines_router(DeadlineSettings()),
            documents_router(DocumentSettings(document_dir=self.document_dir)),
        ]
        channel = create_insecure_channel(grpc_address=self.zeebe_address)
        settings = WorkerSettings(zeebe_address=self.zeebe_address, retry_backoff_ms=0)
        self._worker = build_worker(channel, routers, settings)
        self._work = asyncio.run_coroutine_threadsafe(self._worker.work(), self._loop)

    def _stop(self) -> None:
        try:
            if self._worker is not None:
                asyncio.run_coroutine_threadsafe(self._worker.stop(), self._loop).result(30)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)


@dataclass(frozen=True)
class OpenTask:
    key: str
    element_id: str
    process_instance_key: str


class ClusterApp:
    """See the module docstring. One per test: it follows the instances this test starts."""

    def __init__(self, settings: ClusterSettings, rest: RestClient, document_dir: Path) -> None:
        self.settings = settings
        self.rest = rest
        self.gateway = Gateway(settings)
        self.documents = DocumentFactory(document_dir)
        self._roots: list[str] = []
        self._completed: set[str] = set()

    @property
    def engine(self) -> ClusterApp:
        # lg_scenarios completes a multi-instance panel's tasks one by one through
        # ``app.engine.complete_user_task``; on a cluster that is this driver's own REST call.
        return self

    # ------------------------------------------------------------------ driving
    def start(self, process_id: str, variables: dict[str, Any]) -> str:
        key = str(self.gateway.start(process_id, variables))
        self._roots.append(key)
        return key

    def tasks(self, element_id: str, count: int, timeout: float = WAIT_S) -> list[OpenTask]:
        """The ``count`` (or more) open user tasks with this element id in this test's instances."""

        def open_tasks() -> list[OpenTask]:
            tree = set(self.instance_tree())
            found = [
                OpenTask(str(t["userTaskKey"]), str(t["elementId"]), str(t["processInstanceKey"]))
                for t in self.rest.user_tasks(elementId=element_id, state="CREATED")
                if str(t["processInstanceKey"]) in tree and str(t["userTaskKey"]) not in self._completed
            ]
            return found if len(found) >= count else []

        return self.wait_until(open_tasks, f"{count} open user tasks '{element_id}'", timeout)

    def task(self, element_id: str, timeout: float = WAIT_S) -> OpenTask:
        found = self.tasks(element_id, 1, timeout)
        if len(found) > 1:
            raise AssertionError(f"{len(found)} open user tasks '{element_id}'; complete them one by one")
        return found[0]

    def complete(self, element_id: str, **variables: Any) -> None:
        self.complete_user_task(self.task(element_id).key, variables)

    def complete_user_task(self, key: str, variables: dict[str, Any]) -> None:
        self.rest.complete_user_task(key, variables)
        self._completed.add(key)

    # ------------------------------------------------------------------ looking
    def instance_tree(self) -> list[str]:
        """This test's instances and every instance they called, transitively."""
        keys = list(self._roots)
        frontier = list(self._roots)
        while frontier:
            parent = frontier.pop()
            for child in self.rest.process_instances(parentProcessInstanceKey=parent):
                key = str(child["processInstanceKey"])
                if key not in keys:
                    keys.append(key)
                    frontier.append(key)
        return keys

    def passed(self, instance: str) -> list[str]:
        """Completed element ids of ``instance`` (not of called instances), in the order they started."""
        found = self.rest.search(
            "element-instances",
            {"processInstanceKey": instance, "state": "COMPLETED"},
            sort=[{"field": "startDate", "order": "ASC"}],
        )
        return [str(item["elementId"]) for item in found]

    def wait_for_state(self, instance: str, state: str, timeout: float = WAIT_S) -> dict[str, Any]:
        return self.wait_until(
            lambda: (found := self.rest.process_instance(instance))["state"] == state and found,
            f"instance {instance} to be {state}",
            timeout,
        )

    def wait_until(self, condition: Callable[[], T], what: str, timeout: float = WAIT_S) -> T:
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise ClusterTimeout(f"timed out waiting for {what}\n{self.describe()}")
            time.sleep(0.5)

    def describe(self) -> str:
        """Open tasks, incidents and the path of each of this test's instances (for failures)."""
        tree = self.instance_tree()
        lines = []
        for key in tree:
            open_tasks = [
                t["elementId"] for t in self.rest.user_tasks(processInstanceKey=key, state="CREATED")
            ]
            incidents = [
                f"{i['elementId']}: {i.get('errorType')} {i.get('errorMessage')}"
                for i in self.rest.incidents(processInstanceKey=key, state="ACTIVE")
            ]
            lines.append(
                f"instance {key}: passed {self.passed(key)}, open tasks {open_tasks}, incidents {incidents}"
            )
        return "\n".join(lines)


def evaluate_decision(settings: ClusterSettings, decision_id: str, **variables: Any) -> Any:
    """The latest deployed decision's output, as the cluster's EvaluateDecision (gRPC) returns it."""

    async def evaluate() -> Any:
        channel = create_insecure_channel(grpc_address=settings.zeebe_address)
        try:
            response = await ZeebeClient(channel).evaluate_decision(None, decision_id, variables)
        finally:
            await channel.close()
        if response.failure_message:
            raise AssertionError(f"{decision_id} failed on the cluster: {response.failure_message}")
        return response.decision_output

    return asyncio.run(evaluate())


def deploy_project(settings: ClusterSettings, folders: Sequence[Path]) -> int:
    """Deploy every .bpmn, .dmn and .form under ``folders`` in one deployment, as ``govit deploy`` does."""
    return Gateway(settings).deploy(resource_files(folders))
