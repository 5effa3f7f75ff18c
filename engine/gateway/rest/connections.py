"""REST connections under hostile clients: a header timeout and connection limits, per client and in all.

uvicorn's own ``limit_concurrency`` counts open connections as well as requests, so 1,100 clients
that trickle their headers made every other request answer 503 until they closed. Here a
connection must deliver its request line and headers within :data:`HEADER_TIMEOUT_SECONDS` (from
the moment it opens, and again after each response on a kept-alive connection), else it is closed
with 408; one client address holds at most :data:`MAX_CONNECTIONS_PER_CLIENT` connections and the
server at most :data:`MAX_CONNECTIONS`; a connection beyond either is answered 503 and closed at
once. Requests in progress are limited separately (:mod:`engine.gateway.rest.limits`).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 10.0
MAX_CONNECTIONS_PER_CLIENT = 256
MAX_CONNECTIONS = 4_096


def guarded_protocol(
    *,
    header_timeout_seconds: float = HEADER_TIMEOUT_SECONDS,
    max_per_client: int = MAX_CONNECTIONS_PER_CLIENT,
    max_connections: int = MAX_CONNECTIONS,
) -> type[H11Protocol]:
    """An HTTP/1.1 protocol class for one server (``uvicorn.Config(http=...)``), with its own counts."""
    per_client: Counter[str] = Counter()

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None
        _counted: str | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            address = self.client[0] if self.client else "unknown"
            if per_client[address] >= max_per_client:
                self._refuse(f"more than {max_per_client} connections from {address}")
                return
            if len(self.connections) > max_connections:
                self._refuse(f"more than {max_connections} connections")
                return
            per_client[address] += 1
            self._counted = address
            self._await_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_header_timer()
            if self._counted is not None:
                per_client[self._counted] -= 1
                if per_client[self._counted] <= 0:
                    del per_client[self._counted]
                self._counted = None
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._stop_header_timer()  # the request line and headers are in

        def on_response_complete(self) -> None:
            # armed before the next pipelined request is read, which stops it again
            if not self.transport.is_closing():
                self._await_headers()
            super().on_response_complete()

        def _await_headers(self) -> None:
            self._stop_header_timer()
            self._header_timer = self.loop.call_later(header_timeout_seconds, self._headers_too_slow)

        def _stop_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if not self.transport.is_closing():
                detail = f"the request headers did not arrive within {header_timeout_seconds:g} s"
                self._answer_and_close(408, "Request Timeout", "REQUEST_TIMEOUT", detail)

        def _refuse(self, detail: str) -> None:
            self._answer_and_close(503, "Service Unavailable", "RESOURCE_EXHAUSTED", detail)

        def _answer_and_close(self, status: int, reason: str, title: str, detail: str) -> None:
            """Written raw: the connection is in no state h11 would answer from (no request yet)."""
            problem: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
            problem["detail"] = detail
            body = json.dumps(problem).encode()
            head = (
                f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/problem+json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
            ).encode()
            self.transport.write(head + body)
            self.transport.close()

    return GuardedH11Protocol
