"""A full run of ``python -m engine --identity``: sign-ins with right and wrong passwords, an API
token, the service token and a directory change through the API; none of the secrets appears in
what the engine writes (its log)."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from engine.identity.defaults import ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.permissions import OwnerType

SERVICE_TOKEN = "svc-token-7f3a9c2e51"
PASSWORD = "user-password-4b8d1e"
NEW_PASSWORD = "created-password-9e2c7a"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _basic(username: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def test_passwords_and_tokens_never_reach_the_log(tmp_path: Path) -> None:
    directory = Directory.open(tmp_path)
    directory.add_user("reviewer", name="审核员", password=PASSWORD)
    directory.ensure_group("lg-ita-reviewers")
    directory.add_group_member("lg-ita-reviewers", OwnerType.USER, "reviewer")
    ensure_default_roles(directory)
    directory.add_user("admin", name="管理员", password=PASSWORD)
    directory.add_role_member("admin", OwnerType.USER, "admin")
    api_token = directory.issue_token("reviewer", "test")
    directory.close()
    rest_port, grpc_port = _free_port(), _free_port()
    log = tmp_path / "engine.log"
    env = {**os.environ, "ENGINE_AUTH_TOKEN": SERVICE_TOKEN}
    with log.open("wb") as out:
        engine = subprocess.Popen(
            [sys.executable, "-m", "engine", "--identity", "--data-dir", str(tmp_path),
             "--rest-port", str(rest_port), "--gateway-port", str(grpc_port)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{rest_port}", timeout=5) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        client.get("/v2/topology", headers={"Authorization": f"Bearer {SERVICE_TOKEN}"})
                        break
                    except httpx.TransportError:
                        assert engine.poll() is None, log.read_text()
                        assert time.monotonic() < deadline
                        time.sleep(0.2)
                assert (
                    client.get("/v2/authentication/me", headers=_basic("reviewer", PASSWORD)).status_code
                    == 200
                )
                assert (
                    client.get(
                        "/v2/authentication/me", headers=_basic("reviewer", "wrong-" + PASSWORD)
                    ).status_code
                    == 401
                )
                assert (
                    client.get(
                        "/v2/authentication/me", headers={"Authorization": f"Bearer {api_token}"}
                    ).status_code
                    == 200
                )
                created = client.post(
                    "/v2/users",
                    json={"username": "new", "password": NEW_PASSWORD},
                    headers=_basic("admin", PASSWORD),
                )
                assert created.status_code == 201
                assert (
                    client.post("/v2/users/search", json={}, headers=_basic("reviewer", PASSWORD)).status_code
                    == 403
                )
        finally:
            engine.send_signal(signal.SIGTERM)
            engine.wait(timeout=30)
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "gateway listening" in written  # the log was written at all
    for secret in (
        SERVICE_TOKEN,
        PASSWORD,
        NEW_PASSWORD,
        api_token,
        base64.b64encode(f"reviewer:{PASSWORD}".encode()).decode(),
    ):
        assert secret not in written
    audit = Directory.open(tmp_path)
    try:
        rows = audit.query("SELECT details FROM audit_log")
    finally:
        audit.close()
    assert rows and all(NEW_PASSWORD not in str(row[0]) for row in rows)
