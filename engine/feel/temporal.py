"""Temporal semantics of FEEL: arithmetic, ordering, equality and properties, as feel-scala has them.

The operators call :func:`add`, :func:`subtract`, :func:`multiply` and :func:`divide` for every pair
of operands (numbers and strings included), :func:`compare` for ``<``/``>``/``between`` and
:func:`equals` for ``=``. Values of different kinds never compare: a local date-time and a zoned
one, or a date and a date-time, yield null (feel-scala does the same).

Deliberate differences from feel-scala, where it departs from the DMN specification: a duration
times or divided by a number is exact (feel-scala truncates the number, or the quotient to
milliseconds); a zoned time minus a zoned time keeps its sign (feel-scala gives the absolute
difference); ``string()`` of a duration keeps fractional seconds. Python's datetime limits values to
the years 1..9999 and to microseconds; beyond them a value yields null and a warning.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from engine.feel.temporal_format import duration_parts, to_feel_string
from engine.feel.temporal_parse import attach_zone, parse_temporal_literal
from engine.feel.temporal_zone import time_offset, to_utc, utc_time_of_day, zone_id
from engine.feel.values import (
    DECIMAL_CONTEXT,
    DaysTimeDuration,
    FeelFunction,
    FeelRange,
    Warn,
    YearsMonthsDuration,
)

__all__ = [
    "add",
    "compare",
    "divide",
    "equals",
    "get_property",
    "kind_of",
    "multiply",
    "parse_temporal_literal",
    "subtract",
    "to_feel_string",
]

_MICRO = Decimal("0.000001")
_MILLI = Decimal("0.001")
_DAY = _dt.timedelta(days=1)


def kind_of(value: Any) -> str:
    """The FEEL type of a value, with local and zoned temporal values told apart."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, _dt.datetime):
        return "local date and time" if value.tzinfo is None else "date and time"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, _dt.time):
        return "local time" if value.tzinfo is None else "time"
    if isinstance(value, DaysTimeDuration):
        return "days and time duration"
    if isinstance(value, YearsMonthsDuration):
        return "years and months duration"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, FeelRange):
        return "range"
    if isinstance(value, FeelFunction):
        return "function"
    return type(value).__name__


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else to_feel_string(value)


# --- conversions between durations and timedelta -------------------------------------------------


def to_timedelta(duration: DaysTimeDuration) -> _dt.timedelta:
    micros = int(duration.seconds.quantize(_MICRO, rounding=decimal.ROUND_DOWN) * 1_000_000)
    return _dt.timedelta(microseconds=micros)


def from_timedelta(delta: _dt.timedelta) -> DaysTimeDuration:
    micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return DaysTimeDuration(plain_decimal(Decimal(micros).scaleb(-6)))


def plain_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros without turning 28800 into 2.88E+4."""
    normalized = value.normalize(DECIMAL_CONTEXT)
    exponent = normalized.as_tuple().exponent
    return normalized.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else normalized


def add_months(value: _dt.date, months: int) -> _dt.date:
    """Add months as java.time does: the day is clamped to the end of a shorter month."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def _datetime_plus_months(value: _dt.datetime, months: int) -> _dt.datetime:
    moved = _dt.datetime.combine(add_months(value.date(), months), value.timetz()).replace(fold=value.fold)
    if isinstance(moved.tzinfo, ZoneInfo):
        return attach_zone(moved.replace(tzinfo=None), moved.tzinfo)
    return moved


def _datetime_plus(value: _dt.datetime, delta: _dt.timedelta) -> _dt.datetime:
    if isinstance(value.tzinfo, ZoneInfo):
        # a duration is exact time: add it on the instant line, then return to the zone
        return (to_utc(value) + delta).astimezone(value.tzinfo)
    return value + delta


def _time_plus(value: _dt.time, delta: _dt.timedelta) -> _dt.time:
    anchor = _dt.datetime.combine(_dt.date(2000, 1, 1), value.replace(tzinfo=None))
    return (anchor + delta % _DAY).time().replace(tzinfo=value.tzinfo)


