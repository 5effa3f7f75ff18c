"""Deployed resources by key: their metadata, their content and their deletion."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.projection import TENANT
from engine.gateway.rest.shapes import without_nulls
from engine.runtime import errors


def routes(ctx: RestContext) -> list[Route]:
    async def resource_of(request: Request) -> dict[str, Any]:
        key = path_key(request, "key")
        found = await ctx.call(lambda: ctx.engine.deployed_resource(key))
        if found is None:
            raise errors.NotFound(f"Expected to find resource with key '{key}', but none found")
        return found

    async def get_resource(request: Request) -> Response:
        found = await resource_of(request)
        return JSONResponse(
            without_nulls(
                {
                    "resourceName": found["resourceName"],
                    "version": found["version"],
                    "versionTag": found.get("versionTag"),
                    "resourceId": found["resourceId"],
                    "tenantId": TENANT,
                    "resourceKey": str(found["key"]),
                }
            )
        )

    async def get_resource_content(request: Request) -> Response:
        found = await resource_of(request)
        # the deployed text as text, so that clients read it as the string 8.8 defines
        return Response(found["resource"], media_type="text/plain; charset=utf-8")

    async def delete_resource(request: Request) -> Response:
        key = path_key(request, "key")
        await json_body(request)
        await ctx.call(lambda: ctx.engine.delete_resource(key))
        return Response(status_code=204)

    return [
        Route("/v2/resources/{key}", handled(get_resource), methods=["GET"]),
        Route("/v2/resources/{key}/content", handled(get_resource_content), methods=["GET"]),
        Route("/v2/resources/{key}/deletion", handled(delete_resource), methods=["POST"]),
    ]
