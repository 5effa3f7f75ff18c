"""The web workspace served beside the REST port over an engine with the directory on: the people
of the identity tests (two applying units, reviewers, finance, ops), a built app of a few files,
and a session clock the test moves (the engine's own clock stays pinned)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from engine.clock import ControlledClock
from engine.gateway.identity_services import IdentityServices
from engine.gateway.serve import RunningGateway, start_gateway
from engine.identity.defaults import ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType
from engine.runtime import Engine
from tests.engine.gateway.conftest import START, LoopThread
from tests.engine.identity.conftest import PASSWORD, PEOPLE, SERVICE, SERVICE_TOKEN, review_process

INDEX_HTML = "<!doctype html><title>政务信息化项目工作台</title><script src='/assets/app-3f2a.js'></script>"
APP_JS = "console.log('workspace');"
OUTSIDE = "outside the assets folder"


class SessionClock:
    """Wall-clock milliseconds for the session store, moved by the test."""

    def __init__(self) -> None:
        self.now_ms = 1_800_000_000_000

    def __call__(self) -> int:
        return self.now_ms

    def advance(self, ms: int) -> None:
        self.now_ms += ms


@dataclass
class Workspace:
    engine: Engine
    running: RunningGateway
    directory: Directory
    services: IdentityServices
    clock: SessionClock
    data_dir: Path
    dist: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.running.web_port}"

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.running.rest_port}"

    def browser(self) -> httpx.Client:
        """A client that keeps cookies, as a browser on the workspace's origin does."""
        return httpx.Client(base_url=self.url, timeout=10)

    def sign_in(self, client: httpx.Client, username: str, password: str = PASSWORD) -> dict[str, Any]:
        response = client.post("/workspace/session", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def start_project(self, unit: str, groups: list[str]) -> int:
        variables = {"unit": unit, "reviewers": groups, "projectName": "智慧城管平台"}
        status = self.engine.create_instance("lg-review", variables=variables)
        return int(status.key if hasattr(status, "key") else status)

    def task_of(self, instance_key: int) -> dict[str, Any]:
        with httpx.Client(base_url=self.rest_url, timeout=10) as client:
            response = client.post("/v2/user-tasks/search", json={}, headers=SERVICE)
        assert response.status_code == 200, response.text
        found = [t for t in response.json()["items"] if t["processInstanceKey"] == str(instance_key)]
        assert len(found) == 1
        return dict(found[0])


def build_dist(root: Path) -> Path:
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    (dist / "assets" / "app-3f2a.js").write_text(APP_JS, encoding="utf-8")
    (dist / "secret.txt").write_text(OUTSIDE, encoding="utf-8")
    return dist


@contextlib.contextmanager
def served_workspace(
    root: Path,
    dist: Path | None = None,
    registry_url: str | None = None,
    tls: tuple[Path, Path] | None = None,
) -> Iterator[Workspace]:
    """The workspace over a fresh engine; with ``tls`` (certificate, key) its HTTP servers speak TLS."""
    loop = LoopThread()
    engine = Engine.in_memory(clock=ControlledClock(start=START))
    data_dir = root / "engine"
    directory = Directory.open(data_dir, passwords=Passwords(TEST_COST))
    ensure_default_roles(directory)
    for username, (unit, groups, roles) in PEOPLE.items():
        directory.add_user(username, name=f"{username} 的姓名", password=PASSWORD, unit=unit)
        for group in groups:
            directory.ensure_group(group)
            directory.add_group_member(group, OwnerType.USER, username)
        for role in roles:
            directory.add_role_member(role, OwnerType.USER, username)
    services = IdentityServices.create(directory, service_token=SERVICE_TOKEN)
    engine.deploy([("review.bpmn", review_process())])
    clock = SessionClock()
    site = dist if dist is not None else build_dist(root)
    running = loop.run(
        start_gateway(
            engine,
            identity=services,
            web_port=0,
            web_dist=site,
            session_clock=clock,
            registry_url=registry_url,
            tls_cert_path=str(tls[0]) if tls else None,
            tls_key_path=str(tls[1]) if tls else None,
        )
    )
    try:
        yield Workspace(engine, running, directory, services, clock, data_dir, site)
    finally:
        loop.run(running.stop(grace_seconds=0.5))
        loop.close()
        directory.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with served_workspace(tmp_path) as served:
        yield served
