"""Element-instance statistics, as Operate counts them per element: active, canceled (terminated),
completed, and the instances with an open incident."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def element_statistics(elements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {}
    for element in elements:
        row = counts.setdefault(
            element["elementId"],
            {"elementId": element["elementId"], "active": 0, "canceled": 0, "incidents": 0, "completed": 0},
        )
        if element["hasIncident"] and element["state"] == "ACTIVE":
            row["incidents"] += 1
        elif element["state"] == "ACTIVE":
            row["active"] += 1
        elif element["state"] == "TERMINATED":
            row["canceled"] += 1
        elif element["state"] == "COMPLETED":
            row["completed"] += 1
    return sorted(counts.values(), key=lambda row: row["elementId"])
