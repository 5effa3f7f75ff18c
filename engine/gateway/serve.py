"""Runs the embedded engine with its gateway: gRPC and REST side by side over one engine host.

:func:`start_gateway` starts both servers over an engine (tests use it with port 0 and a
controlled clock); :func:`serve` is ``python -m engine``: it runs them until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import structlog
import uvicorn

from engine.clock import SystemClock
from engine.gateway.engine_host import EngineHost
from engine.gateway.rest.app import build_app
from engine.gateway.server import TlsFiles, start_grpc_server
from engine.runtime import Engine
from engine.runtime.errors import DeploymentRejected

log = structlog.get_logger("engine.gateway")

GRACE_SECONDS = 5.0
MAX_CONCURRENT_REST_REQUESTS = 1_000  # beyond this uvicorn answers 503, as backpressure


class StartupError(Exception):
    """The engine cannot start as asked (a resource to deploy is missing or rejected, a port is taken)."""


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


@dataclass
class RunningGateway:
    """The gRPC and REST servers of one engine host, with the ports they are bound to."""

    host: EngineHost
    grpc_server: grpc.aio.Server
    grpc_port: int
    rest_server: uvicorn.Server
    rest_port: int
    rest_task: asyncio.Task[None]

    async def stop(self, grace_seconds: float = GRACE_SECONDS) -> None:
        """Stop taking requests, let those in flight finish (up to the grace period), close the engine."""
        self.rest_server.should_exit = True
        await self.grpc_server.stop(grace_seconds)
        await self.rest_task
        self.host.stop()


async def start_gateway(
    engine: Engine,
    *,
    bind_host: str = "127.0.0.1",
    grpc_port: int = 0,
    rest_port: int = 0,
    token: str | None = None,
    tls: TlsFiles | None = None,
    tls_cert_path: str | None = None,
    tls_key_path: str | None = None,
) -> RunningGateway:
    """Serve ``engine`` over gRPC and REST; a port of 0 picks a free one (see the result's ports)."""
    host = EngineHost(engine)
    server, bound_grpc = await start_grpc_server(
        host, bind_host=bind_host, port=grpc_port, token=token, tls=tls
    )
    # Binding the socket here (not in uvicorn) gives the real port when 0 was asked for.
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    rest_socket = socket.socket(family, socket.SOCK_STREAM)
    rest_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    rest_socket.bind((bind_host, rest_port))
    bound_rest = int(rest_socket.getsockname()[1])
    rest = _RestServer(
        uvicorn.Config(
            build_app(host, token=token),
            log_level="warning",
            lifespan="off",
            limit_concurrency=MAX_CONCURRENT_REST_REQUESTS,
            ssl_certfile=tls_cert_path,
            ssl_keyfile=tls_key_path,
        )
    )
    rest_task = asyncio.create_task(rest.serve(sockets=[rest_socket]))
    while not rest.started and not rest_task.done():
        await asyncio.sleep(0.005)
    if rest_task.done():
        await server.stop(0)
        host.stop()
        rest_task.result()  # re-raises why uvicorn could not start
        raise RuntimeError("the REST server stopped while starting")
    return RunningGateway(host, server, bound_grpc, rest, bound_rest, rest_task)


def _deployable(paths: tuple[Path, ...]) -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in {".bpmn", ".dmn", ".form"})
        elif path.is_file():
            files.append(path)
        else:
            raise StartupError(f"--deploy {path}: no such file or folder")
    return [(str(file), file.read_bytes()) for file in files]


async def serve(options: ServeOptions, *, ready: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM or SIGINT; raises :class:`StartupError` when it cannot start."""
    resources = _deployable(options.deploy)
    clock = SystemClock()
    engine = (
        Engine.open(data_dir=options.data_dir, clock=clock)
        if options.data_dir
        else Engine.in_memory(clock=clock)
    )
    try:
        if resources:
            deployment = engine.deploy(resources)
            log.info("deployed", resources=len(resources), deployment_key=deployment.key)
        gateway = await start_gateway(
            engine,
            bind_host=options.host,
            grpc_port=options.gateway_port,
            rest_port=options.rest_port,
            token=options.token,
            tls=options.tls,
            tls_cert_path=options.tls_cert_path,
            tls_key_path=options.tls_key_path,
        )
    except DeploymentRejected as error:
        engine.close()
        raise StartupError(f"--deploy: {error}") from None
    except (OSError, RuntimeError) as error:
        engine.close()
        raise StartupError(
            f"cannot listen on {options.host} (gRPC port {options.gateway_port}, "
            f"REST port {options.rest_port}): {error}"
        ) from None
    log.info(
        "gateway listening",
        grpc=f"{options.host}:{gateway.grpc_port}",
        rest=f"{options.host}:{gateway.rest_port}",
        tls=options.tls is not None,
        auth=options.token is not None,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("shutting down", grace_seconds=GRACE_SECONDS)
    await gateway.stop()
    log.info("stopped")
