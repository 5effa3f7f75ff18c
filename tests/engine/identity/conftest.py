"""An embedded engine behind both APIs with the identity guard on, and a directory of people from
two applying units and two authorities' groups, for the authorization tests."""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import grpc
import httpx
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto import gateway_pb2_grpc

from engine.clock import ControlledClock
from engine.gateway.identity_services import IdentityServices
from engine.gateway.serve import RunningGateway, start_gateway
from engine.identity.defaults import ADMIN, APPLICANT, OPS, PROCESS_OWNER, ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType
from engine.runtime import Engine
from engine.testing.builder import process
from tests.engine.gateway.conftest import START, LoopThread

SERVICE_TOKEN = "service-token-for-tests"
PASSWORD = "correct-horse-battery"
UNIT_A = "龙岗区城市管理和综合执法局"
UNIT_B = "龙岗区教育局"

# username -> (unit, groups, roles)
PEOPLE: dict[str, tuple[str | None, list[str], list[str]]] = {
    "clerk_a": (UNIT_A, ["lg-owner"], [APPLICANT]),
    "clerk_b": (UNIT_B, ["lg-owner"], [APPLICANT]),
    "reviewer": (None, ["lg-ita-reviewers"], []),
    "finance": (None, ["lg-fin"], []),
    "operator": (None, [], [OPS]),
    "owner": (None, [], [PROCESS_OWNER]),
    "admin": (None, [], [ADMIN]),
    "nobody": (None, [], []),
}


def review_process() -> bytes:
    return (
        process("lg-review")
        .start_event("start")
        .user_task("review", name="审核", candidate_groups="=reviewers")
        .end_event("end")
        .to_xml()
    )


def basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    raw = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


@dataclass
class Guarded:
    engine: Engine
    running: RunningGateway
    directory: Directory
    services: IdentityServices

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.running.rest_port}"

    @property
    def grpc_address(self) -> str:
        return f"127.0.0.1:{self.running.grpc_port}"

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.rest_url, timeout=10)

    def stub(self) -> tuple[grpc.Channel, Any]:
        channel = grpc.insecure_channel(self.grpc_address)
        return channel, gateway_pb2_grpc.GatewayStub(channel)  # type: ignore[no-untyped-call]

    def start_project(self, unit: str, reviewers: list[str]) -> int:
        variables = {"unit": unit, "reviewers": reviewers, "projectName": "智慧城管平台"}
        status = self.engine.create_instance("lg-review", variables=variables)
        return int(status.key if hasattr(status, "key") else status)

    def tasks(self, headers: dict[str, str]) -> list[dict[str, Any]]:
        with self.http() as client:
            response = client.post("/v2/user-tasks/search", json={}, headers=headers)
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    def task_of(self, instance_key: int) -> dict[str, Any]:
        found = [t for t in self.tasks(SERVICE) if t["processInstanceKey"] == str(instance_key)]
        assert len(found) == 1
        return found[0]


@pytest.fixture
def guarded() -> Iterator[Guarded]:
    with guarded_gateway() as running:
        yield running


@contextlib.contextmanager
def guarded_gateway() -> Iterator[Guarded]:
    """Both APIs over an in-memory engine with the people of :data:`PEOPLE` in the directory."""
    loop = LoopThread()
    engine = Engine.in_memory(clock=ControlledClock(start=START))
    directory = Directory.open(None, passwords=Passwords(TEST_COST))
    ensure_default_roles(directory)
    for username, (unit, groups, roles) in PEOPLE.items():
        directory.add_user(
            username, name=username, password=PASSWORD, unit=unit, email=f"{username}@example.gov.cn"
        )
        for group in groups:
            directory.ensure_group(group)
            directory.add_group_member(group, OwnerType.USER, username)
        for role in roles:
            directory.add_role_member(role, OwnerType.USER, username)
    services = IdentityServices.create(directory, service_token=SERVICE_TOKEN)
    engine.deploy([("review.bpmn", review_process())])
    running = loop.run(start_gateway(engine, identity=services))
    try:
        yield Guarded(engine, running, directory, services)
    finally:
        loop.run(running.stop(grace_seconds=0.5))
        loop.close()
        directory.close()


def grpc_call(guarded: Guarded, method: str, request: Any, metadata: list[tuple[str, str]]) -> Any:
    channel, stub = guarded.stub()
    with channel:
        call = getattr(stub, method)
        result = call(request, timeout=10, metadata=metadata)
        return list(result) if method in ("ActivateJobs", "StreamActivatedJobs") else result


def grpc_basic(username: str) -> list[tuple[str, str]]:
    return [("authorization", basic(username)["Authorization"])]


__all__ = ["SERVICE", "Guarded", "basic", "grpc_basic", "grpc_call", "guarded_gateway", "json", "pb"]
