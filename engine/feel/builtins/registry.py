"""The table of built-in functions and the rules for calling them.

Each built-in name maps to a list of overloads, each with its parameter names, tried in order as
feel-scala does: a positional call takes the first overload with as many parameters (or a varargs
one with fewer); a named call takes the first overload whose parameter names include every given
name, unset ones becoming null. A parameter may accept alternative names (``"start position|start"``)
because feel-scala and the DMN specification name some parameters differently.

An implementation raises :class:`ArgumentError` when the arguments do not fit; the caller then gets
null and a warning naming the function. No exception escapes a built-in.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.feel.temporal_format import to_feel_string
from engine.feel.values import Warn


class ArgumentError(Exception):
    """The arguments do not fit the function; without a message the arguments are listed instead."""


@dataclass(frozen=True, slots=True)
class Overload:
    params: tuple[str, ...]
    accepted: tuple[frozenset[str], ...]
    impl: Callable[..., Any]
    varargs: bool
    needs_warn: bool


def overload(
    spec: str, impl: Callable[..., Any], *, varargs: bool = False, needs_warn: bool = False
) -> Overload:
    """An overload from ``"list, start position|start, length"``: the first of ``|``-names is the main one."""
    names = [part.strip() for part in spec.split(",")] if spec.strip() else []
    accepted = tuple(frozenset(alias.strip() for alias in name.split("|")) for name in names)
    params = tuple(name.split("|")[0].strip() for name in names)
    return Overload(params, accepted, impl, varargs, needs_warn)


Table = dict[str, list[Overload]]


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else to_feel_string(value)


def _select_positional(overloads: Sequence[Overload], count: int) -> Overload | None:
    for candidate in overloads:
        if len(candidate.params) == count or (candidate.varargs and len(candidate.params) < count):
            return candidate
    return None


def _bind_varargs(candidate: Overload, args: Sequence[Any]) -> list[Any]:
    fixed = len(candidate.params) - 1
    rest = list(args[fixed:])
    if fixed == 0 and len(rest) == 1 and isinstance(rest[0], list):
        return [rest[0]]
    return [*args[:fixed], rest]


def _select_named(overloads: Sequence[Overload], names: Sequence[str]) -> tuple[Overload, list[int]] | None:
    for candidate in overloads:
        positions: list[int] = []
        for name in names:
            index = next((i for i, accepted in enumerate(candidate.accepted) if name in accepted), None)
            if index is None:
                break
            positions.append(index)
        else:
            return candidate, positions
    return None


_FAILURES = (ArithmeticError, ValueError, OverflowError, TypeError, decimal.DecimalException)


def call(name: str, candidate: Overload, args: list[Any], warn: Warn) -> Any:
    """Run one overload with arguments bound in its parameter order."""
    try:
        if candidate.needs_warn:
            return candidate.impl(*args, warn=warn)
        return candidate.impl(*args)
    except ArgumentError as exc:
        reason = str(exc) or "illegal arguments: " + ", ".join(_show(arg) for arg in args)
        warn(f"failed to invoke function '{name}': {reason}")
    except _FAILURES as exc:
        warn(f"failed to invoke function '{name}': {exc}")
    return None


def invoke(
    table: Mapping[str, Sequence[Overload]],
    name: str,
    positional: Sequence[Any] | None,
    named: Mapping[str, Any] | None,
    warn: Warn,
) -> Any:
    overloads = table.get(name)
    if overloads is None:
        warn(f"no function found with name '{name}'")
        return None
    if named:
        found = _select_named(overloads, list(named))
        if found is None:
            warn(f"no function found with name '{name}' and parameters: {', '.join(named)}")
            return None
        candidate, positions = found
        args: list[Any] = [None] * len(candidate.params)
        for position, value in zip(positions, named.values(), strict=True):
            args[position] = value
        return call(name, candidate, args, warn)
    given = list(positional or ())
    selected = _select_positional(overloads, len(given))
    if selected is None:
        warn(f"no function found with name '{name}' and {len(given)} parameters")
        return None
    bound = _bind_varargs(selected, given) if selected.varargs else given
    return call(name, selected, bound, warn)


@dataclass(frozen=True, slots=True)
class BuiltinFunction:
    """A built-in as a first-class FEEL value (e.g. passed as ``precedes`` to ``sort``)."""

    name: str
    overloads: tuple[Overload, ...]

    @property
    def params(self) -> Sequence[str]:
        return max((o.params for o in self.overloads), key=len)

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        return invoke({self.name: self.overloads}, self.name, list(args), None, warn)


# --- argument checks shared by the families ------------------------------------------------------


def _unwrap(value: Any) -> Any:
    """DMN's singleton-list conversion: ``[x]`` stands for ``x`` where a single value is expected."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def number(value: Any) -> Decimal:
    value = _unwrap(value)
    if not isinstance(value, Decimal):
        raise ArgumentError
    return value


def integer(value: Any) -> int:
    """A number's integer part, as java's ``BigDecimal.intValue`` takes it."""
    return int(number(value))


def string(value: Any) -> str:
    value = _unwrap(value)
    if not isinstance(value, str):
        raise ArgumentError
    return value


def feel_list(value: Any) -> list[Any]:
    """A list argument; a single non-null value stands for a list of it (DMN's singleton conversion)."""
    if value is None:
        raise ArgumentError
    return value if isinstance(value, list) else [value]


def context(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ArgumentError
    return value


def is_date(value: Any) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def date_part(value: Any) -> _dt.date:
    """The date of a date or a date-time (local or zoned)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise ArgumentError
