"""The workspace for the browser tests: the embedded engine with the directory on, the web
workspace served from the real build (web/dist), the project's LG and shared processes, decisions
and forms deployed, the real workers connected with the service token, and the people a Longgang
project meets on its way to 立项. The engine's clock is pinned inside the LG measure's validity
(LG-55-1), and each browser page's clock is held at the same instant."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from pyzeebe import ZeebeWorker

from engine.clock import ControlledClock
from engine.gateway.identity_services import IdentityServices
from engine.gateway.serve import RunningGateway, start_gateway
from engine.identity.defaults import ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType
from engine.runtime import Engine
from govit.project import load_project
from tests.engine.gateway.conftest import LoopThread
from tests.web.browser import Browser, unavailable_reason
from workers.app import build_worker
from workers.bearer_channel import bearer_channel
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

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT / "deploy" / "samples" / "lg-project.yaml"
SAMPLE_DOCUMENTS = PROJECT / "deploy" / "samples" / "documents"
NOTIFY_DIRECTORY = PROJECT / "tests" / "scenarios" / "harness" / "directory.yaml"
RESOURCES = ("bpmn/shared/", "bpmn/lg/", "decisions/", "forms/shared/", "forms/lg/")
# A Monday inside the LG measure's validity (LG-55-1: 2021-07-06 … 2026-07-05)
LG_START = "2026-03-02T09:00:00+08:00"
SERVICE_TOKEN = "web-tests-service-token"
SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
PASSWORD = "correct-horse-battery-staple"
WAIT_S = 20.0
T = TypeVar("T")

# username: (display name, unit, groups)
PEOPLE: dict[str, tuple[str, str | None, list[str]]] = {
    "ita-clerk": ("王审核（区政数局）", None, ["lg-ita-reviewers"]),
    "drc-clerk": ("李审批（区发改局）", None, ["lg-drc"]),
    "owner-clerk": ("赵申报（区城管局）", "龙岗区城市管理和综合执法局", ["lg-owner"]),
    "expertA": ("专家甲", None, []),
    "expertB": ("专家乙", None, []),
    "locked-clerk": ("孙锁定（区政数局）", None, ["lg-ita-reviewers"]),
}


class _Workers:
    """The project's real workers on the test's loop: registry and notifications on SQLite, the
    sample's documents, working-day deadlines."""

    def __init__(self, zeebe_address: str, database_url: str, document_dir: Path) -> None:
        self._address = zeebe_address
        self._database_url = database_url
        self._document_dir = document_dir
        self._worker: ZeebeWorker | None = None
        self._work: Future[None] | None = None

    async def start(self) -> None:
        notifications = open_notifications(self._database_url)
        notifier = Notifier(notifications, load_directory(NOTIFY_DIRECTORY), None, None)
        routers = [
            registry_router(open_registry(self._database_url)),
            notifications_router(notifier),
            deadlines_router(DeadlineSettings()),
            documents_router(DocumentSettings(document_dir=self._document_dir)),
        ]
        channel = bearer_channel(self._address, SERVICE_TOKEN)
        settings = WorkerSettings(zeebe_address=self._address, retry_backoff_ms=0)
        self._worker = build_worker(channel, routers, settings)
        self._work = asyncio.run_coroutine_threadsafe(self._worker.work(), asyncio.get_running_loop())

    async def stop(self) -> None:
        if self._worker is not None:
            await self._worker.stop()


