"""The items a ``for``/``some``/``every`` iterator walks: a list, ``a..b`` or an integer range."""

from __future__ import annotations

import datetime as _dt
import decimal
from decimal import Decimal
from typing import Any

from engine.feel import budget, operators
from engine.feel.runtime import Env, Evaluator
from engine.feel.values import DECIMAL_CONTEXT, FeelRange

MAX_ITEMS = 10_000_000
"""A numeric or date range never expands to more items than this (it would exhaust memory)."""


class NotAList(Exception):
    """Aborts an iteration whose source is not a list (the whole for/some/every yields null)."""


def iteration_items(env: Env, source: Evaluator, end: Evaluator | None) -> list[Any]:
    start = source(env)
    if end is not None:
        stop = end(env)
        if _is_date(start) and _is_date(stop):
            return _days_between(env, start, stop)
        if type(start) is not Decimal or type(stop) is not Decimal:
            env.warn(
                f"Expected numbers for the iteration range but found {operators.quote(start)}"
                f"..{operators.quote(stop)}"
            )
            raise NotAList
        return _numbers_between(env, start, stop)
    if isinstance(start, list):
        budget.charge(len(start))
        return start
    if isinstance(start, FeelRange) and type(start.start) is Decimal and type(start.end) is Decimal:
        low = start.start if start.start_included else DECIMAL_CONTEXT.add(start.start, 1)
        high = start.end if start.end_included else DECIMAL_CONTEXT.subtract(start.end, 1)
        if low <= high:
            return _numbers_between(env, low, high)
    if isinstance(start, FeelRange):
        env.warn(f"Can't iterate over the range {operators.quote(start)}: expected ascending integer bounds")
        raise NotAList
    env.warn(f"Expected list but found {operators.quote(start)}")
    raise NotAList


def _is_date(value: Any) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def _days_between(env: Env, start: _dt.date, stop: _dt.date) -> list[Any]:
    if abs((stop - start).days) >= MAX_ITEMS:
        env.warn(f"Can't iterate from {start} to {stop}: more than {MAX_ITEMS} days")
        raise NotAList
    budget.charge(abs((stop - start).days) + 1)
    step = _dt.timedelta(days=1 if start <= stop else -1)
    return [start + step * i for i in range(abs((stop - start).days) + 1)]


def _numbers_between(env: Env, start: Decimal, stop: Decimal) -> list[Any]:
    try:
        distance = DECIMAL_CONTEXT.subtract(stop, start).copy_abs()
    except decimal.DecimalException:
        distance = None
    if distance is None or distance >= MAX_ITEMS:
        env.warn(
            f"Can't iterate from {operators.quote(start)} to {operators.quote(stop)}: "
            f"more than {MAX_ITEMS} items"
        )
        raise NotAList
    budget.charge(int(distance) + 1)
    step = 1 if start <= stop else -1
    return [DECIMAL_CONTEXT.add(start, step * i) for i in range(int(distance) + 1)]
