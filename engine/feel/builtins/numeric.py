"""Numeric built-ins: rounding with a scale, abs, modulo, sqrt, log, exp, odd, even, random number."""

from __future__ import annotations

import decimal
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.feel.builtins.registry import ArgumentError, Table, integer, number, overload
from engine.feel.values import DECIMAL_CONTEXT, DaysTimeDuration, YearsMonthsDuration

# Rounding may need more digits than DECIMAL128 keeps (java's setScale has no such limit).
_ROUNDING_CONTEXT = decimal.Context(prec=10_000, Emin=-999999999, Emax=999999999)


def _round(mode: str) -> Callable[[Any, Any], Decimal]:
    def rounded(n: Any, scale: Any) -> Decimal:
        places = integer(scale)
        if not -6111 <= places <= 6176:  # the scale range of DMN's decimal128
            raise ArgumentError(f"scale {places} is out of range")
        return number(n).quantize(Decimal(1).scaleb(-places), rounding=mode, context=_ROUNDING_CONTEXT)

    return rounded


# scala's RoundingMode names, as decimal(n, scale, mode) accepts them
_MODES = {
    "UP": decimal.ROUND_UP,
    "DOWN": decimal.ROUND_DOWN,
    "CEILING": decimal.ROUND_CEILING,
    "FLOOR": decimal.ROUND_FLOOR,
    "HALF_UP": decimal.ROUND_HALF_UP,
    "HALF_DOWN": decimal.ROUND_HALF_DOWN,
    "HALF_EVEN": decimal.ROUND_HALF_EVEN,
}


def _decimal_with_mode(n: Any, scale: Any, mode: Any) -> Decimal:
    if not isinstance(mode, str):
        raise ArgumentError
    name = mode.upper()
    if name == "UNNECESSARY":
        exact = _round(decimal.ROUND_DOWN)(n, scale)
        if exact != number(n):
            raise ArgumentError(f"rounding mode '{mode}' but {n} needs rounding to scale {scale}")
        return exact
    if name not in _MODES:
        choices = ", ".join([*_MODES, "UNNECESSARY"])
        raise ArgumentError(f"illegal argument '{mode}' for rounding mode. Must be one of: {choices}")
    return _round(_MODES[name])(n, scale)


def _whole(mode: str) -> Callable[[Any], Decimal]:
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
    "decimal": [
        overload("n, scale", _round(decimal.ROUND_HALF_EVEN)),
        overload("n, scale, mode", _decimal_with_mode),
    ],
    "floor": [
        overload("n", _whole(decimal.ROUND_FLOOR)),
        overload("n, scale|scala", _round(decimal.ROUND_FLOOR)),
    ],
    "ceiling": [
        overload("n", _whole(decimal.ROUND_CEILING)),
        overload("n, scale", _round(decimal.ROUND_CEILING)),
    ],
    "round up": [overload("n, scale", _round(decimal.ROUND_UP))],
    "round down": [overload("n, scale", _round(decimal.ROUND_DOWN))],
    "round half up": [overload("n, scale", _round(decimal.ROUND_HALF_UP))],
    "round half down": [overload("n, scale|scala", _round(decimal.ROUND_HALF_DOWN))],
    "abs": [overload("n|number", _abs)],
    "modulo": [overload("dividend, divisor", _modulo)],
    "sqrt": [overload("number", _sqrt)],
    "log": [overload("number", _log)],
    "exp": [overload("number", _exp)],
    "odd": [overload("number", _odd)],
    "even": [overload("number", _even)],
    "random number": [overload("", _random_number)],
}
