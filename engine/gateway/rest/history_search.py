"""REST searches answered as SQL over the history tables, with the result ``search.search`` gives.

A request is translated only where SQL's answer is provably the one the in-memory search gives
(the same comparisons, absent values last, ties in the order items were first written); for
anything else (a computed filter, an operator on a kind of value SQLite compares differently, a
sort by a field without a column, a caller who may see only some items) :func:`sql_search`
returns None and the route searches the items as before. The filters and sorts clients use every
day are columns with an index, so those searches cost a query, however long the history grows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from engine.gateway.rest.search import filter_groups, page_result, page_window
from engine.gateway.rest.sorting import sort_criteria
from engine.history.table import Column, HistoryTable

Sql = tuple[str, list[Any]]
Derived = Callable[[Any], Sql | None]
"""A filter field computed beside the item, as SQL for one condition (None: not translatable)."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _param(column: Column, value: Any) -> tuple[str, Any] | None:
    """The column expression and parameter comparing ``value`` as the in-memory search does
    (which compares numbers as their digits), or None when SQL would compare otherwise."""
    if column.kind == "text" and (isinstance(value, str) or _is_int(value)):
        return column.column, str(value)
    if column.kind == "int" and _is_int(value):
        return column.column, value
    if column.kind == "int" and isinstance(value, str):
        return f"CAST({column.column} AS TEXT)", value
    if column.kind == "bool" and isinstance(value, bool):
        return column.column, int(value)
    return None


def _list_params(column: Column, values: Any) -> tuple[str, list[Any]] | None:
    if not isinstance(values, list):
        return None
    found = [_param(column, value) for value in values]
    if any(item is None for item in found):
        return None
    expression = found[0][0] if found and found[0] is not None else column.column
    if column.kind == "int" and any(isinstance(value, str) for value in values):
        return None  # digits and numbers mixed in one list: leave it to the items
    return expression, [item[1] for item in found if item is not None]


def _glob(pattern: Any) -> str | None:
    """A ``$like`` pattern (shell-style, as fnmatch reads it) as SQLite's GLOB, when they agree."""
    if not isinstance(pattern, str) or "[" in pattern or "]" in pattern:
        return None
    return pattern


def _operator(column: Column, operator: str, expected: Any) -> Sql | None:
    if operator == "$exists":
        return f"{column.column} IS {'NOT ' if expected else ''}NULL", []
    if column.kind == "list":
        return None
    if operator in ("$eq", "$neq"):
        compared = _param(column, expected)
        if compared is None:
            return None
        return f"{compared[0]} {'=' if operator == '$eq' else 'IS NOT'} ?", [compared[1]]
    if operator in ("$in", "$notIn"):
        listed = _list_params(column, expected)
        if listed is None:
            return None
        expression, params = listed
        marks = ", ".join("?" for _ in params)
        if operator == "$in":
            return f"{expression} IN ({marks})", params
        return f"({expression} IS NULL OR {expression} NOT IN ({marks}))", params
    if operator == "$like":
        pattern = _glob(expected)
        if column.kind != "text" or pattern is None:
            return None
        return f"{column.column} GLOB ?", [pattern]
    if operator in ("$gt", "$gte", "$lt", "$lte"):
        if column.kind not in ("text", "int") or not (isinstance(expected, str) or _is_int(expected)):
            return None
        sign = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}[operator]
        expression = column.column if column.kind == "text" else f"CAST({column.column} AS TEXT)"
        return f"{expression} {sign} ?", [str(expected)]
    return None


def _condition(column: Column, condition: Any) -> Sql | None:
    if isinstance(condition, dict):
        parts = [_operator(column, op, expected) for op, expected in condition.items()]
        if any(part is None for part in parts):
            return None
        return _and([part for part in parts if part is not None])
    if column.kind == "list":
        if not (isinstance(condition, str) or _is_int(condition)):
            return None
        return f"EXISTS (SELECT 1 FROM json_each({column.column}) WHERE value = ?)", [str(condition)]
    compared = _param(column, condition)
    if compared is None:
        return None
    return f"{compared[0]} = ?", [compared[1]]


def _and(parts: list[Sql]) -> Sql:
    if not parts:
        return "1", []
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, params in parts for p in params]


