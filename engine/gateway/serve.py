"""Runs the embedded engine with its gateway: gRPC and REST side by side over one engine host, and
optionally the management API's clock endpoint on a port of its own (as Zeebe's port 9600).

:func:`start_gateway` starts the servers over an engine (tests use it with port 0 and a
controlled clock); :func:`serve` is ``python -m engine``: it runs them until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import structlog
import uvicorn
from starlette.types import ASGIApp

from engine.clock import SystemClock
from engine.gateway.engine_host import EngineHost
from engine.gateway.identity_services import IdentityServices
from engine.gateway.rest.app import build_app
from engine.gateway.rest.auth import BearerTokenMiddleware
from engine.gateway.rest.connections import guarded_protocol
from engine.gateway.rest.management import build_management_app
from engine.gateway.server import TlsFiles, start_grpc_server
from engine.gateway.workspace.app import build_workspace_app
from engine.gateway.workspace.dossier_routes import dossier_routes
from engine.gateway.workspace.dossiers import WorkspaceDossiers
from engine.gateway.workspace.registry_api import RegistryReader, registry_routes
from engine.gateway.workspace.registry_dossiers import dossier_routes as archived_dossier_routes
from engine.gateway.workspace.signed_in import SessionAuth
from engine.gateway.workspace.static_site import DEFAULT_DIST
from engine.identity.defaults import ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.oidc import OidcSettings, OidcVerifier
from engine.identity.sessions import SessionStore
from engine.runtime import Engine
from engine.runtime.errors import DeploymentRejected
from engine.store import StoreError

log = structlog.get_logger("engine.gateway")

GRACE_SECONDS = 5.0


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
    clock_controlled: bool = False
    """Whether the management clock endpoint may change the clock (Zeebe's ``zeebe.clock.controlled``)."""
    management_port: int | None = None
    """Serve the management clock endpoint on this port; None serves none."""
    identity: bool = False
    """Guard both APIs with the directory (``identity.db`` in the data directory)."""
    oidc: OidcSettings | None = None
    web_port: int | None = None
    """Serve the web workspace on this port (needs ``identity``); None serves none."""
    web_dist: Path = DEFAULT_DIST
    registry_url: str | None = None
    """The workers' registry database, read by the workspace's registry API."""
    history_retention_years: int | None = None
    """Purge ended instances from the history this many years after they ended (on start, then
    daily); None keeps the history for ever."""


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
    management: _Served | None = None
    """The management clock endpoint, where one was asked for."""
    web: _Served | None = None
    """The web workspace, where one was asked for."""
    sessions: SessionStore | None = None
    """The workspace's sign-in sessions."""
    registry: RegistryReader | None = None
    """The workspace's connection to the registry database."""

    @property
    def management_port(self) -> int | None:
        return self.management.port if self.management is not None else None

    @property
    def web_port(self) -> int | None:
        return self.web.port if self.web is not None else None

    def _side_servers(self) -> list[_Served]:
        return [served for served in (self.management, self.web) if served is not None]

    async def stop(self, grace_seconds: float = GRACE_SECONDS) -> None:
        """Stop taking requests, let those in flight finish (up to the grace period), close the engine."""
        self.rest_server.should_exit = True
        for served in self._side_servers():
            served.server.should_exit = True
        self.host.release_waiters()
        await self.grpc_server.stop(grace_seconds)
        await self.rest_task
        for served in self._side_servers():
            await served.task
        if self.registry is not None:
            self.registry.close()
        self.host.stop()


@dataclass
class _Served:
    server: uvicorn.Server
    port: int
    task: asyncio.Task[None]


async def _serve_http(
    app: ASGIApp,
    bind_host: str,
    port: int,
    *,
    tls_cert_path: str | None = None,
    tls_key_path: str | None = None,
) -> _Served:
    """Start uvicorn on ``app``; raises what keeps it from starting."""
    # Binding the socket here (not in uvicorn) gives the real port when 0 was asked for.
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    bound = socket.socket(family, socket.SOCK_STREAM)
    bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this. uvicorn writes a response's head and body separately;
    # with Nagle's algorithm on, the body waits for the client's delayed ACK (about 40 ms a call).
    bound.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    bound.bind((bind_host, port))
    server = _RestServer(
        uvicorn.Config(
            app,
            log_level="warning",
            lifespan="off",
            # connections and requests are limited by the app's own guards, not by uvicorn's count
            # of both together (slow connections would make every request answer 503)
            http=guarded_protocol(),
            limit_concurrency=None,
            ssl_certfile=tls_cert_path,
            ssl_keyfile=tls_key_path,
        )
    )
    task = asyncio.create_task(server.serve(sockets=[bound]))
    while not server.started and not task.done():
        await asyncio.sleep(0.005)
    if task.done():
        task.result()  # re-raises why uvicorn could not start
        raise RuntimeError("the HTTP server stopped while starting")
    return _Served(server, int(bound.getsockname()[1]), task)


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
    management_port: int | None = None,
    clock_controlled: bool = False,
    documents_dir: Path | None = None,
    identity: IdentityServices | None = None,
    web_port: int | None = None,
    web_dist: Path = DEFAULT_DIST,
    session_clock: Callable[[], int] | None = None,
    registry_url: str | None = None,
) -> RunningGateway:
    """Serve ``engine`` over gRPC and REST; a port of 0 picks a free one (see the result's ports).

    With ``management_port``, also serve the management clock endpoint, which changes the clock
    only when ``clock_controlled``; it needs an engine on the system clock (a controlled clock has
    no actor clock beneath it). With ``web_port``, also serve the web workspace (it signs people in
    against ``identity``); its sessions idle out by ``session_clock`` (milliseconds, the wall clock
    unless given: the engine's clock may be pinned)."""
    if web_port is not None and identity is None:
        raise ValueError("the web workspace signs people in against the directory: it needs identity")
    management_app: ASGIApp | None = None
    if management_port is not None:
        if not isinstance(engine.clock, SystemClock):
            raise ValueError(
                "the management clock endpoint needs an engine on the system clock, "
                f"not {type(engine.clock).__name__}"
            )
        management_app = build_management_app(engine.clock, controlled=clock_controlled)
        if token is not None:
            # Zeebe's management port asks for no credentials; one that can move the clock of a
            # guarded engine should not be the way around its token.
            management_app = BearerTokenMiddleware(management_app, token)
    host = EngineHost(engine)
    if identity is not None:
        identity.bind(host)
    server, bound_grpc = await start_grpc_server(
        host, bind_host=bind_host, port=grpc_port, token=token, tls=tls, identity=identity
    )
    rest_app = build_app(
        host, token=token, broker_port=bound_grpc, documents_dir=documents_dir, identity=identity
    )
    started: list[_Served] = []
    sessions: SessionStore | None = None
    registry: RegistryReader | None = None
    try:
        rest = await _serve_http(
            rest_app, bind_host, rest_port, tls_cert_path=tls_cert_path, tls_key_path=tls_key_path
        )
        started.append(rest)
        management = None
        if management_app is not None and management_port is not None:
            management = await _serve_http(management_app, bind_host, management_port)
            started.append(management)
        web = None
        if web_port is not None and identity is not None:
            sessions = SessionStore(session_clock or _wall_clock_ms)
            auth = SessionAuth(sessions, identity)
            registry = RegistryReader(registry_url) if registry_url else None
            workspace = build_workspace_app(
                rest_app,
                auth,
                dist=web_dist,
                secure=tls_cert_path is not None,
                extra_routes=[
                    *registry_routes(auth, registry),
                    *archived_dossier_routes(auth, registry_url),
                    *dossier_routes(auth, WorkspaceDossiers(rest_app, registry)),
                ],
            )
            web = await _serve_http(
                workspace, bind_host, web_port, tls_cert_path=tls_cert_path, tls_key_path=tls_key_path
            )
            started.append(web)
    except BaseException:
        for served in started:
            served.server.should_exit = True
            await served.task
        await server.stop(0)
        host.stop()
        raise
    return RunningGateway(
        host, server, bound_grpc, rest.server, rest.port, rest.task, management, web, sessions, registry
    )


