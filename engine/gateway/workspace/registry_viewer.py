"""Who is asking a registry route: the signed-in person's view of the registry, or the 401 that
sends them to sign in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from engine.gateway.workspace.problems import problem_response
from engine.gateway.workspace.registry_scope import RegistryScope, scope_of
from engine.gateway.workspace.signed_in import NotSignedIn, SessionAuth

Refusal = Callable[[Request, int, str, str], Response]


async def registry_viewer(
    auth: SessionAuth, request: Request, detail: str, refuse: Refusal = problem_response
) -> RegistryScope | Response:
    """The projects the session's person may see; ``detail`` says what signing in would show."""
    try:
        signed = await asyncio.to_thread(auth.signed_in, "GET", dict(request.scope["headers"]))
    except NotSignedIn as missing:
        return refuse(request, 401, missing.title, detail)
    return scope_of(signed.principal, auth.services.access)
