"""The FEEL built-in library of Camunda 8.8 (feel-scala 1.19) plus the DMN 1.4/1.5 additions.

    BUILTIN_NAMES                      every built-in name ("date and time", "get value", ...)
    invoke_builtin(name, positional, named, warn)
                                       call by positional or named arguments; wrong arguments give
                                       None and a warning naming the function, never an exception
    get_builtin(name)                  a built-in as a FEEL function value (e.g. for ``sort``)

Where this library answers and feel-scala 1.19 does not (it yields null), the DMN specification
decides: ``is``, ``range`` and ``list replace`` exist; a single value stands for a one-item list
(``count(1)``) and a one-item list for its item (``upper case(["a"])``); ranges with an open end
work in the range functions; ``floor``/``round half down`` also accept ``scale`` (feel-scala names
it ``scala``). Other differences: string positions count Unicode code points (feel-scala counts
UTF-16 units), and ``sqrt``, ``log``, ``exp`` and ``stddev`` compute with 34 digits, not doubles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.feel.builtins import (
    boolean,
    contexts,
    conversion,
    lists,
    numeric,
    ranges,
    string,
    temporal,
)
from engine.feel.builtins.registry import BuiltinFunction, Overload, invoke
from engine.feel.values import FeelFunction, Warn

__all__ = ["BUILTIN_NAMES", "get_builtin", "invoke_builtin"]


def _merge(*tables: Mapping[str, list[Overload]]) -> dict[str, tuple[Overload, ...]]:
    merged: dict[str, tuple[Overload, ...]] = {}
    for table in tables:
        for name, overloads in table.items():
            if name in merged:
                raise ValueError(f"built-in '{name}' is defined twice")
            merged[name] = tuple(overloads)
    return merged


_TABLE = _merge(
    conversion.FUNCTIONS,
    boolean.FUNCTIONS,
    string.FUNCTIONS,
    lists.FUNCTIONS,
    numeric.FUNCTIONS,
    contexts.FUNCTIONS,
    ranges.FUNCTIONS,
    temporal.FUNCTIONS,
)

BUILTIN_NAMES: frozenset[str] = frozenset(_TABLE)

_FUNCTIONS = {name: BuiltinFunction(name, overloads) for name, overloads in _TABLE.items()}


def invoke_builtin(
    name: str, positional: Sequence[Any] | None, named: Mapping[str, Any] | None, warn: Warn
) -> Any:
    """Call built-in ``name`` with positional or named arguments (named win when both are given)."""
    return invoke(_TABLE, name, positional, named, warn)


def get_builtin(name: str) -> FeelFunction | None:
    return _FUNCTIONS.get(name)
