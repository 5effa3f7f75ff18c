"""Incidents: search, get and resolve."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.record_view import present, present_page
from engine.gateway.rest.search import search
from engine.gateway.rest.visibility import viewer_of, visible
from engine.identity.policy import Listing
from engine.runtime import errors

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
        viewer = viewer_of(request, Listing.INCIDENT)
        if viewer.sees_everything:
            found = await ctx.current(lambda p: sql_search(p.incidents, body, filterable=INCIDENT_FILTERS))
            if found is not None:
                return JSONResponse(present_page(found))
        items = await ctx.current(lambda p: candidates(p.incidents, body))
        items = await visible(request, Listing.INCIDENT, items)
        return JSONResponse(present_page(search(items, body, filterable=INCIDENT_FILTERS)))

    async def get_incident(request: Request) -> Response:
        incident_key = path_key(request, "key")
        incident = await ctx.current(lambda p: p.incidents.get(incident_key))
        if incident is None:
            raise errors.NotFound(f"Expected to find incident with key '{incident_key}', but none found")
        return JSONResponse(present(incident))

    async def resolve_incident(request: Request) -> Response:
        incident_key = path_key(request, "key")
        await ctx.call(lambda: ctx.engine.resolve_incident(incident_key))
        return Response(status_code=204)

    return [
        Route("/v2/incidents/search", handled(search_incidents), methods=["POST"]),
        Route("/v2/incidents/{key}", handled(get_incident), methods=["GET"]),
        Route("/v2/incidents/{key}/resolution", handled(resolve_incident), methods=["POST"]),
    ]
