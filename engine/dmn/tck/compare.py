"""Comparing an expected TCK value with an actual FEEL value, as the TCK runner for Camunda does.

Numbers are equal when they differ by less than 10^-8 (expected values are often printed with
double precision while FEEL computes with 34 digits); other values compare strictly by type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

NUMBER_TOLERANCE = Decimal("0.00000001")


def same_value(expected: Any, actual: Any) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, bool):
        return type(actual) is bool and actual == expected
    if isinstance(expected, Decimal):
        if type(actual) is not Decimal:
            return False
        if expected.is_nan() or actual.is_nan():
            return expected.is_nan() and actual.is_nan()
        if actual.is_infinite() or expected.is_infinite():
            return actual == expected
        return abs(expected - actual) < NUMBER_TOLERANCE
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and actual.keys() == expected.keys()
            and all(same_value(v, actual[k]) for k, v in expected.items())
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same_value(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dt.datetime | dt.time):
        return (
            type(actual) is type(expected)
            and actual == expected
            and actual.utcoffset() == expected.utcoffset()
        )
    return type(actual) is type(expected) and bool(actual == expected)


def show(value: Any) -> str:
    """A value as the failure messages print it."""
    from engine.feel.temporal import to_feel_string

    try:
        return to_feel_string(value)
    except Exception:  # a broken formatter must not hide the comparison result
        return repr(value)
