"""The ``sort`` of a search request: checked criteria, and an order that holds for any values.

A sort the API cannot read is a 400 naming the criterion (a ``sort`` that is not a list, a field
that is not a name, an order other than ASC or DESC), and values of different kinds in one field
(a number beside a string, an object) order by kind instead of failing the comparison with a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from engine.gateway.rest.problems import BadRequest

_ORDERS = {"ASC": False, "DESC": True}


def sort_criteria(sort: Any) -> list[tuple[str, bool]]:
    """``(field, descending)`` for each criterion, most significant first."""
    if sort is None:
        return []
    if not isinstance(sort, list):
        raise BadRequest(f"sort must be a list of {{field, order}} objects, got {json.dumps(sort)[:100]}")
    criteria = []
    for index, criterion in enumerate(sort):
        field = criterion.get("field") if isinstance(criterion, dict) else None
        if not isinstance(field, str) or not field:
            raise BadRequest(f"sort[{index}] needs a field name, got {json.dumps(criterion)[:100]}")
        order = criterion.get("order", "ASC")
        descending = _ORDERS.get(order.upper()) if isinstance(order, str) else None
        if descending is None:
            raise BadRequest(f"sort[{index}].order must be ASC or DESC, got {json.dumps(order)[:100]}")
        criteria.append((field, descending))
    return criteria


def sort_key(field: str) -> Callable[[dict[str, Any]], tuple[bool, int, Any]]:
    """Absent values last; then by kind (booleans, numbers, strings, the rest); then by value."""

    def key(item: dict[str, Any]) -> tuple[bool, int, Any]:
        value = item.get(field)
        if value is None:
            return (True, 0, 0)
        if isinstance(value, bool):
            return (False, 0, value)
        if isinstance(value, int | float):
            return (False, 1, value)
        if isinstance(value, str):
            return (False, 2, value)
        return (False, 3, json.dumps(value, sort_keys=True, default=str))

    return key
