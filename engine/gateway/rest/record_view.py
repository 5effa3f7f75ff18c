"""The base of the REST views that follow the record log on their own: jobs, decisions, message
subscriptions. Each view reads every record once, in log order, as Camunda's exporters do, and keeps
its items in the shape the Orchestration Cluster API returns them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from engine.runtime.records import Record


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


class RecordView:
    """Applies each EVENT record once to the handler its subclass names for the record's value type."""

    handlers: ClassVar[Mapping[str, Callable[[Any, Record], None]]] = {}

    def __init__(self) -> None:
        self._position = 0

    def catch_up(self, records: Sequence[Record]) -> None:
        for index in range(self._position, len(records)):
            record = records[index]
            if record.record_type != "EVENT":
                continue
            handler = self.handlers.get(record.value_type)
            if handler is not None:
                handler(self, record)
        self._position = len(records)
