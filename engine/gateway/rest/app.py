"""The REST application: the Orchestration Cluster API (``/v2``) routes of every resource module,
with unknown paths and wrong methods answered as problem details, as Camunda's gateway answers them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from engine.gateway.engine_host import EngineHost
from engine.gateway.identity_services import IdentityServices
from engine.gateway.rest import (
    batch_operations,
    clock,
    cluster,
    decisions,
    deployments,
    documents,
    element_instances,
    incidents,
    jobs,
    messages,
    process_definitions,
    process_instances,
    resources,
    signals,
    system,
    user_tasks,
    variables,
)
from engine.gateway.rest.auth import BearerTokenMiddleware
from engine.gateway.rest.context import RestContext
from engine.gateway.rest.document_store import DirectoryDocumentStore, MemoryDocumentStore
from engine.gateway.rest.guard import RestGuard
from engine.gateway.rest.identity_api import identity_routes
from engine.gateway.rest.limits import RequestLimits
from engine.gateway.rest.problems import problem

RouteModule = Callable[[RestContext], Sequence[BaseRoute]]

# One entry per resource module; each module's ``routes`` lists the operations it serves.
ROUTE_MODULES: tuple[RouteModule, ...] = (
    user_tasks.routes,
    incidents.routes,
    process_instances.routes,
    element_instances.routes,
    jobs.routes,
    variables.routes,
    clock.routes,
    cluster.routes,
    deployments.routes,
    process_definitions.routes,
    batch_operations.routes,
    resources.routes,
    system.routes,
    documents.routes,
    messages.routes,
    signals.routes,
    decisions.routes,
)


def build_app(
    host: EngineHost,
    *,
    token: str | None = None,
    broker_port: int | None = None,
    documents_dir: Path | None = None,
    identity: IdentityServices | None = None,
) -> Starlette:
    """The app over ``host``; documents are kept in ``documents_dir`` when given, else in memory."""
    documents = DirectoryDocumentStore(documents_dir) if documents_dir is not None else MemoryDocumentStore()
    ctx = RestContext(host, broker_port, documents=documents)
    routes: list[BaseRoute] = [route for module in ROUTE_MODULES for route in module(ctx)]

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            return problem(
                request, 405, "METHOD_NOT_ALLOWED", f"{request.method} is not supported on {request.url.path}"
            )
        if status == 404:
            detail = f"no such endpoint: {request.method} {request.url.path}"
            return problem(request, 404, "NOT_FOUND", detail)
        return problem(request, status, "BAD_REQUEST" if status < 500 else "INTERNAL", str(exc))

    middleware = [Middleware(BearerTokenMiddleware, token=token)] if token else []
    if identity is not None:
        # The directory's guard authenticates the service token too, and checks every operation.
        routes += identity_routes(identity)
        middleware = [Middleware(RestGuard, services=identity)]
    middleware.append(Middleware(RequestLimits))  # body size and time, keys and JSON checked once
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error}, middleware=middleware)
