"""The REST app called from a worker thread of the workspace, in process, as a given principal.

The dossier reads the engine's records through the public ``/v2`` API with a synchronous
``httpx.Client`` (the same reader ``govit dossier`` uses against a cluster). Here that client's
requests are run on the server's event loop against the REST app itself, with the principal set
in the ASGI scope as the workspace's ``/v2`` bridge sets the signed-in user's: no port, no token,
and the same authorization as any other caller."""

from __future__ import annotations

import asyncio

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from engine.gateway.rest.guard import STATE_SESSION_PRINCIPAL
from engine.identity.principal import Principal

BASE_URL = "http://workspace.internal/v2"
_CALL_SECONDS = 60.0


class _AsPrincipal:
    def __init__(self, app: ASGIApp, principal: Principal) -> None:
        self._app = app
        self._principal = principal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # only server code sets the scope's state, so no client can present a principal this way
        await self._app({**scope, "state": {STATE_SESSION_PRINCIPAL: self._principal}}, receive, send)


class InProcessTransport(httpx.BaseTransport):
    """Runs each request on ``loop`` (which must not be the calling thread's) and waits for it."""

    def __init__(self, app: ASGIApp, loop: asyncio.AbstractEventLoop, principal: Principal) -> None:
        self._asgi = httpx.ASGITransport(app=_AsPrincipal(app, principal))
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def call() -> httpx.Response:
            inner = httpx.Request(request.method, request.url, headers=request.headers, content=body)
            answered = await self._asgi.handle_async_request(inner)
            content = await answered.aread()
            return httpx.Response(answered.status_code, headers=answered.headers, content=content)

        return asyncio.run_coroutine_threadsafe(call(), self._loop).result(_CALL_SECONDS)


def in_process_client(app: ASGIApp, loop: asyncio.AbstractEventLoop, principal: Principal) -> httpx.Client:
    """A client whose base URL is ``…/v2``, as :class:`workers.dossier.source.RestSource` expects."""
    return httpx.Client(base_url=BASE_URL, transport=InProcessTransport(app, loop, principal))
