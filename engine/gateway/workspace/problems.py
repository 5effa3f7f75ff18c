"""The workspace's error answers: RFC 9457 problem details with a Chinese title a person reads."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope, Send

NOT_SIGNED_IN = "请先登录"
SESSION_EXPIRED = "会话已过期，请重新登录"
CSRF_MISSING = "请求缺少有效的 CSRF 令牌"
WRONG_PASSWORD = "用户名或密码错误"
LOCKED = "账号已暂时锁定"


def problem_body(status: int, title: str, detail: str, instance: str) -> bytes:
    return json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": instance},
        ensure_ascii=False,
    ).encode()


def problem_response(request: Request, status: int, title: str, detail: str) -> Response:
    """A refusal of a workspace route, never cached (it names what this person may not see)."""
    return Response(
        problem_body(status, title, detail, request.url.path),
        status_code=status,
        media_type="application/problem+json",
        headers={"cache-control": "no-store"},
    )


async def send_problem(
    send: Send,
    scope: Scope,
    status: int,
    title: str,
    detail: str,
    *,
    headers: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    body = problem_body(status, title, detail, str(scope.get("path", "")))
    start_headers = [
        (b"content-type", b"application/problem+json"),
        (b"cache-control", b"no-store"),
        *headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": body})
