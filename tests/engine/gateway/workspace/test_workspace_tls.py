"""Served over TLS, the workspace marks its session cookie ``Secure`` (never sent over plain http)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.engine.gateway.workspace.conftest import served_workspace
from tests.engine.identity.conftest import PASSWORD


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_over_tls_the_session_cookie_is_secure(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    with served_workspace(tmp_path, tls=(cert, key)) as workspace:
        url = f"https://localhost:{workspace.running.web_port}"
        trust = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(base_url=url, verify=trust, timeout=10) as browser:
            signed = browser.post("/workspace/session", json={"username": "reviewer", "password": PASSWORD})
            assert signed.status_code == 200, signed.text
            flags = {flag.strip() for flag in signed.headers["set-cookie"].split(";")[1:]}
            assert {"Secure", "HttpOnly", "SameSite=Strict"} <= flags
            out = browser.delete("/workspace/session", headers={"X-CSRF-Token": signed.json()["csrfToken"]})
            assert "Secure" in out.headers["set-cookie"]
