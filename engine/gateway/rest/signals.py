"""Signals: broadcast."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, variables_of
from engine.gateway.rest.messages import tenant_of
from engine.gateway.rest.problems import BadRequest


def routes(ctx: RestContext) -> list[Route]:
    async def broadcast_signal(request: Request) -> Response:
        body = await json_body(request, required=True)
        name = body.get("signalName")
        if not isinstance(name, str) or not name:
            raise BadRequest("signalName must be a non-empty signal name")
        tenant = tenant_of(body)
        variables = variables_of(body)
        key = await ctx.call(lambda: ctx.engine.broadcast_signal(name, variables))
        return JSONResponse({"signalKey": str(key), "tenantId": tenant})

    return [Route("/v2/signals/broadcast", handled(broadcast_signal), methods=["POST"])]
