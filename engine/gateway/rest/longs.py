"""Java longs in request bodies: the 8.8 API's int64 fields (timeouts, time to live, back-off) come
as JSON numbers or, from clients that keep longs lossless (the official JavaScript client does), as
numeric strings; Camunda's gateway takes both, as Jackson coerces them."""

from __future__ import annotations

import re
from typing import Any

from engine.gateway.rest.problems import BadRequest

_NUMERIC = re.compile(r"-?[0-9]+")


def long_field(body: dict[str, Any], name: str, *, default: int | None = None) -> int | None:
    """The field as an int; ``default`` when it is absent or null; a 400 naming it otherwise."""
    raw = body.get(name)
    if raw is None:
        return default
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _NUMERIC.fullmatch(raw.strip()):
        return int(raw)
    raise BadRequest(f"{name} must be an integer (a number or a numeric string), got {raw!r}")