def _date_plus(value: _dt.date, delta: _dt.timedelta) -> _dt.date:
    return (_dt.datetime.combine(value, _dt.time()) + delta).date()


# --- arithmetic ------------------------------------------------------------------------------------


def add(a: Any, b: Any, warn: Warn) -> Any:
    """``a + b`` for numbers, strings, temporal values and durations; otherwise null and a warning."""
    if a is None or b is None:
        return None
    try:
        result = _add(a, b)
    except (ArithmeticError, OverflowError, ValueError) as exc:
        warn(f"can't add {_show(b)} to {_show(a)}: {exc}")
        return None
    if result is NotImplemented:
        warn(f"can't add {_show(b)} to {_show(a)}")
        return None
    return result


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return DECIMAL_CONTEXT.add(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return DaysTimeDuration(a.seconds + b.seconds)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months + b.months)
    if isinstance(a, DaysTimeDuration | YearsMonthsDuration) and not isinstance(
        b, DaysTimeDuration | YearsMonthsDuration
    ):
        a, b = b, a
    if isinstance(b, YearsMonthsDuration):
        if isinstance(a, _dt.datetime):
            return _datetime_plus_months(a, b.months)
        if isinstance(a, _dt.date):
            return add_months(a, b.months)
        return NotImplemented
    if isinstance(b, DaysTimeDuration):
        delta = to_timedelta(b)
        if isinstance(a, _dt.datetime):
            return _datetime_plus(a, delta)
        if isinstance(a, _dt.date):
            return _date_plus(a, delta)
        if isinstance(a, _dt.time):
            return _time_plus(a, delta)
    return NotImplemented


def subtract(a: Any, b: Any, warn: Warn) -> Any:
    """``a - b``: numbers, temporal values minus durations, and differences of like temporal values."""
    if a is None or b is None:
        return None
    try:
        result = _subtract(a, b)
    except (ArithmeticError, OverflowError, ValueError) as exc:
        warn(f"can't subtract {_show(b)} from {_show(a)}: {exc}")
        return None
    if result is NotImplemented:
        warn(f"can't subtract {_show(b)} from {_show(a)}")
        return None
    return result


def _subtract(a: Any, b: Any) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return DECIMAL_CONTEXT.subtract(a, b)
    if isinstance(b, DaysTimeDuration):
        if isinstance(a, DaysTimeDuration):
            return DaysTimeDuration(a.seconds - b.seconds)
        if isinstance(a, _dt.date | _dt.time):
            return _add(a, DaysTimeDuration(-b.seconds))
        return NotImplemented
    if isinstance(b, YearsMonthsDuration):
        if isinstance(a, YearsMonthsDuration):
            return YearsMonthsDuration(a.months - b.months)
        if isinstance(a, _dt.date):
            return _add(a, YearsMonthsDuration(-b.months))
        return NotImplemented
    a, b = _date_as_datetime(a, b), _date_as_datetime(b, a)
    kind = kind_of(a)
    if kind != kind_of(b):
        return NotImplemented
    if kind == "date":
        return DaysTimeDuration(Decimal((a - b).days * 86400))
    if kind == "local date and time":
        return from_timedelta(a - b)
    if kind == "date and time":
        return from_timedelta(to_utc(a) - to_utc(b))
    if kind == "local time":
        return from_timedelta(_dt.datetime.combine(_dt.date.min, a) - _dt.datetime.combine(_dt.date.min, b))
    if kind == "time":
        return from_timedelta(utc_time_of_day(a) - utc_time_of_day(b))
    return NotImplemented


def _date_as_datetime(value: Any, other: Any) -> Any:
    """A date subtracted with a date-time counts as its midnight in UTC (so never with a local one)."""
    if (
        isinstance(other, _dt.datetime)
        and isinstance(value, _dt.date)
        and not isinstance(value, _dt.datetime)
    ):
        return _dt.datetime.combine(value, _dt.time(), tzinfo=_dt.UTC)
    return value


