"""Boolean and null-handling built-ins: not, is defined, get or else, assert, and DMN 1.4's is."""

from __future__ import annotations

from typing import Any

from engine.feel.builtins.registry import ArgumentError, Table, overload
from engine.feel.temporal import equals, kind_of


def _not(negand: Any) -> bool | None:
    return (not negand) if isinstance(negand, bool) else None


def _assert(value: Any, condition: Any, cause: Any = None) -> Any:
    if condition is True:
        return value
    raise ArgumentError(cause if isinstance(cause, str) else "The condition is not fulfilled")


def _is(value1: Any, value2: Any) -> bool:
    """Same kind of value and equal, zone and offset included (unlike ``=`` it never yields null)."""
    return kind_of(value1) == kind_of(value2) and equals(value1, value2) is True


FUNCTIONS: Table = {
    "not": [overload("negand", _not)],
    "is defined": [overload("value", lambda value: value is not None)],
    "get or else": [overload("value, default", lambda value, default: default if value is None else value)],
    "assert": [
        overload("value, condition", _assert),
        overload("value, condition, cause", _assert),
    ],
    "is": [overload("value1, value2", _is)],
}
