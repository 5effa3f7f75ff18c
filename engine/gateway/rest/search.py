"""Search requests of the Orchestration Cluster API: filter, sort and page over plain result dicts."""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.sorting import sort_criteria, sort_key

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000


def _comparable(value: Any) -> Any:
    # Keys travel as strings in the API; compare them as strings whatever the client sent.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _operator_matches(operator: str, expected: Any, actual: Any, field: str) -> bool:
    if operator == "$eq":
        return bool(_comparable(actual) == _comparable(expected))
    if operator == "$neq":
        return bool(_comparable(actual) != _comparable(expected))
    if operator == "$exists":
        return (actual is not None) == bool(expected)
    if operator in ("$in", "$notIn"):
        if not isinstance(expected, list):
            raise BadRequest(f"filter.{field}.{operator} must be a list")
        found = _comparable(actual) in {_comparable(item) for item in expected}
        return found if operator == "$in" else not found
    if operator == "$like":
        return actual is not None and fnmatch.fnmatchcase(str(actual), str(expected))
    if operator in ("$gt", "$gte", "$lt", "$lte"):
        if actual is None:
            return False
        left, right = _comparable(actual), _comparable(expected)
        try:
            return bool(
                {"$gt": left > right, "$gte": left >= right, "$lt": left < right, "$lte": left <= right}[
                    operator
                ]
            )
        except TypeError:
            raise BadRequest(
                f"filter.{field}.{operator} cannot compare {expected!r} with {actual!r}"
            ) from None
    raise BadRequest(f"filter.{field}: unknown operator {operator!r}")


def _matches(item: Mapping[str, Any], field: str, condition: Any, aliases: Mapping[str, str]) -> bool:
    actual = item.get(aliases.get(field, field))
    if isinstance(condition, dict):
        return all(_operator_matches(op, expected, actual, field) for op, expected in condition.items())
    if isinstance(actual, list):
        return _comparable(condition) in [_comparable(value) for value in actual]
    return bool(_comparable(actual) == _comparable(condition))


def _cursor(offset: int) -> str:
    """An opaque page cursor, base64 as the API's cursors are (clients check the pattern)."""
    return base64.b64encode(json.dumps({"offset": offset}).encode()).decode()


def _offset(cursor: Any, field: str) -> int:
    try:
        offset = json.loads(base64.b64decode(str(cursor), validate=True))["offset"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise BadRequest(f"page.{field} is not a cursor this API returned: {cursor!r}") from None
    if not isinstance(offset, int) or offset < 0:
        raise BadRequest(f"page.{field} is not a cursor this API returned: {cursor!r}")
    return offset


def filter_groups(
    body: Any, filterable: frozenset[str], extra: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The checked filter of a search request body: its top-level fields and its ``$or`` groups."""
    if not isinstance(body, dict):
        raise BadRequest("the search request must be a JSON object")
    conditions = body.get("filter") or {}
    if not isinstance(conditions, dict):
        raise BadRequest("filter must be a JSON object")
    conditions = dict(conditions)
    alternatives = conditions.pop("$or", None) or []
    if not isinstance(alternatives, list) or not all(isinstance(group, dict) for group in alternatives):
        raise BadRequest("filter.$or must be a list of filter objects")
    for group in (conditions, *alternatives):
        unknown = set(group) - filterable - extra
        if unknown:
            raise BadRequest(f"filter has unknown fields: {', '.join(sorted(unknown))}")
    return conditions, alternatives


def page_window(body: dict[str, Any]) -> tuple[int, int]:
    """The checked page of a search request: the offset of its first item and its size."""
    page = body.get("page") or {}
    if not isinstance(page, dict):
        raise BadRequest("page must be a JSON object")
    try:
        limit = DEFAULT_LIMIT if page.get("limit") is None else int(page["limit"])
        start = 0 if page.get("from") is None else int(page["from"])
    except (TypeError, ValueError):
        raise BadRequest("page.from and page.limit must be integers") from None
    if page.get("after") is not None:
        start = _offset(page["after"], "after")
    elif page.get("before") is not None:
        start = max(0, _offset(page["before"], "before") - limit)
    if start < 0 or not 0 < limit <= MAX_LIMIT:
        raise BadRequest(f"page.from must be >= 0 and page.limit between 1 and {MAX_LIMIT}")
    return start, limit


def page_result(window: list[dict[str, Any]], start: int, total: int) -> dict[str, Any]:
    """The search response for one page of ``total`` items found, starting at ``start``."""
    return {
        "items": window,
        "page": {
            "totalItems": total,
            "hasMoreTotalItems": False,
            "startCursor": _cursor(start) if window else None,
            "endCursor": _cursor(start + len(window)) if window else None,
        },
    }


def search(
    items: Iterable[dict[str, Any]],
    body: Any,
    *,
    filterable: frozenset[str],
    aliases: Mapping[str, str] | None = None,
    extra_filters: Mapping[str, Callable[[dict[str, Any], Any], bool]] | None = None,
) -> dict[str, Any]:
    """Apply a search request body (filter, sort, page) and build the search response."""
    body = body or {}
    aliases = aliases or {}
    extra_filters = extra_filters or {}
    conditions, alternatives = filter_groups(body, filterable, frozenset(extra_filters))

    def satisfies(item: dict[str, Any], group: dict[str, Any]) -> bool:
        return all(
            extra_filters[field](item, condition)
            if field in extra_filters
            else _matches(item, field, condition, aliases)
            for field, condition in group.items()
        )

    # Top-level fields AND any one of the $or groups, as the API defines the combination.
    selected = [
        item
        for item in items
        if satisfies(item, conditions)
        and (not alternatives or any(satisfies(item, group) for group in alternatives))
    ]
    for field, descending in reversed(sort_criteria(body.get("sort"))):
        selected.sort(key=sort_key(field), reverse=descending)
    start, limit = page_window(body)
    return page_result(selected[start : start + limit], start, len(selected))


def value_matches(actual: Any, condition: Any, field: str) -> bool:
    """Whether one value satisfies a filter condition (a plain value or an operator object), as a
    search filter field would: for filters computed beside the item (variables, element instances)."""
    return _matches({field: actual}, field, condition, {})