def multiply(a: Any, b: Any, warn: Warn) -> Any:
    """``a * b`` for numbers and for a duration and a number."""
    if a is None or b is None:
        return None
    if isinstance(a, Decimal) and not isinstance(b, Decimal):
        a, b = b, a
    try:
        if isinstance(b, Decimal):
            if isinstance(a, Decimal):
                return DECIMAL_CONTEXT.multiply(a, b)
            if isinstance(a, DaysTimeDuration):
                return DaysTimeDuration((a.seconds * b).quantize(_MICRO, rounding=decimal.ROUND_DOWN))
            if isinstance(a, YearsMonthsDuration):
                return YearsMonthsDuration(int(a.months * b))
    except (ArithmeticError, OverflowError) as exc:
        warn(f"can't multiply {_show(a)} by {_show(b)}: {exc}")
        return None
    warn(f"can't multiply {_show(a)} by {_show(b)}")
    return None


def divide(a: Any, b: Any, warn: Warn) -> Any:
    """``a / b`` for numbers, a duration by a number, and a duration by a duration of its kind."""
    if a is None or b is None:
        return None
    try:
        result = _divide(a, b)
    except (ArithmeticError, OverflowError) as exc:
        warn(f"can't divide {_show(a)} by {_show(b)}: {exc}")
        return None
    if result is NotImplemented:
        warn(f"can't divide {_show(a)} by {_show(b)}")
        return None
    return result


def _divide(a: Any, b: Any) -> Any:
    if isinstance(b, Decimal):
        if b.is_zero():
            raise ZeroDivisionError("division by zero")
        if isinstance(a, Decimal):
            return DECIMAL_CONTEXT.divide(a, b)
        if isinstance(a, DaysTimeDuration):
            return DaysTimeDuration(
                DECIMAL_CONTEXT.divide(a.seconds, b).quantize(_MICRO, rounding=decimal.ROUND_DOWN)
            )
        if isinstance(a, YearsMonthsDuration):
            return YearsMonthsDuration(int(DECIMAL_CONTEXT.divide(Decimal(a.months), b)))
        return NotImplemented
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        if b.seconds.is_zero():
            raise ZeroDivisionError("division by a zero duration")
        return DECIMAL_CONTEXT.divide(a.seconds, b.seconds)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        if b.months == 0:
            raise ZeroDivisionError("division by a zero duration")
        return DECIMAL_CONTEXT.divide(Decimal(a.months), Decimal(b.months))
    return NotImplemented


# --- ordering and equality -------------------------------------------------------------------------


def _sign(x: Any, y: Any) -> int:
    return int(x > y) - int(x < y)


def _zoned_datetime_key(value: _dt.datetime) -> tuple[Any, ...]:
    # java.time orders zoned date-times by instant, then local date-time, then zone id
    return (to_utc(value), value.replace(tzinfo=None), zone_id(value.tzinfo) or "")


