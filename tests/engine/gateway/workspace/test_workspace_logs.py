"""``python -m engine --identity --web-port``: a run with sign-ins (right and wrong passwords, a
lock-out), writes with the CSRF token and a sign-out writes none of the passwords, session ids or
CSRF tokens to its log, only who signed in."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from engine.identity.defaults import ensure_default_roles
from engine.identity.directory import MAX_FAILED_ATTEMPTS, Directory
from engine.identity.permissions import OwnerType
from engine.identity.sessions import COOKIE_NAME

PASSWORD = "workspace-password-5c1f9a"
WRONG = "wrong-guess-8d2e4b"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(client: httpx.Client, engine: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            client.get("/workspace/session")
            return
        except httpx.TransportError:
            assert engine.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the workspace did not answer within 60 s"
            time.sleep(0.2)


def test_passwords_session_ids_and_csrf_tokens_never_reach_the_log(tmp_path: Path) -> None:
    directory = Directory.open(tmp_path)
    ensure_default_roles(directory)
    for username in ("reviewer", "clerk"):
        directory.add_user(username, name=username, password=PASSWORD)
    directory.ensure_group("lg-ita-reviewers")
    directory.add_group_member("lg-ita-reviewers", OwnerType.USER, "reviewer")
    directory.close()
    web_port, rest_port, grpc_port = _free_port(), _free_port(), _free_port()
    log = tmp_path / "engine.log"
    secrets: list[str] = [PASSWORD, WRONG]
    with log.open("wb") as out:
        engine = subprocess.Popen(
            [sys.executable, "-m", "engine", "--identity", "--data-dir", str(tmp_path),
             "--rest-port", str(rest_port), "--gateway-port", str(grpc_port), "--web-port", str(web_port)],
            stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ),
        )  # fmt: skip
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{web_port}", timeout=10) as browser:
                _wait_until_up(browser, engine, log)
                signed = browser.post(
                    "/workspace/session", json={"username": "reviewer", "password": PASSWORD}
                )
                assert signed.status_code == 200, signed.text
                csrf = signed.json()["csrfToken"]
                secrets += [csrf, browser.cookies[COOKIE_NAME]]
                search = browser.post("/v2/user-tasks/search", json={}, headers={"X-CSRF-Token": csrf})
                assert search.status_code == 200, search.text
                forged = browser.post("/v2/user-tasks/search", json={}, headers={"X-CSRF-Token": "x" + csrf})
                assert forged.status_code == 403
                assert browser.delete("/workspace/session", headers={"X-CSRF-Token": csrf}).status_code == 204
                # a password typed into the username field is not logged either
                typo = browser.post("/workspace/session", json={"username": PASSWORD, "password": WRONG})
                assert typo.status_code == 401
                for _ in range(MAX_FAILED_ATTEMPTS + 1):
                    wrong = browser.post("/workspace/session", json={"username": "clerk", "password": WRONG})
                    assert wrong.status_code in (401, 429)
                assert wrong.status_code == 429
        finally:
            engine.send_signal(signal.SIGTERM)
            engine.wait(timeout=30)
    written = log.read_text(encoding="utf-8", errors="replace")
    assert f"127.0.0.1:{web_port}" in written  # the start line names the workspace's address
    assert "workspace sign-in" in written and "reviewer" in written  # who signed in is kept
    for secret in secrets:
        assert secret not in written
