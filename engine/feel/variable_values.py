"""FEEL values as Zeebe stores them in process variables (what job workers and Operate see).

Zeebe 8.8 writes a FEEL result to MessagePack with its own rules, which differ from FEEL's
``string()`` (that :func:`engine.feel.to_json` keeps for the FEEL command line):

- date-time with a zone: ISO-8601 with offset *and* zone id, ``2026-09-30T17:30:00+08:00[Asia/Shanghai]``;
  with an offset only: ``2026-09-30T17:30:00+08:00`` / ``...Z``; seconds are always written;
- local date-time: ``2026-09-30T17:30:00``;
- local time: Java's ``LocalTime`` text, seconds dropped when zero: ``10:30``, ``10:30:15.250``;
- time with an offset or zone, date, durations: as FEEL prints them (``10:30:00+08:00``,
  ``10:30:00@Asia/Shanghai``, ``2026-09-30``, ``P1DT12H``, ``P1Y2M``; no fractions of a second);
- whole numbers as 64-bit integers (wrapping as Java's ``BigDecimal.longValue`` does), others as
  doubles; ranges, functions and any other value become ``null``, also inside lists and contexts.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from engine.feel import java_text
from engine.feel.temporal_format import (
    format_date,
    format_date_and_time,
    format_days_time_duration,
    format_offset,
    format_time,
    format_years_months_duration,
)
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration

_LONG_RANGE = 1 << 64
_LONG_MIN = -(1 << 63)


def to_variable(value: Any) -> Any:
    """A FEEL value as the JSON-like value Zeebe stores when it becomes a process variable."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, _dt.datetime):
        return _date_time(value)
    if isinstance(value, _dt.date):
        return format_date(value)
    if isinstance(value, _dt.time):
        return format_time(value) if value.tzinfo is not None else java_text.local_time(value)
    if isinstance(value, DaysTimeDuration):
        return format_days_time_duration(value)
    if isinstance(value, YearsMonthsDuration):
        return format_years_months_duration(value)
    if isinstance(value, list):
        return [to_variable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_variable(item) for key, item in value.items()}
    return None


def _number(value: Decimal) -> int | float | None:
    if not value.is_finite():
        return None
    if value == value.to_integral_value():
        return (int(value) - _LONG_MIN) % _LONG_RANGE + _LONG_MIN
    return float(value)


def _date_time(value: _dt.datetime) -> str:
    if value.tzinfo is None:
        return format_date_and_time(value)
    offset = value.utcoffset() or _dt.timedelta()
    text = format_date_and_time(value.replace(tzinfo=None)) + format_offset(offset)
    if isinstance(value.tzinfo, ZoneInfo):
        text += f"[{value.tzinfo.key}]"
    return text