@dataclass
class WebApp:
    running: RunningGateway
    rest: httpx.Client

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.running.web_port}"

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.rest.post(path, json=body)
        assert response.status_code < 300, f"{path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def start_sample(self, **changes: Any) -> tuple[int, str]:
        """The LG sample project (deploy/samples/lg-project.yaml) started as `govit start` starts
        it; returns its lifecycle instance key and its project name."""
        project = load_project(SAMPLE)
        variables = {**project.variables(), **changes}
        created = self.post(
            "/v2/process-instances", {"processDefinitionId": project.process_id(), "variables": variables}
        )
        return int(created["processInstanceKey"]), str(variables["projectName"])

    def open_tasks(self, **filters: Any) -> list[dict[str, Any]]:
        body = {"filter": {"state": "CREATED", **filters}, "page": {"limit": 1000}}
        found = self.post("/v2/user-tasks/search", body)
        return list(found["items"])

    def task_of_project(self, project_id: str, element_id: str) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            tasks = self.open_tasks(
                elementId=element_id,
                processInstanceVariables=[{"name": "projectId", "value": json.dumps(project_id)}],
            )
            return tasks[0] if tasks else None

        return wait_until(found, f"task {element_id} of {project_id}")

    def task_of(self, instance_key: int, element_id: str) -> dict[str, Any]:
        """The open task ``element_id`` of the project that ``instance_key`` (its lifecycle) follows."""
        project_id = wait_until(lambda: self.variable(instance_key, "projectId"), "the project's id")
        return self.task_of_project(str(project_id), element_id)

    def variable(self, instance_key: int, name: str) -> Any:
        found = self.post(
            "/v2/variables/search",
            {"filter": {"processInstanceKey": str(instance_key), "name": name}, "page": {"limit": 10}},
        )
        items = [item for item in found["items"] if item["scopeKey"] == str(instance_key)]
        return json.loads(items[0]["value"]) if items else None

    def passed(self, instance_key: int, element_id: str) -> bool:
        found = self.post(
            "/v2/element-instances/search",
            {"filter": {"elementId": element_id, "state": "COMPLETED"}, "page": {"limit": 100}},
        )
        return len(found["items"]) > 0

    def task(self, key: str) -> dict[str, Any]:
        response = self.rest.get(f"/v2/user-tasks/{key}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def assign(self, key: str, assignee: str) -> None:
        response = self.rest.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": assignee})
        assert response.status_code == 204, response.text

    def complete(self, key: str, variables: dict[str, Any]) -> None:
        response = self.rest.post(f"/v2/user-tasks/{key}/completion", json={"variables": variables})
        assert response.status_code == 204, response.text


def wait_until(probe: Callable[[], T | None], what: str, timeout: float = WAIT_S) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.2)


def _build_web() -> None:
    subprocess.run(
        [sys.executable, "-m", "workers.deadlines.calendar_json", "web/.generated/working-days.json"],
        cwd=PROJECT,
        check=True,
    )
    subprocess.run(
        [sys.executable, "-m", "govit.messages_json", "web/.generated/message-catalog.json"],
        cwd=PROJECT,
        check=True,
    )
    subprocess.run(["node", "web/build.mjs"], cwd=PROJECT, check=True, capture_output=True)


def _resources() -> list[tuple[str, bytes]]:
    files = [
        *sorted((PROJECT / "bpmn").glob("**/*.bpmn")),
        *sorted((PROJECT / "decisions").glob("*.dmn")),
        *sorted((PROJECT / "forms").glob("**/*.form")),
    ]
    named = [(str(path.relative_to(PROJECT)), path.read_bytes()) for path in files]
    return [(name, body) for name, body in named if name.startswith(RESOURCES)]


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"the browser tests need Debian's chromium and playwright-core: {reason}")
    _build_web()
    root = tmp_path_factory.mktemp("web")
    documents = root / "documents"
    documents.mkdir()
    for sample in SAMPLE_DOCUMENTS.glob("*"):
        shutil.copyfile(sample, documents / sample.name)
    directory = Directory.open(root / "engine", passwords=Passwords(TEST_COST))
    ensure_default_roles(directory)
    for username, (name, unit, groups) in PEOPLE.items():
        directory.add_user(username, name=name, password=PASSWORD, unit=unit)
        for group in groups:
            directory.ensure_group(group)
            directory.add_group_member(group, OwnerType.USER, username)
    services = IdentityServices.create(directory, service_token=SERVICE_TOKEN)
    engine = Engine.in_memory(clock=ControlledClock(start=dt.datetime.fromisoformat(LG_START)))
    loop = LoopThread()
    running = loop.run(
        start_gateway(
            engine,
            identity=services,
            web_port=0,
            web_dist=PROJECT / "web" / "dist",
            documents_dir=documents,
            registry_url=f"sqlite:///{root / 'registry.db'}",
        )
    )
    rest = httpx.Client(base_url=f"http://127.0.0.1:{running.rest_port}", headers=SERVICE, timeout=30)
    workers = _Workers(f"127.0.0.1:{running.grpc_port}", f"sqlite:///{root / 'registry.db'}", documents)
    try:
        files = [("resources", (name, body, "application/octet-stream")) for name, body in _resources()]
        deployed = rest.post("/v2/deployments", files=files)
        assert deployed.status_code == 200, deployed.text
        loop.run(workers.start())
        yield WebApp(running, rest)
    finally:
        loop.run(workers.stop())
        rest.close()
        loop.run(running.stop(grace_seconds=0.5))
        loop.close()
        directory.close()


@pytest.fixture(scope="module")
def browser(web_app: WebApp) -> Iterator[Browser]:
    driven = Browser(web_app.url)
    try:
        yield driven
    finally:
        driven.close()
