"""Variables: search (long values truncated, as Camunda's exporter keeps them) and get by key."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.search import search
from engine.gateway.rest.shapes import page_without_nulls, without_nulls
from engine.gateway.rest.visibility import viewer_of
from engine.identity.policy import Listing
from engine.runtime import errors

VARIABLE_FILTERS = frozenset(
    {"variableKey", "name", "value", "scopeKey", "processInstanceKey", "tenantId", "isTruncated"}
)


def routes(ctx: RestContext) -> list[Route]:
    async def search_variables(request: Request) -> Response:
        body = await json_body(request)
        viewer = viewer_of(request, Listing.VARIABLE)
        if viewer.sees_everything:
            found = await ctx.current(lambda p: sql_search(p.variables, body, filterable=VARIABLE_FILTERS))
            if found is not None:
                return JSONResponse(page_without_nulls(found))
        items = await ctx.current(lambda p: viewer.keep(candidates(p.variables, body), p))
        return JSONResponse(page_without_nulls(search(items, body, filterable=VARIABLE_FILTERS)))

    async def get_variable(request: Request) -> Response:
        variable_key = path_key(request, "key")
        view = await ctx.current(lambda p: p.variable(variable_key))
        if view is None:
            raise errors.NotFound(f"Expected to find variable with key '{variable_key}', but none found")
        return JSONResponse(without_nulls(view))

    return [
        Route("/v2/variables/search", handled(search_variables), methods=["POST"]),
        Route("/v2/variables/{key}", handled(get_variable), methods=["GET"]),
    ]
