"""Runs the embedded engine with its gateway until SIGTERM or SIGINT, then shuts down cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import structlog
import uvicorn

from engine.clock import SystemClock
from engine.gateway.engine_host import EngineHost
from engine.gateway.rest.app import build_app
from engine.gateway.server import TlsFiles, start_grpc_server
from engine.runtime import Engine

log = structlog.get_logger("engine.gateway")

GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class ServeOptions:
    host: str
    gateway_port: int
    rest_port: int
    data_dir: Path | None
    token: str | None
    tls: TlsFiles | None
    tls_cert_path: str | None = None
    tls_key_path: str | None = None
    deploy: tuple[Path, ...] = ()


class _RestServer(uvicorn.Server):
    """uvicorn without its own signal handling: SIGTERM stops the gateway and REST together."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _deployable(paths: tuple[Path, ...]) -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in {".bpmn", ".dmn", ".form"})
        else:
            files.append(path)
    return [(str(file), file.read_bytes()) for file in files]


async def serve(options: ServeOptions, *, ready: asyncio.Event | None = None) -> None:
    clock = SystemClock()
    engine = (
        Engine.open(data_dir=options.data_dir, clock=clock)
        if options.data_dir
        else Engine.in_memory(clock=clock)
    )
    host = EngineHost(engine)
    resources = _deployable(options.deploy)
    if resources:
        deployment = await host.call(lambda: engine.deploy(resources))
        log.info("deployed", resources=len(resources), deployment_key=deployment.key)
    server, port = await start_grpc_server(
        host, bind_host=options.host, port=options.gateway_port, token=options.token, tls=options.tls
    )
    log.info("gateway listening", address=f"{options.host}:{port}", tls=options.tls is not None)
    rest = _RestServer(
        uvicorn.Config(
            build_app(host, token=options.token),
            host=options.host,
            port=options.rest_port,
            log_level="warning",
            lifespan="off",
            ssl_certfile=options.tls_cert_path,
            ssl_keyfile=options.tls_key_path,
        )
    )
    rest_task = asyncio.create_task(rest.serve())
    log.info("REST API listening", address=f"{options.host}:{options.rest_port}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("shutting down", grace_seconds=GRACE_SECONDS)
    rest.should_exit = True
    await server.stop(GRACE_SECONDS)
    await rest_task
    host.stop()
    log.info("stopped")
