"""The webhook channel: WeCom and DingTalk group robots, and a generic JSON POST signed with HMAC-SHA256.

Generic receivers verify ``X-Govit-Signature: sha256=<hex>``, the HMAC-SHA256 of
``<X-Govit-Timestamp>.<body>`` under the shared secret, and reject stale timestamps.
DingTalk robots with 加签 get ``timestamp`` and ``sign`` query parameters: the base64 HMAC-SHA256
of ``<timestamp>\\n<secret>`` under the secret, in milliseconds since the epoch.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import httpx

from workers.errors import PermanentJobError
from workers.notifications.directory import Robot, RobotKind
from workers.notifications.templates import RenderedMessage


class WebhookError(Exception):
    """A robot or receiver refused the message (the job is retried)."""


def generic_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def robot_markdown(message: RenderedMessage) -> str:
    return f"### {message.subject}\n\n" + "\n\n".join(
        line for line in message.text.splitlines() if line.strip()
    )


class WebhookSender:
    def __init__(
        self,
        client: httpx.Client,
        default_secret: str | None,
        clock_ms: Callable[[], int] = lambda: int(time.time() * 1000),
    ) -> None:
        self.client = client
        self.default_secret = default_secret
        self.clock_ms = clock_ms

    def send(self, robot: Robot, message: RenderedMessage, key: str, facts: dict[str, Any]) -> None:
        if robot.kind is RobotKind.WECOM:
            payload: dict[str, Any] = {
                "msgtype": "markdown",
                "markdown": {"content": robot_markdown(message)},
            }
            self._post_robot(robot.url, payload)
        elif robot.kind is RobotKind.DINGTALK:
            url = robot.url
            if robot.secret:
                url = dingtalk_signed_url(url, robot.secret, self.clock_ms())
            payload = {
                "msgtype": "markdown",
                "markdown": {"title": message.subject, "text": robot_markdown(message)},
            }
            self._post_robot(url, payload)
        else:
            self._post_generic(robot, message, key, facts)

    def _post_robot(self, url: str, payload: dict[str, Any]) -> None:
        response = self._post(url, json.dumps(payload, ensure_ascii=False).encode(), {})
        try:
            answer = response.json()
        except ValueError as error:
            raise WebhookError(f"robot answered HTTP {response.status_code} without JSON") from error
        # both robots answer HTTP 200 with errcode 0 on success and a non-zero errcode otherwise
        if not isinstance(answer, dict) or answer.get("errcode") != 0:
            raise WebhookError(f"robot refused the message: {answer}")

    def _post_generic(self, robot: Robot, message: RenderedMessage, key: str, facts: dict[str, Any]) -> None:
        body = json.dumps(
            {"deliveryKey": key, "subject": message.subject, "text": message.text, "facts": facts},
            ensure_ascii=False,
        ).encode()
        secret = robot.secret or self.default_secret
        if not secret:
            raise PermanentJobError(
                f"robot {_without_query(robot.url)}: a generic webhook needs a secret "
                "(its own, or GOVIT_WEBHOOK_SECRET) to sign with"
            )
        timestamp = str(self.clock_ms() // 1000)
        headers = {
            "Idempotency-Key": key,
            "X-Govit-Timestamp": timestamp,
            "X-Govit-Signature": generic_signature(secret, timestamp, body),
        }
        self._post(robot.url, body, headers)

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        try:
            response = self.client.post(
                url, content=body, headers={"Content-Type": "application/json; charset=utf-8", **headers}
            )
        except httpx.HTTPError as error:
            raise WebhookError(f"{_without_query(url)}: {error}") from error
        if response.is_error:
            raise WebhookError(f"{_without_query(url)}: HTTP {response.status_code}")
        return response


def _without_query(url: str) -> str:
    # robot URLs carry their access token in the query; keep it out of logs and incidents
    return url.split("?", 1)[0]
