"""The engine clock of the Orchestration Cluster API: ``PUT /v2/clock`` (checked as Camunda's
ClockValidator checks it) and ``POST /v2/clock/reset``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body
from engine.gateway.rest.problems import BadRequest

# The engine's instants are Python datetimes, which end with the year 9999.
_LAST_INSTANT_MS = (dt.datetime.max.replace(tzinfo=dt.UTC) - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // (
    dt.timedelta(milliseconds=1)
)


def pinned_epoch(body: dict[str, Any]) -> int:
    """The instant (epoch milliseconds) a pin request asks for; a 400 naming ``timestamp`` if it is
    missing, not an integer or negative."""
    timestamp = body.get("timestamp")
    if timestamp is None:
        raise BadRequest("No timestamp provided")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool):
        shown = timestamp if isinstance(timestamp, str) else json.dumps(timestamp)
        raise BadRequest(f"The value for timestamp is '{shown}' but must be an integer")
    if timestamp < 0:
        raise BadRequest(f"The value for timestamp is '{timestamp}' but must be not negative")
    if timestamp > _LAST_INSTANT_MS:
        raise BadRequest(f"The value for timestamp is '{timestamp}' but must be before the year 10000")
    return timestamp


def routes(ctx: RestContext) -> list[Route]:
    async def pin_clock(request: Request) -> Response:
        epoch_ms = pinned_epoch(await json_body(request, required=True))
        await ctx.call(lambda: ctx.engine.pin_clock(epoch_ms))
        return Response(status_code=204)

    async def reset_clock(request: Request) -> Response:
        await ctx.call(ctx.engine.reset_clock)
        return Response(status_code=204)

    return [
        Route("/v2/clock", handled(pin_clock), methods=["PUT"]),
        Route("/v2/clock/reset", handled(reset_clock), methods=["POST"]),
    ]
