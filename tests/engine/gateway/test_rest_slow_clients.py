"""The REST server under hostile clients: slow or many connections cannot starve the others
(issue #18, item 7).

Before, 1,100 connections trickling their headers made every other REST request answer 503 until
they closed (uvicorn counted them against its request limit), and a client could hold a
connection open forever by never finishing its headers or its body.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.connections import MAX_CONNECTIONS_PER_CLIENT, guarded_protocol
from engine.gateway.rest.limits import RequestLimits
from tests.engine.gateway.conftest import Served

PARTIAL_HEADERS = b"POST /v2/incidents/search HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"


def _trickling_sockets(port: int, count: int) -> list[socket.socket]:
    opened = []
    for _ in range(count):
        raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        raw.sendall(PARTIAL_HEADERS)
        opened.append(raw)
    return opened


@pytest.fixture
def slow_crowd(gateway: Served) -> Iterator[list[socket.socket]]:
    crowd = _trickling_sockets(gateway.running.rest_port, 1_100)
    yield crowd
    for raw in crowd:
        raw.close()


def test_eleven_hundred_slow_connections_from_one_address_do_not_starve_another_client(
    gateway: Served, slow_crowd: list[socket.socket]
) -> None:
    # another client: the same machine, another address (the whole 127/8 is loopback)
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=gateway.rest_url, transport=transport, timeout=10) as client:
        for _ in range(5):
            assert client.post("/v2/incidents/search", json={}).status_code == 200
    # the crowd beyond its share was answered at once and closed
    last = slow_crowd[-1]
    last.settimeout(10)
    answer = last.recv(4096)
    assert answer.startswith(b"HTTP/1.1 503")
    assert f"more than {MAX_CONNECTIONS_PER_CLIENT} connections".encode() in answer


async def _ok(request: Request) -> Response:
    await request.body()
    return JSONResponse({"ok": True})


@pytest.fixture
async def small_server() -> AsyncIterator[int]:
    """A server with short timeouts and small limits, so that they are reached quickly."""
    app = Starlette(
        routes=[Route("/ok", _ok, methods=["GET", "POST"])],
        middleware=[Middleware(RequestLimits, body_timeout_seconds=0.3, max_body_bytes=1_000)],
    )
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="off",
        limit_concurrency=None,
        http=guarded_protocol(header_timeout_seconds=0.3, max_per_client=3, max_connections=100),
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[listener]))
    while not server.started:
        await asyncio.sleep(0.01)
    yield int(listener.getsockname()[1])
    server.should_exit = True
    await task


async def _read_all(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.read(), timeout=10)


async def test_headers_that_never_end_are_answered_408_and_closed(small_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", small_server)
    writer.write(b"GET /ok HTTP/1.1\r\nHost: x\r\n")
    await writer.drain()
    answer = await _read_all(reader)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"headers did not arrive within 0.3 s" in answer
    writer.close()


async def test_a_kept_alive_connection_trickling_its_next_request_is_closed(small_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", small_server)
    writer.write(b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()
    first = await asyncio.wait_for(reader.readuntil(b'{"ok":true}'), timeout=10)
    assert first.startswith(b"HTTP/1.1 200")
    writer.write(b"GET /ok HTTP/1.1\r\n")
    await writer.drain()
    rest = await _read_all(reader)
    assert rest.startswith(b"HTTP/1.1 408")
    writer.close()


async def test_a_body_that_never_arrives_is_answered_408(small_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", small_server)
    writer.write(b"POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    await writer.drain()
    answer = await _read_all(reader)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"body did not arrive within 0.3 s" in answer
    writer.close()


async def test_a_body_beyond_the_cap_is_answered_413_without_reading_it(small_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", small_server)
    writer.write(b"POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 200000000\r\n\r\n")
    await writer.drain()
    answer = await _read_all(reader)
    assert answer.startswith(b"HTTP/1.1 413")
    writer.close()


async def test_a_chunked_body_beyond_the_cap_is_answered_413(small_server: int) -> None:
    # no Content-Length to refuse up front: the cap is counted as the chunks arrive
    reader, writer = await asyncio.open_connection("127.0.0.1", small_server)
    chunk = b"64\r\n" + b"x" * 100 + b"\r\n"
    writer.write(b"POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 20)
    await writer.drain()
    answer = await _read_all(reader)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"larger than 1000 bytes" in answer
    writer.close()


async def test_one_client_holds_at_most_its_share_of_connections(small_server: int) -> None:
    held = [await asyncio.open_connection("127.0.0.1", small_server) for _ in range(3)]
    reader, writer = await asyncio.open_connection("127.0.0.1", small_server)
    answer = await _read_all(reader)
    assert answer.startswith(b"HTTP/1.1 503")
    assert b"more than 3 connections from 127.0.0.1" in answer
    writer.close()
    for _, held_writer in held:
        held_writer.close()
        await held_writer.wait_closed()
    await asyncio.sleep(0.05)
    # freed: the client may connect again
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{small_server}", timeout=10) as client:
        assert (await client.get("/ok")).status_code == 200


async def test_requests_beyond_those_in_progress_are_answered_503() -> None:
    release = asyncio.Event()

    async def slow(request: Request) -> Response:
        await release.wait()
        return JSONResponse({})

    app = RequestLimits(Starlette(routes=[Route("/slow", slow)]), max_in_progress=1)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://engine") as client:
        first = asyncio.create_task(client.get("/slow"))
        while app.in_progress == 0:
            await asyncio.sleep(0.01)
        second = await client.get("/slow")
        assert second.status_code == 503
        assert second.json()["title"] == "RESOURCE_EXHAUSTED"
        release.set()
        assert (await first).status_code == 200