def _group(
    table: HistoryTable, group: dict[str, Any], aliases: Mapping[str, str], derived: Mapping[str, Derived]
) -> Sql | None:
    parts: list[Sql] = []
    for field, condition in group.items():
        if field in derived:
            part = derived[field](condition)
        else:
            column = table.by_field.get(aliases.get(field, field))
            part = None if column is None else _condition(column, condition)
        if part is None:
            return None
        parts.append(part)
    return _and(parts)


def _order(table: HistoryTable, sort: Any) -> str | None:
    terms = []
    for field, descending in sort_criteria(sort):
        column = table.by_field.get(field)
        if column is None or column.kind == "list":
            return None
        if descending:  # a reversed sort: absent values first, ties still in written order
            terms.append(f"({column.column} IS NULL) DESC, {column.column} DESC")
        else:
            terms.append(f"({column.column} IS NULL), {column.column}")
    return ", ".join([*terms, "seq"])


def sql_search(
    table: HistoryTable,
    body: Any,
    *,
    filterable: frozenset[str],
    aliases: Mapping[str, str] | None = None,
    extra: frozenset[str] = frozenset(),
    derived: Mapping[str, Derived] | None = None,
) -> dict[str, Any] | None:
    """The search response from SQL, or None when the request needs the in-memory search.

    ``extra`` names the computed filter fields the route accepts (for the same 400 on an unknown
    field); those in ``derived`` have SQL of their own, the others leave the search to the items."""
    body = body or {}
    aliases = aliases or {}
    derived = derived or {}
    conditions, alternatives = filter_groups(body, filterable, extra)
    top = _group(table, conditions, aliases, derived)
    options = [_group(table, group, aliases, derived) for group in alternatives]
    order = _order(table, body.get("sort"))
    if top is None or order is None or any(option is None for option in options):
        return None
    where, params = top
    if options:
        chosen = [option for option in options if option is not None]
        where = f"({where}) AND ({' OR '.join(f'({sql})' for sql, _ in chosen)})"
        params = params + [p for _, ps in chosen for p in ps]
    start, limit = page_window(body)
    db = table.db
    total = int(db.execute(f"SELECT COUNT(*) FROM {table.name} WHERE {where}", params).fetchone()[0])
    rows = db.execute(
        f"SELECT doc FROM {table.name} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, start],
    ).fetchall()
    return page_result([json.loads(row[0]) for row in rows], start, total)


def scope_filter(flow_scopes_table: str) -> Derived:
    """``elementInstanceScopeKey``: the element instances directly inside the given scope."""

    def sql(condition: Any) -> Sql | None:
        if not (isinstance(condition, str) or _is_int(condition)):
            return None
        inside = f"element_instance_key IN (SELECT k FROM {flow_scopes_table} WHERE scope = ?)"
        return inside, [str(condition)]

    return sql


def tags_filter(condition: Any) -> Sql | None:
    """8.8's ``tags`` filter: the instance carries every tag given."""
    if not isinstance(condition, list) or not all(isinstance(tag, str) for tag in condition):
        return None  # the items' filter names what is wrong
    return _and([("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)", [tag]) for tag in condition])


def candidates(
    table: HistoryTable,
    body: Any,
    *,
    aliases: Mapping[str, str] | None = None,
    derived: Mapping[str, Derived] | None = None,
    within: Sql | None = None,
) -> list[dict[str, Any]]:
    """The items a search that SQL cannot answer whole needs to look at, in written order.

    When every top-level condition of the filter translates, only the items satisfying them are
    read (the in-memory search then applies the ``$or`` groups, the caller's visibility and the
    page, and finds the same page: items failing a top-level condition are never looked at
    further, and a translated condition cannot fail); otherwise every item is. ``within`` is SQL
    for the items the caller may see at most (the in-memory visibility still decides), so a
    caller who sees few of many items does not have every one read."""
    conditions = body.get("filter") if isinstance(body, dict) else None
    parts = [within] if within is not None else []
    if isinstance(conditions, dict):
        top = {field: value for field, value in conditions.items() if field != "$or"}
        translated = _group(table, top, aliases or {}, derived or {})
        if translated is not None:
            parts.append(translated)
    return list(table.where(*_and(parts))) if parts else list(table.values())