def _wall_clock_ms() -> int:
    return int(time.time() * 1000)


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


PURGE_INTERVAL_S = 24 * 3600.0


async def _purge_daily(host: EngineHost, years: int) -> None:
    """The history's retention: ended instances older than ``years`` go, on start and then daily."""
    while True:
        try:
            purged = await host.call(lambda: host.engine.purge_history(years))
            log.info(
                "history purged",
                retention_years=years,
                ended_before=purged.cutoff,
                instances=purged.instances,
                items=purged.items,
            )
        except Exception as error:  # a full disk, say: the next round tries again
            log.warning("history purge failed", retention_years=years, error=str(error))
        await asyncio.sleep(PURGE_INTERVAL_S)


async def serve(options: ServeOptions, *, ready: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM or SIGINT; raises :class:`StartupError` when it cannot start."""
    resources = _deployable(options.deploy)
    clock = SystemClock()
    try:
        engine = (
            Engine.open(data_dir=options.data_dir, clock=clock)
            if options.data_dir
            else Engine.in_memory(clock=clock)
        )
    except StoreError as error:  # locked by another engine, unreadable, or from a newer release
        raise StartupError(f"--data-dir: {error}") from None
    identity: IdentityServices | None = None
    if options.identity:
        directory = Directory.open(options.data_dir)
        ensure_default_roles(directory)
        oidc = OidcVerifier(options.oidc) if options.oidc is not None else None
        identity = IdentityServices.create(directory, service_token=options.token, oidc=oidc)
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
            management_port=options.management_port,
            clock_controlled=options.clock_controlled,
            documents_dir=options.data_dir / "documents" if options.data_dir else None,
            identity=identity,
            web_port=options.web_port,
            web_dist=options.web_dist,
            registry_url=options.registry_url,
        )
    except DeploymentRejected as error:
        engine.close()
        raise StartupError(f"--deploy: {error}") from None
    except (OSError, RuntimeError) as error:
        engine.close()
        raise StartupError(
            f"cannot listen on {options.host} (gRPC port {options.gateway_port}, "
            f"REST port {options.rest_port}"
            + (f", management port {options.management_port}" if options.management_port is not None else "")
            + (f", web port {options.web_port}" if options.web_port is not None else "")
            + f"): {error}"
        ) from None
    log.info(
        "gateway listening",
        grpc=f"{options.host}:{gateway.grpc_port}",
        rest=f"{options.host}:{gateway.rest_port}",
        actuator=f"{options.host}:{gateway.management_port}" if gateway.management_port else None,
        web=f"{options.host}:{gateway.web_port}" if gateway.web_port else None,
        clock_controlled=options.clock_controlled,
        tls=options.tls is not None,
        auth=options.token is not None,
        auth_identity=options.identity,
        auth_oidc=options.oidc.issuer if options.oidc is not None else None,
    )
    purging = (
        asyncio.create_task(_purge_daily(gateway.host, options.history_retention_years))
        if options.history_retention_years is not None
        else None
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("shutting down", grace_seconds=GRACE_SECONDS)
    if purging is not None:
        purging.cancel()
    await gateway.stop()
    if identity is not None:
        identity.directory.close()
    log.info("stopped")
