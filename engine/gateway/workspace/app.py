"""The workspace app: one origin for the single-page app, its sign-in, ``/v2`` as the signed-in
user and the registry's read API, every answer with the security headers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from engine.gateway.workspace.headers import SecurityHeaders
from engine.gateway.workspace.problems import problem_body
from engine.gateway.workspace.rest_bridge import RestBridge
from engine.gateway.workspace.session_routes import session_routes
from engine.gateway.workspace.signed_in import SessionAuth
from engine.gateway.workspace.static_site import StaticSite, is_app_path, not_found


class _Dispatch:
    """``/v2`` goes to the REST app as it is (its own routing and problem details); the rest to
    the workspace's routes."""

    def __init__(self, bridge: ASGIApp, site: ASGIApp) -> None:
        self._bridge = bridge
        self._site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (scope["path"] == "/v2" or scope["path"].startswith("/v2/")):
            await self._bridge(scope, receive, send)
            return
        await self._site(scope, receive, send)


def build_workspace_app(
    rest_app: ASGIApp,
    auth: SessionAuth,
    *,
    dist: Path,
    secure: bool,
    extra_routes: Sequence[BaseRoute] = (),
) -> ASGIApp:
    site = StaticSite(dist)

    async def asset(request: Request) -> Response:
        return site.asset(request, request.path_params["path"])

    async def page(request: Request) -> Response:
        if request.method in ("GET", "HEAD") and is_app_path(request.url.path):
            return site.index()
        return not_found(request)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        title = "不支持的请求方法" if status == 405 else "请求无法处理"
        return Response(
            problem_body(status, title, f"{request.method} {request.url.path}", request.url.path),
            status_code=status,
            media_type="application/problem+json",
        )

    routes: list[BaseRoute] = [
        *session_routes(auth, secure=secure),
        *extra_routes,
        Route("/assets/{path:path}", asset, methods=["GET", "HEAD"]),
        Route("/{path:path}", page, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]),
    ]
    workspace = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    return SecurityHeaders(_Dispatch(RestBridge(rest_app, auth), workspace))
