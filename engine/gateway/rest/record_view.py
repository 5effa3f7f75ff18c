"""What the REST resources share in shaping the history's items: dates, keys, unset fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def instant(epoch_ms: int | None) -> str | None:
    """Epoch milliseconds as the API's ISO 8601 date-time in UTC; None (or Zeebe's -1) stays unset."""
    if epoch_ms is None or epoch_ms < 0:
        return None
    moment = dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def present(item: Mapping[str, Any]) -> dict[str, Any]:
    """The item without its unset fields: 8.8's REST API leaves a field out rather than send null."""
    return {name: value for name, value in item.items() if value is not None}


def present_page(result: dict[str, Any]) -> dict[str, Any]:
    """A search result with unset fields left out of its page and of each item (not deeper: a
    value inside an item, such as a job's variables, keeps its nulls)."""
    return {"items": [present(item) for item in result["items"]], "page": present(result["page"])}


def key_text(value: Any) -> str | None:
    """A record's key as the API's string key; None for Zeebe's "no key" (-1, 0) or nothing."""
    return None if value in (None, -1, 0, "") else str(value)
