"""Element instances: search (with the scope filter), get, and setting variables on one (the
``SetVariables`` command of the gRPC API)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.history_search import candidates, scope_filter, sql_search
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import Projection
from engine.gateway.rest.search import search
from engine.gateway.rest.shapes import page_without_nulls, without_nulls
from engine.gateway.rest.visibility import viewer_of
from engine.history import tables
from engine.identity.policy import Listing
from engine.runtime import errors

ELEMENT_INSTANCE_FILTERS = frozenset(
    {
        "processDefinitionId",
        "state",
        "type",
        "elementId",
        "elementName",
        "hasIncident",
        "tenantId",
        "elementInstanceKey",
        "processInstanceKey",
        "processDefinitionKey",
        "incidentKey",
        "startDate",
        "endDate",
    }
)


_SCOPE = frozenset({"elementInstanceScopeKey"})
_SCOPE_SQL = {"elementInstanceScopeKey": scope_filter(tables.FLOW_SCOPES)}


def routes(ctx: RestContext) -> list[Route]:
    async def search_element_instances(request: Request) -> Response:
        body = await json_body(request)
        viewer = viewer_of(request, Listing.ELEMENT_INSTANCE)
        if viewer.sees_everything:
            found = await ctx.current(
                lambda p: sql_search(
                    p.element_instances,
                    body,
                    filterable=ELEMENT_INSTANCE_FILTERS,
                    extra=_SCOPE,
                    derived=_SCOPE_SQL,
                )
            )
            if found is not None:
                return JSONResponse(page_without_nulls(found))

        def view(p: Projection) -> tuple[list[dict[str, Any]], dict[str, str]]:
            items = candidates(p.element_instances, body, derived=_SCOPE_SQL)
            keys = [item["elementInstanceKey"] for item in items]
            scopes = {key: p.flow_scopes.get(key) for key in keys}
            return viewer.keep(items, p), {k: v for k, v in scopes.items() if v is not None}

        items, flow_scopes = await ctx.current(view)

        def in_scope(item: dict[str, Any], scope_key: Any) -> bool:
            return flow_scopes.get(item["elementInstanceKey"]) == str(scope_key)

        return JSONResponse(
            page_without_nulls(
                search(
                    items,
                    body,
                    filterable=ELEMENT_INSTANCE_FILTERS,
                    extra_filters={"elementInstanceScopeKey": in_scope},
                )
            )
        )

    async def get_element_instance(request: Request) -> Response:
        element_key = path_key(request, "key")
        view = await ctx.current(lambda p: p.element_instances.get(element_key))
        if view is None:
            raise errors.NotFound(
                f"Expected to find element instance with key '{element_key}', but none found"
            )
        return JSONResponse(without_nulls(view))

    async def update_variables(request: Request) -> Response:
        element_key = path_key(request, "key")
        body = await json_body(request, required=True)
        variables = body.get("variables")
        if not isinstance(variables, dict):
            raise BadRequest("No variables provided: variables must be a JSON object")
        local = body.get("local", False)
        if not isinstance(local, bool):
            raise BadRequest(f"The value for local is '{local}' but must be a boolean")
        await ctx.call(lambda: ctx.engine.set_variables(element_key, variables, local=local))
        return Response(status_code=204)

    return [
        Route("/v2/element-instances/search", handled(search_element_instances), methods=["POST"]),
        Route("/v2/element-instances/{key}", handled(get_element_instance), methods=["GET"]),
        Route("/v2/element-instances/{key}/variables", handled(update_variables), methods=["PUT"]),
    ]
