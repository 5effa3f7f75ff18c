"""``/v2/*`` on the workspace's origin: the REST port's own app, called as the signed-in user.

The session cookie is the only credential here: an ``Authorization`` header is dropped (a browser
may attach cached Basic credentials to a forged request by itself), and so are the cookie and the
CSRF header once checked, so the REST app sees the principal and nothing else. Every write needs
the session's CSRF token."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.gateway.rest.guard import STATE_SESSION_PRINCIPAL
from engine.gateway.workspace.problems import send_problem
from engine.gateway.workspace.signed_in import ForgedWrite, NotSignedIn, SessionAuth

_DROPPED = frozenset({b"authorization", b"cookie", b"x-csrf-token"})


class RestBridge:
    def __init__(self, rest_app: ASGIApp, auth: SessionAuth) -> None:
        self._rest = rest_app
        self._auth = auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        try:
            signed = await asyncio.to_thread(self._auth.signed_in, scope["method"], headers)
        except NotSignedIn as missing:
            await send_problem(send, scope, 401, missing.title, "请在工作台登录后再操作")
            return
        except ForgedWrite as forged:
            await send_problem(send, scope, 403, forged.title, forged.detail)
            return
        inner: Scope = {
            **scope,
            "headers": [(name, value) for name, value in scope.get("headers") or [] if name not in _DROPPED],
            "state": {STATE_SESSION_PRINCIPAL: signed.principal},
        }

        async def not_stored(message: Message) -> None:
            # what a signed-in person reads stays out of shared caches and the browser's disk cache
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self._rest(inner, receive, not_stored)
