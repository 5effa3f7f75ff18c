"""Process definitions: search, get, the BPMN XML, the start form and the element-instance
statistics over the definition's instances."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.element_statistics import element_statistics
from engine.gateway.rest.process_instances import instance_search
from engine.gateway.rest.projection import TENANT, Projection
from engine.gateway.rest.search import MAX_LIMIT, search
from engine.gateway.rest.shapes import page_without_nulls, without_nulls
from engine.gateway.rest.visibility import visible
from engine.identity.policy import Listing
from engine.runtime import errors

PROCESS_DEFINITION_FILTERS = frozenset(
    {
        "name",
        "isLatestVersion",
        "resourceName",
        "version",
        "versionTag",
        "processDefinitionId",
        "tenantId",
        "processDefinitionKey",
        "hasStartForm",
    }
)


def routes(ctx: RestContext) -> list[Route]:
    def definitions() -> list[dict[str, Any]]:
        rows = ctx.engine.process_definitions()
        latest: dict[str, int] = {}
        for row in rows:
            latest[row["bpmnProcessId"]] = max(latest.get(row["bpmnProcessId"], 0), row["version"])
        return [
            {
                "name": ctx.element_name(row["key"], row["bpmnProcessId"]),
                "resourceName": row["resourceName"],
                "version": row["version"],
                "versionTag": row.get("versionTag"),
                "processDefinitionId": row["bpmnProcessId"],
                "tenantId": TENANT,
                "processDefinitionKey": str(row["key"]),
                # the engine links forms to user tasks only; a start event carries no form
                "hasStartForm": False,
                "isLatestVersion": row["version"] == latest[row["bpmnProcessId"]],
            }
            for row in rows
        ]

    def shown(definition: dict[str, Any]) -> dict[str, Any]:
        return without_nulls({k: v for k, v in definition.items() if k != "isLatestVersion"})

    async def definition_of(request: Request) -> dict[str, Any]:
        key = path_key(request, "key")
        found = next((d for d in await ctx.call(definitions) if d["processDefinitionKey"] == str(key)), None)
        if found is None:
            raise errors.NotFound(f"Expected to find process definition with key '{key}', but none found")
        return found

    async def search_definitions(request: Request) -> Response:
        body = await json_body(request)
        items = await visible(request, Listing.PROCESS_DEFINITION, await ctx.call(definitions))
        result = search(items, body, filterable=PROCESS_DEFINITION_FILTERS)
        result["items"] = [shown(item) for item in result["items"]]
        return JSONResponse(page_without_nulls(result))

    async def get_definition(request: Request) -> Response:
        return JSONResponse(shown(await definition_of(request)))

    async def definition_xml(request: Request) -> Response:
        key = path_key(request, "key")
        resource = await ctx.call(lambda: ctx.engine.deployed_resource(key))
        if resource is None or "bpmnProcessId" not in resource:
            raise errors.NotFound(f"Expected to find process definition with key '{key}', but none found")
        return Response(resource["resource"], media_type="text/xml")

    async def start_form(request: Request) -> Response:
        await definition_of(request)
        return Response(status_code=204)  # no start event of the engine's processes links a form

    async def definition_statistics(request: Request) -> Response:
        definition = await definition_of(request)
        body = await json_body(request)
        conditions = dict(body.get("filter") or {})
        conditions["processDefinitionKey"] = definition["processDefinitionKey"]

        def statistics(p: Projection) -> list[dict[str, Any]]:
            keys: set[str] = set()
            start = 0
            while True:  # every matching instance, page by page
                page = instance_search(
                    ctx, p, {"filter": conditions, "page": {"from": start, "limit": MAX_LIMIT}}
                )
                keys.update(item["processInstanceKey"] for item in page["items"])
                start += MAX_LIMIT
                if start >= page["page"]["totalItems"]:
                    break
            ordered = sorted(keys)
            elements: list[dict[str, Any]] = []
            for start in range(0, len(ordered), 500):  # within SQLite's limit on parameters
                chunk = ordered[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                elements += p.element_instances.where(f"process_instance_key IN ({marks})", chunk)
            return element_statistics(elements)

        return JSONResponse({"items": await ctx.current(statistics)})

    base = "/v2/process-definitions"
    return [
        Route(f"{base}/search", handled(search_definitions), methods=["POST"]),
        Route(base + "/{key}", handled(get_definition), methods=["GET"]),
        Route(base + "/{key}/xml", handled(definition_xml), methods=["GET"]),
        Route(base + "/{key}/form", handled(start_form), methods=["GET"]),
        Route(base + "/{key}/statistics/element-instances", handled(definition_statistics), methods=["POST"]),
    ]
