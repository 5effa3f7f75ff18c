"""List built-ins: aggregation, statistics, slicing, set operations, sorting, joining.

Positions are 1-based and negative positions count from the end. Aggregates over an empty list
are null (``mode`` gives an empty list). Equality of items is FEEL equality (``1 = 1.0``).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from engine.feel.builtins.registry import (
    ArgumentError,
    Table,
    feel_list,
    integer,
    overload,
    string,
)
from engine.feel.temporal import compare, kind_of, same_value
from engine.feel.temporal_format import to_feel_string
from engine.feel.values import DECIMAL_CONTEXT, FeelFunction, Warn

_ORDERED = frozenset(
    {
        "number",
        "string",
        "date",
        "time",
        "local time",
        "date and time",
        "local date and time",
        "days and time duration",
        "years and months duration",
    }
)


def _ordered(items: list[Any]) -> list[Any]:
    kinds = {kind_of(item) for item in items}
    if len(kinds) != 1 or not kinds <= _ORDERED:
        raise ArgumentError(f"the items of {_describe(items)} are not comparable")
    return sorted(items, key=functools.cmp_to_key(lambda a, b: compare(a, b) or 0))


def _describe(items: list[Any]) -> str:
    return to_feel_string(items)


def _numbers(items: list[Any]) -> list[Decimal]:
    for item in items:
        if not isinstance(item, Decimal):
            raise ArgumentError(f"expected a list of numbers but found {_describe(items)}")
    return items


def _min(items: Any) -> Any:
    values = feel_list(items)
    return _ordered(values)[0] if values else None


def _max(items: Any) -> Any:
    values = feel_list(items)
    return _ordered(values)[-1] if values else None


def _sum(items: Any) -> Decimal | None:
    values = _numbers(feel_list(items))
    if not values:
        return None
    return functools.reduce(DECIMAL_CONTEXT.add, values, Decimal(0))


def _product(items: Any) -> Decimal | None:
    values = _numbers(feel_list(items))
    if not values:
        return None
    return functools.reduce(DECIMAL_CONTEXT.multiply, values, Decimal(1))


def _mean(items: Any) -> Decimal | None:
    values = feel_list(items)
    total = _sum(values)
    return None if total is None else DECIMAL_CONTEXT.divide(total, Decimal(len(values)))


def _median(items: Any) -> Decimal | None:
    values = sorted(_numbers(feel_list(items)))
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2 == 1:
        return values[middle]
    return DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.add(values[middle - 1], values[middle]), Decimal(2))


def _stddev(items: Any) -> Decimal | None:
    values = _numbers(feel_list(items))
    if not values:
        return None
    if len(values) == 1:
        raise ArgumentError("the standard deviation of a single number is undefined")
    mean = DECIMAL_CONTEXT.divide(functools.reduce(DECIMAL_CONTEXT.add, values), Decimal(len(values)))
    squares = functools.reduce(
        DECIMAL_CONTEXT.add, (DECIMAL_CONTEXT.power(value - mean, 2) for value in values)
    )
    return DECIMAL_CONTEXT.divide(squares, Decimal(len(values) - 1)).sqrt(DECIMAL_CONTEXT)


def _mode(items: Any) -> list[Decimal]:
    values = _numbers(feel_list(items))
    counts: dict[Decimal, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    if not counts:
        return []
    most = max(counts.values())
    return sorted(value for value, count in counts.items() if count == most)


def _all(items: Any) -> bool | None:
    result: bool | None = True
    for item in feel_list(items):
        if result is False:
            return False
        if item is False:
            result = False
        elif item is not True:
            result = None
    return result


def _any(items: Any) -> bool | None:
    result: bool | None = False
    for item in feel_list(items):
        if result is True:
            return True
        if item is True:
            result = True
        elif item is not False:
            result = None
    return result


def _index(items: list[Any], position: int) -> int:
    """A 1-based (or negative, from the end) position as a 0-based index; may fall outside the list."""
    return position - 1 if position > 0 else len(items) + position


def _nonzero(position: Any, what: str) -> int:
    value = integer(position)
    if value == 0:
        raise ArgumentError(f"{what} must be a non-zero number")
    return value


def _sublist(items: Any, start: Any, length: Any = None) -> list[Any]:
    values = feel_list(items)
    begin = _index(values, _nonzero(start, "start position"))
    end = len(values) if length is None else begin + integer(length)
    return values[max(begin, 0) : max(end, 0)]


def _append(items: Any, extra: Any) -> list[Any]:
    return [*feel_list(items), *feel_list(extra)]


def _concatenate(lists: Any) -> list[Any]:
    result: list[Any] = []
    for item in feel_list(lists):
        if isinstance(item, list):
            result.extend(item)
        else:
            result.append(item)
    return result


def _insert_before(items: Any, position: Any, new_item: Any) -> list[Any]:
    values = feel_list(items)
    index = max(_index(values, _nonzero(position, "position")), 0)
    return [*values[:index], new_item, *values[index:]]


def _remove(items: Any, position: Any) -> list[Any]:
    values = feel_list(items)
    place = _nonzero(position, "position")
    return values[: max(_index(values, place), 0)] + values[max(_index(values, place + 1), 0) :]


def _list_replace(items: Any, position: Any, new_item: Any, warn: Warn) -> list[Any]:
    values = feel_list(items)
    if isinstance(position, FeelFunction):
        if len(position.params) != 2:
            raise ArgumentError(f"the match function must take 2 parameters, not {len(position.params)}")
        result: list[Any] = []
        for item in values:
            matched = position.invoke([item, new_item], warn)
            if not isinstance(matched, bool):
                raise ArgumentError(f"the match function returned {matched!r} instead of a boolean")
            result.append(new_item if matched else item)
        return result
    index = _index(values, _nonzero(position, "position"))
    if not 0 <= index < len(values):
        raise ArgumentError(f"position {integer(position)} is outside of the list")
    return [*values[:index], new_item, *values[index + 1 :]]


def _list_contains(items: Any, element: Any) -> bool:
    return any(same_value(item, element) for item in feel_list(items))


def _index_of(items: Any, match: Any) -> list[Decimal]:
    return [Decimal(i) for i, item in enumerate(feel_list(items), start=1) if same_value(item, match)]


def _distinct(values: list[Any]) -> list[Any]:
    result: list[Any] = []
    for value in values:
        if not any(same_value(value, seen) for seen in result):
            result.append(value)
    return result


def _union(lists: Any) -> list[Any]:
    return _distinct(_concatenate(lists))


def _duplicate_values(items: Any) -> list[Any]:
    values = feel_list(items)
    return [v for v in _distinct(values) if sum(1 for other in values if same_value(v, other)) > 1]


def _flatten(items: Any) -> list[Any]:
    result: list[Any] = []
    for item in feel_list(items):
        if isinstance(item, list):
            result.extend(_flatten(item))
        else:
            result.append(item)
    return result


def _sort(items: Any, precedes: Any, warn: Warn) -> list[Any]:
    values = feel_list(items)
    if not isinstance(precedes, FeelFunction):
        raise ArgumentError
    if len(precedes.params) != 2:
        raise ArgumentError(
            f"expected a boolean function with 2 parameters, but found {len(precedes.params)}"
        )

    def before(a: Any, b: Any) -> bool:
        result = precedes.invoke([a, b], warn)
        if not isinstance(result, bool):
            raise ArgumentError(
                f"fail to sort list by given precedes function: expected boolean but found {result!r}"
            )
        return result

    def order(a: Any, b: Any) -> int:
        if before(a, b):
            return -1
        return 1 if before(b, a) else 0

    return sorted(values, key=functools.cmp_to_key(order))


def _string_join(items: Any, delimiter: Any = None, prefix: Any = None, suffix: Any = None) -> str:
    values = feel_list(items)
    if any(item is not None and not isinstance(item, str) for item in values):
        raise ArgumentError(f"expected a list of strings but found {_describe(values)}")
    if (prefix is None) != (suffix is None):
        raise ArgumentError
    separator = "" if delimiter is None else string(delimiter)
    joined = separator.join(item for item in values if item is not None)
    return ("" if prefix is None else string(prefix)) + joined + ("" if suffix is None else string(suffix))


def _partition(items: Any, size: Any) -> list[list[Any]]:
    values, count = feel_list(items), integer(size)
    if count <= 0:
        raise ArgumentError(f"'size' should be greater than zero but was '{count}'")
    return [values[i : i + count] for i in range(0, len(values), count)]


FUNCTIONS: Table = {
    "list contains": [
        overload("list, element", lambda items, e: any(same_value(i, e) for i in feel_list(items)))
    ],
    "count": [overload("list", lambda items: Decimal(len(feel_list(items))))],
    "min": [overload("list", _min, varargs=True)],
    "max": [overload("list", _max, varargs=True)],
    "sum": [overload("list", _sum, varargs=True)],
    "product": [overload("list", _product, varargs=True)],
    "mean": [overload("list", _mean, varargs=True)],
    "median": [overload("list", _median, varargs=True)],
    "stddev": [overload("list", _stddev, varargs=True)],
    "mode": [overload("list", _mode, varargs=True)],
    "all": [overload("list", _all, varargs=True)],
    "and": [overload("list", _all, varargs=True)],
    "any": [overload("list", _any, varargs=True)],
    "or": [overload("list", _any, varargs=True)],
    "sublist": [
        overload("list, start position|start", _sublist),
        overload("list, start position|start, length", _sublist),
    ],
    "append": [overload("list, item|items", _append, varargs=True)],
    "concatenate": [overload("list|lists", _concatenate, varargs=True)],
    "insert before": [overload("list, position, newItem", _insert_before)],
    "remove": [overload("list, position", _remove)],
    "list replace": [overload("list, position|match, newItem", _list_replace, needs_warn=True)],
    "reverse": [overload("list", lambda items: feel_list(items)[::-1])],
    "index of": [overload("list, match", _index_of)],
    "union": [overload("list|lists", _union, varargs=True)],
    "distinct values": [overload("list", lambda items: _distinct(feel_list(items)))],
    "duplicate values": [overload("list", _duplicate_values)],
    "flatten": [overload("list", _flatten)],
    "sort": [overload("list, precedes", _sort, needs_warn=True)],
    "string join": [
        overload("list", _string_join),
        overload("list, delimiter", _string_join),
        overload("list, delimiter, prefix, suffix", _string_join),
    ],
    "is empty": [overload("list", lambda items: not feel_list(items))],
    "partition": [overload("list, size", _partition)],
}
