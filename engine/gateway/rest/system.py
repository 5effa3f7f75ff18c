"""The node's status, its license and its usage metrics."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import TENANT
from engine.gateway.rest.usage_metrics import UsageMetrics


def _epoch_ms(raw: str | None, name: str) -> int:
    if not raw:
        raise BadRequest(f"No {name} provided: give it as an ISO 8601 date-time")
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"The value for {name} is '{raw}' but must be an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise BadRequest(f"The value for {name} is '{raw}' but must name its offset (e.g. Z)")
    return int(moment.timestamp() * 1000)


def routes(ctx: RestContext) -> list[Route]:
    metrics = UsageMetrics()

    async def status(request: Request) -> Response:
        # one node, one partition, led by this node: up for as long as it answers at all
        return Response(status_code=204)

    async def license_(request: Request) -> Response:
        # the embedded engine runs without a Camunda license; it says so rather than claim one
        return JSONResponse({"validLicense": False, "licenseType": "unknown", "isCommercial": False})

    async def usage_metrics(request: Request) -> Response:
        start = _epoch_ms(request.query_params.get("startTime"), "startTime")
        end = _epoch_ms(request.query_params.get("endTime"), "endTime")
        if end < start:
            raise BadRequest("The endTime must not be before the startTime")
        tenant = request.query_params.get("tenantId")
        with_tenants = request.query_params.get("withTenants", "false").lower() == "true"

        def count() -> dict[str, int]:
            metrics.catch_up(ctx.engine.records)
            return metrics.window(start, end)

        counts = await ctx.call(count)
        if tenant not in (None, "", TENANT):
            counts = dict.fromkeys(counts, 0)
        active = 1 if any(counts.values()) else 0
        body: dict[str, object] = {**counts, "activeTenants": active}
        body["tenants"] = {TENANT: counts} if with_tenants and active else {}
        return JSONResponse(body)

    return [
        Route("/v2/status", handled(status), methods=["GET"]),
        Route("/v2/license", handled(license_), methods=["GET"]),
        Route("/v2/system/usage-metrics", handled(usage_metrics), methods=["GET"]),
    ]
