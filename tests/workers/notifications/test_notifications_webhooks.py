from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from typing import TYPE_CHECKING

import httpx
import pytest

from workers.errors import PermanentJobError
from workers.notifications.directory import Robot, RobotKind
from workers.notifications.templates import RenderedMessage
from workers.notifications.webhooks import WebhookError, WebhookSender, dingtalk_signed_url, generic_signature

if TYPE_CHECKING:
    from conftest import HttpReceiver

MESSAGE = RenderedMessage(subject="【待办】智慧校园：初审", text="张伟，您好：\n请处理。", html="<p>…</p>")
NOW_MS = 1_780_000_000_123


def sender(secret: str | None = None) -> WebhookSender:
    return WebhookSender(httpx.Client(timeout=5), secret, clock_ms=lambda: NOW_MS)


def test_wecom_robot_gets_a_markdown_message(http_receiver: HttpReceiver) -> None:
    robot = Robot(kind=RobotKind.WECOM, url=f"{http_receiver.base_url}/wecom?key=abc")
    sender().send(robot, MESSAGE, "k", {})
    (request,) = http_receiver.requests
    assert request.path == "/wecom?key=abc"
    assert request.json() == {
        "msgtype": "markdown",
        "markdown": {"content": "### 【待办】智慧校园：初审\n\n张伟，您好：\n\n请处理。"},
    }


def test_dingtalk_robot_url_carries_timestamp_and_sign(http_receiver: HttpReceiver) -> None:
    robot = Robot(
        kind=RobotKind.DINGTALK, url=f"{http_receiver.base_url}/ding?access_token=t", secret="SECabc"
    )
    sender().send(robot, MESSAGE, "k", {})
    (request,) = http_receiver.requests
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)
    expected = base64.b64encode(
        hmac.new(b"SECabc", f"{NOW_MS}\nSECabc".encode(), hashlib.sha256).digest()
    ).decode()
    assert query == {"access_token": ["t"], "timestamp": [str(NOW_MS)], "sign": [expected]}
    assert request.json()["markdown"]["title"] == MESSAGE.subject


def test_dingtalk_signed_url_escapes_the_signature() -> None:
    url = dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "s", 1)
    sign = url.rsplit("sign=", 1)[1]
    assert (
        urllib.parse.unquote_plus(sign)
        == base64.b64encode(hmac.new(b"s", b"1\ns", hashlib.sha256).digest()).decode()
    )


def test_generic_webhook_is_signed_with_hmac_sha256(http_receiver: HttpReceiver) -> None:
    robot = Robot(kind=RobotKind.GENERIC, url=f"{http_receiver.base_url}/cases")
    sender("shared-secret").send(robot, MESSAGE, "1/Task/2/webhook/cases", {"projectName": "智慧校园"})
    (request,) = http_receiver.requests
    timestamp = request.headers["X-Govit-Timestamp"]
    assert timestamp == str(NOW_MS // 1000)
    assert request.headers["X-Govit-Signature"] == generic_signature("shared-secret", timestamp, request.body)
    assert request.headers["Idempotency-Key"] == "1/Task/2/webhook/cases"
    assert request.json()["facts"] == {"projectName": "智慧校园"}


def test_robot_error_code_is_a_failure(http_receiver: HttpReceiver) -> None:
    http_receiver.answers.append((200, {"errcode": 310000, "errmsg": "sign not match"}))
    robot = Robot(kind=RobotKind.DINGTALK, url=f"{http_receiver.base_url}/ding?access_token=t")
    with pytest.raises(WebhookError, match="sign not match"):
        sender().send(robot, MESSAGE, "k", {})


def test_http_error_is_a_failure_that_hides_the_robot_token(http_receiver: HttpReceiver) -> None:
    http_receiver.answers.append((502, {}))
    robot = Robot(kind=RobotKind.WECOM, url=f"{http_receiver.base_url}/wecom?key=secret-token")
    with pytest.raises(WebhookError, match="HTTP 502") as raised:
        sender().send(robot, MESSAGE, "k", {})
    assert "secret-token" not in str(raised.value)


def test_generic_webhook_without_any_secret_is_refused(http_receiver: HttpReceiver) -> None:
    robot = Robot(kind=RobotKind.GENERIC, url=f"{http_receiver.base_url}/cases?token=t")
    with pytest.raises(PermanentJobError, match="needs a secret"):
        sender(None).send(robot, MESSAGE, "k", {})
    assert http_receiver.requests == []
