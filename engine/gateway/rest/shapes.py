"""Views as 8.8's REST API sends them: a field without a value is left out, never sent as null (the
8.8 specification types each optional field as its value's type, not as nullable)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def without_nulls(view: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in view.items() if value is not None}


def page_without_nulls(result: dict[str, Any]) -> dict[str, Any]:
    """A search result with every item, and the page, without null fields."""
    return {
        "items": [without_nulls(item) for item in result["items"]],
        "page": without_nulls(result["page"]),
    }
