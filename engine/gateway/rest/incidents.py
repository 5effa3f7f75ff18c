"""Incidents: search and resolve."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.search import search

INCIDENT_FILTERS = frozenset(
    {
        "incidentKey",
        "processDefinitionId",
        "processDefinitionKey",
        "processInstanceKey",
        "errorType",
        "errorMessage",
        "elementId",
        "elementInstanceKey",
        "jobKey",
        "state",
        "creationTime",
        "tenantId",
    }
)


def routes(ctx: RestContext) -> list[Route]:
    async def search_incidents(request: Request) -> Response:
        body = await json_body(request)
        items = await ctx.current(lambda p: [dict(item) for item in p.incidents.values()])
        return JSONResponse(search(items, body, filterable=INCIDENT_FILTERS))

    async def resolve_incident(request: Request) -> Response:
        incident_key = path_key(request, "key")
        await ctx.call(lambda: ctx.engine.resolve_incident(incident_key))
        return Response(status_code=204)

    return [
        Route("/v2/incidents/search", handled(search_incidents), methods=["POST"]),
        Route("/v2/incidents/{key}/resolution", handled(resolve_incident), methods=["POST"]),
    ]
