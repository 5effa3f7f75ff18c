"""The REST edge: what every request passes before a route sees it.

- at most :data:`MAX_REQUESTS_IN_PROGRESS` requests are handled at once; beyond, 503 (backpressure,
  as ``RESOURCE_EXHAUSTED`` on gRPC);
- a body is at most :data:`MAX_BODY_BYTES` (413 beyond, at once when ``Content-Length`` says so)
  and must arrive within :data:`BODY_TIMEOUT_SECONDS` (408 after);
- a JSON body is checked by :mod:`engine.json_documents` (lone surrogates, numbers JSON cannot
  carry, nesting, keys at or beyond 2^63), and so is every numeric path segment, which in ``/v2``
  is always a key; a multipart upload (a document, often binary) is left to its route.

The route reads the body again from the buffer kept here, so nothing about the routes changes.
Slow or too many connections are refused earlier, in :mod:`engine.gateway.rest.connections`.
"""

from __future__ import annotations

import asyncio
import json

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.gateway.rest.problems import problem
from engine.json_documents import MAX_KEY, InvalidDocument, check_key, load_document

MAX_BODY_BYTES = 4 * 1024 * 1024
"""As the gRPC gateway's maximum message size (Zeebe's default 4 MiB)."""
BODY_TIMEOUT_SECONDS = 30.0
MAX_REQUESTS_IN_PROGRESS = 1_000


class RequestLimits:
    """ASGI middleware enforcing the limits above on every HTTP request."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        body_timeout_seconds: float = BODY_TIMEOUT_SECONDS,
        max_in_progress: int = MAX_REQUESTS_IN_PROGRESS,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_seconds = body_timeout_seconds
        self.max_in_progress = max_in_progress
        self.in_progress = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_progress >= self.max_in_progress:
            await _problem(
                scope,
                send,
                503,
                "RESOURCE_EXHAUSTED",
                f"more than {self.max_in_progress} requests in progress",
            )
            return
        self.in_progress += 1
        try:
            await self._handle(scope, receive, send)
        finally:
            self.in_progress -= 1

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            _check_path_keys(scope["path"])
        except InvalidDocument as error:
            await _problem(scope, send, 400, "INVALID_ARGUMENT", str(error))
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await _problem(scope, send, 413, "PAYLOAD_TOO_LARGE", self._too_large(), close=True)
            return
        try:
            body = await asyncio.wait_for(self._read_body(receive), self.body_timeout_seconds)
        except TimeoutError:
            detail = f"the body did not arrive within {self.body_timeout_seconds:g} s"
            await _problem(scope, send, 408, "REQUEST_TIMEOUT", detail, close=True)
            return
        except _TooLarge:
            await _problem(scope, send, 413, "PAYLOAD_TOO_LARGE", self._too_large(), close=True)
            return
        except _Disconnected:
            return
        if body.strip() and not _is_multipart(scope):
            try:
                load_document(body, "body", key_fields=True)
            except InvalidDocument as error:
                await _problem(scope, send, 400, "INVALID_ARGUMENT", str(error))
                return
            except json.JSONDecodeError:
                pass  # the route answers a body that is not JSON in its own words
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_body_bytes} bytes"


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once, as one message; afterwards what the client sends next (its disconnect)."""
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _is_multipart(scope: Scope) -> bool:
    """A document upload: its parts are files (a PDF is binary), never one JSON document."""
    content_type: bytes = dict(scope.get("headers") or []).get(b"content-type", b"")
    return content_type.lower().startswith(b"multipart/")


def _check_path_keys(path: str) -> None:
    """Only keys are numeric in ``/v2`` paths; one beyond a Java long can name nothing."""
    for segment in path.split("/"):
        if segment.isascii() and segment.isdigit() and int(segment) > MAX_KEY:
            check_key(int(segment), "the key in the path")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _problem(
    scope: Scope, send: Send, status: int, title: str, detail: str, *, close: bool = False
) -> None:
    """An RFC 9457 problem, as the routes answer theirs; ``close`` where the body was left unread."""
    response = problem(Request(scope), status, title, detail)
    if close:
        response.headers["connection"] = "close"
    await response(scope, _nothing_to_receive, send)


async def _nothing_to_receive() -> Message:
    return {"type": "http.disconnect"}
