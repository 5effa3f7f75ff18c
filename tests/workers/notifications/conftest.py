"""A real SMTP server (aiosmtpd) and a real HTTP receiver on 127.0.0.1, a directory, a database."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from workers.notifications.database import open_notifications


class MailCollector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@dataclass
class SmtpServer:
    host: str
    port: int
    collector: MailCollector

    @property
    def messages(self) -> list[EmailMessage]:
        return self.collector.messages


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    collector = MailCollector()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, collector)
    finally:
        controller.stop()


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpReceiver:
    base_url: str
    requests: list[ReceivedRequest] = field(default_factory=list)
    # status and JSON answer for each coming request; when empty: 200 {"errcode": 0}
    answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@pytest.fixture
def http_receiver() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.requests.append(ReceivedRequest(self.path, dict(self.headers.items()), body))
            status, answer = (
                receiver.answers.pop(0) if receiver.answers else (200, {"errcode": 0, "errmsg": "ok"})
            )
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def directory_file(tmp_path: Path, http_receiver: HttpReceiver) -> Path:
    path = tmp_path / "directory.yaml"
    path.write_text(
        f"""
users:
  zhangwei: {{name: 张伟, email: zhangwei@ita.example.gov.cn}}
  lina: {{name: 李娜, email: lina@czj.example.gov.cn}}
  wangfang: {{name: 王芳}}
robots:
  ita-wecom: {{kind: wecom, url: "{http_receiver.base_url}/wecom?key=k1"}}
  finance-dingtalk:
    {{kind: dingtalk, url: "{http_receiver.base_url}/dingtalk?access_token=t1", secret: SEC123}}
  cases: {{kind: generic, url: "{http_receiver.base_url}/cases"}}
groups:
  ita-reviewers: {{members: [zhangwei, lina], robots: [ita-wecom]}}
  finance: {{members: [lina], robots: [finance-dingtalk, cases]}}
jurisdictions:
  TH:
    ita-reviewers: {{members: [wangfang]}}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the notification tables, migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "registry.db"
    open_notifications(f"sqlite:///{path}").kw["bind"].dispose()
    return path


@pytest.fixture
def sessions(tmp_path: Path, migrated_database: Path) -> sessionmaker[Session]:
    shutil.copy(migrated_database, tmp_path / "registry.db")
    return open_notifications(f"sqlite:///{tmp_path / 'registry.db'}")
