"""Numeric built-ins: rounding with a scale, abs, modulo, sqrt, log, exp, odd, even, random number."""

from __future__ import annotations

import decimal
import random
from decimal import Decimal
from typing import Any

from engine.feel.builtins.registry import ArgumentError, Table, integer, number, overload
from engine.feel.values import DECIMAL_CONTEXT, DaysTimeDuration, YearsMonthsDuration

# Rounding may need more digits than DECIMAL128 keeps (java's setScale has no such limit).
_ROUNDING_CONTEXT = decimal.Context(prec=10_000, Emin=-999999999, Emax=999999999)


def _round(mode: str) -> Any:
    def rounded(n: Any, scale: Any) -> Decimal:
        places = integer(scale)
        if abs(places) > 6176:
            raise ArgumentError(f"scale {places} is out of range")
        return number(n).quantize(Decimal(1).scaleb(-places), rounding=mode, context=_ROUNDING_CONTEXT)

    return rounded


def _whole(mode: str) -> Any:
    rounded = _round(mode)
    return lambda n: rounded(n, Decimal(0))


def _abs(n: Any) -> Any:
    if isinstance(n, Decimal):
        return abs(n)
    if isinstance(n, DaysTimeDuration):
        return DaysTimeDuration(abs(n.seconds))
    if isinstance(n, YearsMonthsDuration):
        return YearsMonthsDuration(abs(n.months))
    raise ArgumentError


def _modulo(dividend: Any, divisor: Any) -> Decimal:
    a, b = number(dividend), number(divisor)
    if b.is_zero():
        raise ArgumentError("division by zero")
    # the result takes the sign of the divisor (floored modulo)
    return DECIMAL_CONTEXT.remainder(DECIMAL_CONTEXT.add(DECIMAL_CONTEXT.remainder(a, b), b), b)


def _sqrt(n: Any) -> Decimal | None:
    value = number(n)
    if value < 0:
        return None
    return value.sqrt(DECIMAL_CONTEXT)


def _log(n: Any) -> Decimal:
    value = number(n)
    if value <= 0:
        raise ArgumentError(f"the logarithm of {value} is not a number")
    return value.ln(DECIMAL_CONTEXT)


def _exp(n: Any) -> Decimal:
    return number(n).exp(DECIMAL_CONTEXT)


def _odd(n: Any) -> bool:
    return abs(number(n)) % 2 == 1


def _even(n: Any) -> bool:
    return number(n) % 2 == 0


def _random_number() -> Decimal:
    return Decimal(repr(random.random()))


FUNCTIONS: Table = {
    "decimal": [overload("n, scale", _round(decimal.ROUND_HALF_EVEN))],
    "floor": [
        overload("n", _whole(decimal.ROUND_FLOOR)),
        overload("n, scale", _round(decimal.ROUND_FLOOR)),
    ],
    "ceiling": [
        overload("n", _whole(decimal.ROUND_CEILING)),
        overload("n, scale", _round(decimal.ROUND_CEILING)),
    ],
    "round up": [overload("n, scale", _round(decimal.ROUND_UP))],
    "round down": [overload("n, scale", _round(decimal.ROUND_DOWN))],
    "round half up": [overload("n, scale", _round(decimal.ROUND_HALF_UP))],
    "round half down": [overload("n, scale", _round(decimal.ROUND_HALF_DOWN))],
    "abs": [overload("n|number", _abs)],
    "modulo": [overload("dividend, divisor", _modulo)],
    "sqrt": [overload("number|n", _sqrt)],
    "log": [overload("number|n", _log)],
    "exp": [overload("number|n", _exp)],
    "odd": [overload("number|n", _odd)],
    "even": [overload("number|n", _even)],
    "random number": [overload("", _random_number)],
}
