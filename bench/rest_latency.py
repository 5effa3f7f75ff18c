"""REST call latency on a kept-alive connection, with the listener's TCP_NODELAY and without it.

The embedded gateway's REST server sets TCP_NODELAY on its listening socket (accepted sockets
inherit it). Without it, uvicorn's two writes per response meet the client's delayed ACK. Both
servers run side by side in this one process; the figure is the ratio between them.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import threading
import time

import httpx

from engine.clock import ControlledClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine


def _calls_ms(port: int, calls: int) -> list[float]:
    timings = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}/v2") as client:
        client.get("/topology")
        for _ in range(calls):
            started = time.perf_counter()
            client.post("/process-instances/search", json={"filter": {}})
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args(argv)
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    def started() -> RunningGateway:
        engine = Engine.in_memory(clock=ControlledClock(start="2026-09-30T09:00:00+08:00"))
        return asyncio.run_coroutine_threadsafe(start_gateway(engine), loop).result(30)

    with_nodelay, without_nodelay = started(), started()
    for server in without_nodelay.rest_server.servers:
        for listener in server.sockets:
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
    try:
        fast = statistics.median(_calls_ms(with_nodelay.rest_port, args.calls))
        slow = statistics.median(_calls_ms(without_nodelay.rest_port, args.calls))
    finally:
        for gateway in (with_nodelay, without_nodelay):
            asyncio.run_coroutine_threadsafe(gateway.stop(grace_seconds=0), loop).result(30)
    print(f"POST /v2/process-instances/search, kept-alive, median of {args.calls} calls")
    print(f"  listener with TCP_NODELAY:    {fast:7.2f} ms")
    print(f"  listener without TCP_NODELAY: {slow:7.2f} ms")
    print(f"  ratio: {slow / fast:.1f}x")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
