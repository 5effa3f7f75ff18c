"""The management API's clock endpoint, as Zeebe's ActorClockEndpoint serves it on its management
port (9600): ``GET /actuator/clock`` reads the actor clock; ``POST /actuator/clock/pin``
(``{"epochMilli": …}``), ``POST /actuator/clock/add`` (``{"offsetMilli": …}``) and ``DELETE
/actuator/clock`` change it, but only where the clock is controlled (``zeebe.clock.controlled``);
elsewhere they answer 403. The engine's clock follows the actor clock unless ``PUT /v2/clock``
pinned it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.clock import SystemClock, to_ms

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _refusal(message: str, status: int) -> Response:
    return JSONResponse(message, status_code=status)


def _millis(body: dict[str, Any], field: str) -> int | None:
    value = body.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def build_management_app(clock: SystemClock, *, controlled: bool) -> Starlette:
    def current() -> Response:
        instant = clock.actor_now()
        iso = instant.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return JSONResponse({"epochMilli": to_ms(instant), "instant": iso})

    async def read(request: Request) -> Response:
        return current()

    async def modify(request: Request) -> Response:
        operation = request.path_params["operation"]
        body = await _body(request)
        if operation == "pin":
            epoch_milli = _millis(body, "epochMilli")
            if epoch_milli is None:
                return _refusal("Expected pin the clock to the given `epochMilli`, but none given", 400)
            if not controlled:
                return _refusal("Expected to pin the clock to the given time, but it is immutable", 403)
            clock.pin_actor_clock(_EPOCH + dt.timedelta(milliseconds=epoch_milli))
            return current()
        if operation == "add":
            offset_milli = _millis(body, "offsetMilli")
            if offset_milli is None:
                return _refusal("Expected to add `offsetMilli` to the clock, but none given", 400)
            if not controlled:
                return _refusal("Expected to add time to the clock, but it is immutable", 403)
            clock.add_to_actor_clock(dt.timedelta(milliseconds=offset_milli))
            return current()
        return _refusal(
            f"Expected to either `pin` or `add` to the clock, but no operation named `{operation}` is "
            "known; make sure you wrote the correct path",
            400,
        )

    async def reset(request: Request) -> Response:
        if not controlled:
            return _refusal("Expected to reset the clock, but the clock is immutable", 403)
        clock.reset_actor_clock()
        return current()

    return Starlette(
        routes=[
            Route("/actuator/clock", read, methods=["GET"]),
            Route("/actuator/clock", reset, methods=["DELETE"]),
            Route("/actuator/clock/{operation}", modify, methods=["POST"]),
        ]
    )
