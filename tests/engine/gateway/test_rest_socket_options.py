"""The REST server answers a kept-alive connection without waiting on Nagle's algorithm.

uvicorn writes a response's head and body in two writes; on a socket with Nagle's algorithm the
second waits for the client's delayed ACK, which costs every call on a kept-alive connection about
40 ms (bench/rest_latency.py measures it). Accepted sockets inherit TCP_NODELAY from the listener.
"""

from __future__ import annotations

import asyncio
import socket

import httpx

from engine.clock import ControlledClock
from engine.gateway.serve import start_gateway
from engine.runtime import Engine


def test_the_rest_listener_disables_nagle_so_kept_alive_calls_are_not_delayed() -> None:
    async def check() -> None:
        gateway = await start_gateway(
            Engine.in_memory(clock=ControlledClock(start="2026-09-30T09:00:00+08:00"))
        )
        try:
            listeners = [s for server in gateway.rest_server.servers for s in server.sockets]
            assert listeners, "the REST server listens on a socket"
            for listener in listeners:
                assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{gateway.rest_port}") as client:
                for _ in range(2):  # the second call reuses the connection
                    assert (await client.get("/v2/topology")).status_code == 200
        finally:
            await gateway.stop(grace_seconds=0)

    asyncio.run(check())
