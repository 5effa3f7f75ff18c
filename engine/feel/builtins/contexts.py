"""Context built-ins: get value (also by a path of keys), get entries, context put (also nested),
context merge and context (from entries); ``put``/``put all`` are feel-scala's older names."""

from __future__ import annotations

from typing import Any

from engine.feel.builtins.registry import ArgumentError, Table, context, feel_list, overload


def _keys(value: Any) -> list[str] | None:
    """A key path as a list of strings, None when ``value`` is a list holding something else."""
    if not isinstance(value, list):
        raise ArgumentError
    return value if all(isinstance(key, str) for key in value) else None


def _get_value(ctx: Any, key: Any) -> Any:
    current = context(ctx)
    if isinstance(key, str):
        return current.get(key)
    path = _keys(key)
    if not path:
        return None
    value: Any = current
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _get_entries(ctx: Any) -> list[dict[str, Any]]:
    return [{"key": key, "value": value} for key, value in context(ctx).items()]


def _put_path(ctx: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    head, *rest = path
    if not rest:
        return {**ctx, head: value}
    nested = ctx.get(head)
    return {**ctx, head: _put_path(nested if isinstance(nested, dict) else {}, rest, value)}


def _context_put(ctx: Any, key: Any, value: Any) -> dict[str, Any] | None:
    current = context(ctx)
    if isinstance(key, str):
        return {**current, key: value}
    path = _keys(key)
    if path is None:
        raise ArgumentError
    return _put_path(current, path, value) if path else None


def _context_merge(contexts: Any) -> dict[str, Any] | None:
    items = feel_list(contexts)
    if not all(isinstance(item, dict) for item in items):
        return None
    merged: dict[str, Any] = {}
    for item in items:
        merged.update(item)
    return merged


def _context(entries: Any) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    for entry in feel_list(entries):
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str) and "value" in entry):
            return None
        result[entry["key"]] = entry["value"]
    return result


FUNCTIONS: Table = {
    "get value": [
        overload("m|context, key", _get_value),
        overload("context|m, keys", _get_value),
    ],
    "get entries": [overload("m|context", _get_entries)],
    "context put": [overload("context, key|keys, value", _context_put)],
    "put": [overload("context, key, value", _context_put)],
    "context merge": [overload("contexts", _context_merge, varargs=True)],
    "put all": [overload("contexts", _context_merge, varargs=True)],
    "context": [overload("entries", _context)],
}