_ORDER_KEYS: dict[str, Callable[[Any], Any]] = {
    "number": lambda v: v,
    "string": lambda v: v,
    "date": lambda v: v,
    "local time": lambda v: v,
    "time": utc_time_of_day,
    "local date and time": lambda v: v,
    "date and time": _zoned_datetime_key,
    "days and time duration": lambda v: v.seconds,
    "years and months duration": lambda v: v.months,
}


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 when ``a`` and ``b`` are ordered values of one kind, else None."""
    kind = kind_of(a)
    key = _ORDER_KEYS.get(kind)
    if key is None or kind != kind_of(b):
        return None
    return _sign(key(a), key(b))


def _same_zone(a: _dt.tzinfo | None, b: _dt.tzinfo | None) -> bool:
    if isinstance(a, ZoneInfo) or isinstance(b, ZoneInfo):
        return zone_id(a) == zone_id(b)
    return True


def equals(a: Any, b: Any) -> bool | None:
    """FEEL ``a = b``: null equals only null; values of different kinds are not comparable (None)."""
    if a is None or b is None:
        return a is None and b is None
    kind = kind_of(a)
    if kind != kind_of(b):
        return None
    if kind in ("boolean", "number", "string", "date", "local time", "local date and time"):
        return bool(a == b)
    if kind in ("days and time duration", "years and months duration"):
        return bool(a == b)
    if kind == "time":
        return (
            a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and time_offset(a) == time_offset(b)
            and _same_zone(a.tzinfo, b.tzinfo)
        )
    if kind == "date and time":
        # java.time equality: same local date-time, same offset, same zone
        return (
            a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and a.utcoffset() == b.utcoffset()
            and _same_zone(a.tzinfo, b.tzinfo)
        )
    if kind == "list":
        return len(a) == len(b) and all(equals(x, y) is True for x, y in zip(a, b, strict=True))
    if kind == "context":
        return a.keys() == b.keys() and all(equals(a[k], b[k]) is True for k in a)
    if kind == "range":
        return (
            a.start_included == b.start_included
            and a.end_included == b.end_included
            and equals(a.start, b.start) is True
            and equals(a.end, b.end) is True
        )
    return None


def same_value(a: Any, b: Any) -> bool:
    """Equality used by list functions (``list contains``, ``distinct values``): never null."""
    return equals(a, b) is True


# --- properties ------------------------------------------------------------------------------------


def _date_properties(value: _dt.date) -> dict[str, Any]:
    return {
        "year": Decimal(value.year),
        "month": Decimal(value.month),
        "day": Decimal(value.day),
        "weekday": Decimal(value.isoweekday()),
    }


def _time_properties(value: _dt.time | _dt.datetime) -> dict[str, Any]:
    offset = value.utcoffset() if isinstance(value, _dt.datetime) else time_offset(value)
    return {
        "hour": Decimal(value.hour),
        "minute": Decimal(value.minute),
        "second": Decimal(value.second),
        "time offset": None if offset is None else from_timedelta(offset),
        "timezone": zone_id(value.tzinfo),
    }


def _days_time_properties(value: DaysTimeDuration) -> dict[str, Any]:
    days, hours, minutes, seconds = duration_parts(value)
    return {
        "days": Decimal(days),
        "hours": Decimal(hours),
        "minutes": Decimal(minutes),
        "seconds": Decimal(seconds),
    }


def _years_months_properties(value: YearsMonthsDuration) -> dict[str, Any]:
    sign = -1 if value.months < 0 else 1
    years, months = divmod(abs(value.months), 12)
    return {"years": Decimal(sign * years), "months": Decimal(sign * months)}


def _range_properties(value: FeelRange) -> dict[str, Any]:
    return {
        "start": value.start,
        "end": value.end,
        "start included": value.start_included,
        "end included": value.end_included,
    }


def properties_of(value: Any) -> dict[str, Any] | None:
    """All properties of a temporal value, a duration or a range; None for other values."""
    if isinstance(value, _dt.datetime):
        return _date_properties(value) | _time_properties(value)
    if isinstance(value, _dt.date):
        return _date_properties(value)
    if isinstance(value, _dt.time):
        return _time_properties(value)
    if isinstance(value, DaysTimeDuration):
        return _days_time_properties(value)
    if isinstance(value, YearsMonthsDuration):
        return _years_months_properties(value)
    if isinstance(value, FeelRange):
        return _range_properties(value)
    return None


def get_property(value: Any, name: str, warn: Warn) -> Any:
    """``value.name`` for temporal values, durations and ranges (``date.year``, ``range.start`` ...)."""
    if value is None:
        return None
    available = properties_of(value)
    if available is None:
        warn(f"no property '{name}' on {kind_of(value)} {_show(value)}")
        return None
    if name not in available:
        warn(f"no property '{name}' on {kind_of(value)} {_show(value)}; available: {', '.join(available)}")
        return None
    return available[name]
