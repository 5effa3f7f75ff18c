"""FEEL operators on values: arithmetic, equality and ordering.

Numbers and strings take a fast path here; every other combination goes to
:mod:`engine.feel.temporal`, which knows dates, times and durations (and yields null plus a warning
for operands that do not combine).
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from typing import Any

from engine.feel import temporal
from engine.feel.values import DECIMAL_CONTEXT, DaysTimeDuration, FeelRange, Warn, YearsMonthsDuration


def describe(value: Any) -> str:
    """A value as feel-scala shows it in messages: strings quoted, everything else as ``string()``."""
    if isinstance(value, str):
        return f'"{value}"'
    return temporal.to_feel_string(value)


def quote(value: Any) -> str:
    """A value for a message, in single quotes as feel-scala's messages show values."""
    return f"'{describe(value)}'"


def add(a: Any, b: Any, warn: Warn) -> Any:
    if type(a) is Decimal and type(b) is Decimal:
        try:
            return DECIMAL_CONTEXT.add(a, b)
        except decimal.DecimalException:
            return _overflow("add", a, b, warn)
    return temporal.add(a, b, warn)


def subtract(a: Any, b: Any, warn: Warn) -> Any:
    if type(a) is Decimal and type(b) is Decimal:
        try:
            return DECIMAL_CONTEXT.subtract(a, b)
        except decimal.DecimalException:
            return _overflow("subtract", a, b, warn)
    return temporal.subtract(a, b, warn)


def multiply(a: Any, b: Any, warn: Warn) -> Any:
    if type(a) is Decimal and type(b) is Decimal:
        try:
            return DECIMAL_CONTEXT.multiply(a, b)
        except decimal.DecimalException:
            return _overflow("multiply", a, b, warn)
    return temporal.multiply(a, b, warn)


def divide(a: Any, b: Any, warn: Warn) -> Any:
    if type(a) is Decimal and type(b) is Decimal:
        if b.is_zero():
            warn(f"Can't divide {quote(a)} by zero")
            return None
        try:
            return DECIMAL_CONTEXT.divide(a, b)
        except decimal.DecimalException:
            return _overflow("divide", a, b, warn)
    return temporal.divide(a, b, warn)


def power(a: Any, b: Any, warn: Warn) -> Any:
    if type(a) is not Decimal or type(b) is not Decimal:
        if a is not None and b is not None:
            warn(f"Can't raise {quote(a)} to the power {quote(b)}: expected two numbers")
        return None
    try:
        if b.copy_abs() <= _MAX_INTEGER_EXPONENT and b == b.to_integral_value():
            return _integer_power(a, int(b))
        result = math.pow(float(a), float(b))
    except (decimal.DecimalException, OverflowError, ValueError):
        return _overflow("raise to the power", a, b, warn)
    if math.isnan(result) or math.isinf(result):
        return _overflow("raise to the power", a, b, warn)
    return DECIMAL_CONTEXT.create_decimal(repr(result))


# Beyond this an integer power over- or underflows any 34-digit number except for bases 0 and ±1,
# which the float path handles; int() of a larger Decimal would only waste memory.
_MAX_INTEGER_EXPONENT = Decimal(10) ** 10


def _integer_power(base: Decimal, exponent: int) -> Decimal:
    # decimal's exact integer power is very slow for huge exponents, so square and multiply with
    # guard digits, then round to feel-scala's 34 digits
    if abs(exponent) <= 1000 or base.is_zero():
        return DECIMAL_CONTEXT.power(base, exponent)
    wide = DECIMAL_CONTEXT.copy()
    wide.prec = DECIMAL_CONTEXT.prec + 16
    result = Decimal(1)
    factor = base
    remaining = abs(exponent)
    while remaining:
        if remaining & 1:
            result = wide.multiply(result, factor)
        remaining >>= 1
        if remaining:
            factor = wide.multiply(factor, factor)
    if exponent < 0:
        result = wide.divide(Decimal(1), result)
    return DECIMAL_CONTEXT.plus(result)


def negate(a: Any, warn: Warn) -> Any:
    if type(a) is Decimal:
        return a.copy_negate()  # exact: no context, so no rounding and no overflow
    if isinstance(a, DaysTimeDuration):
        return DaysTimeDuration(-a.seconds)
    if isinstance(a, YearsMonthsDuration):
        return YearsMonthsDuration(-a.months)
    if a is not None:
        warn(f"Can't negate {quote(a)}: expected a number or a duration")
    return None


def _overflow(operation: str, a: Any, b: Any, warn: Warn) -> None:
    # the operands are left out: printing a number near the exponent limit takes seconds
    warn(f"Can't {operation}: the result is not a valid number (out of range or undefined)")


def equals(a: Any, b: Any) -> bool | None:
    """FEEL ``=``: deep on lists, contexts and ranges; ``null = null``; None when not comparable."""
    if type(a) is type(b) and type(a) in (Decimal, str, bool):
        return bool(a == b)
    return temporal.equals(a, b)


def compare(a: Any, b: Any) -> int | None:
    """-1/0/1 for ordered values of one kind (numbers, strings, temporal values), else None."""
    if (type(a) is Decimal and type(b) is Decimal) or (type(a) is str and type(b) is str):
        return int(a > b) - int(a < b)  # type: ignore[operator]
    return temporal.compare(a, b)


def in_range(value: Any, range_: FeelRange) -> bool | None:
    """Whether ``value`` lies in the range; None when the value and the bounds do not compare."""
    if range_.start is not None:
        order = compare(value, range_.start)
        if order is None:
            return None
        if order < 0 or (order == 0 and not range_.start_included):
            return False
    if range_.end is not None:
        order = compare(value, range_.end)
        if order is None:
            return None
        if order > 0 or (order == 0 and not range_.end_included):
            return False
    return True
