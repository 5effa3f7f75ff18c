"""The clock request of the Orchestration Cluster API (``PUT /v2/clock``), checked as Camunda's
ClockValidator checks it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

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
