"""FEEL ``string()`` of any value, printed as feel-scala prints it.

Strings print bare at the top level and quoted inside lists and contexts (``["a", "b"]``,
``{a:"x"}``); numbers print without exponent and without trailing zeros; temporal values print in
ISO form with a zone id as ``@Zone/Id``; durations print normalised (``P1DT2H``, ``-PT1M``, ``P1Y2M``)
and, as in feel-scala, without fractions of a second (``PT1.5S`` prints ``PT1S``).
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from engine.feel.temporal_zone import time_offset
from engine.feel.values import (
    DECIMAL_CONTEXT,
    DaysTimeDuration,
    FeelFunction,
    FeelRange,
    YearsMonthsDuration,
)


def to_feel_string(value: Any) -> str:
    """``string(value)``: strings stay as they are, every other value prints as feel-scala does."""
    if isinstance(value, str):
        return value
    return _nested(value)


def _nested(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, _dt.datetime):
        return format_date_and_time(value)
    if isinstance(value, _dt.date):
        return format_date(value)
    if isinstance(value, _dt.time):
        return format_time(value)
    if isinstance(value, DaysTimeDuration):
        return format_days_time_duration(value)
    if isinstance(value, YearsMonthsDuration):
        return format_years_months_duration(value)
    if isinstance(value, list):
        return "[" + ", ".join(_nested(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}:{_nested(item)}" for key, item in value.items()) + "}"
    if isinstance(value, FeelRange):
        start = "[" if value.start_included else "("
        end = "]" if value.end_included else ")"
        return f"{start}{_nested(value.start)}..{_nested(value.end)}{end}"
    if isinstance(value, FeelFunction):
        return f"function({', '.join(value.params)})"
    return str(value)


def format_number(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    normalized = value.normalize(DECIMAL_CONTEXT)
    if normalized.is_zero():
        return "0"
    return format(normalized, "f")


def format_date(value: _dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _format_local_time(value: _dt.time | _dt.datetime) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text


def format_offset(offset: _dt.timedelta) -> str:
    if not offset:
        return "Z"
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + f":{seconds:02d}" if seconds else text


def zone_suffix(tz: _dt.tzinfo | None, offset: _dt.timedelta | None) -> str:
    """``@Zone/Id`` for a named zone, ``+08:00``/``Z`` for a fixed offset, nothing for local values."""
    if tz is None:
        return ""
    if isinstance(tz, ZoneInfo):
        return f"@{tz.key}"
    return format_offset(offset or _dt.timedelta())


def format_time(value: _dt.time) -> str:
    return _format_local_time(value) + zone_suffix(value.tzinfo, time_offset(value))


def format_date_and_time(value: _dt.datetime) -> str:
    return f"{format_date(value)}T{_format_local_time(value)}" + zone_suffix(value.tzinfo, value.utcoffset())


def _java_div(a: int, b: int) -> int:
    """Java's ``/`` on longs truncates toward zero."""
    quotient = abs(a) // b
    return quotient if a >= 0 else -quotient


def duration_parts(value: DaysTimeDuration) -> tuple[int, int, int, int]:
    """Days, hours, minutes and seconds as feel-scala reads them off a ``java.time.Duration``.

    ``toDays``, ``toHours % 24``, ``toMinutes % 60`` and ``getSeconds % 60`` all derive from the
    Duration's whole-second field, which floors a fraction (-1.5 s is -2 s plus 0.5 s of nanos),
    and Java's long arithmetic truncates toward zero; so the parts share the duration's sign and
    a fraction of a second never shows.
    """
    seconds = math.floor(value.seconds)
    days = _java_div(seconds, 86400)
    hours = _java_div(seconds, 3600) - _java_div(seconds, 86400) * 24
    minutes = _java_div(seconds, 60) - _java_div(seconds, 3600) * 60
    return days, hours, minutes, seconds - _java_div(seconds, 60) * 60


def format_days_time_duration(value: DaysTimeDuration) -> str:
    """feel-scala's ``ValDayTimeDuration.format``: whole seconds only, ``P0D`` when they are none."""
    parts = duration_parts(value)
    if not any(parts):
        return "P0D"
    sign = "-" if all(part <= 0 for part in parts) else ""
    days, hours, minutes, seconds = (abs(part) for part in parts)
    text = f"{sign}P" + (f"{days}D" if days else "")
    if hours or minutes or seconds:
        text += "T" + "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return text


def format_years_months_duration(value: YearsMonthsDuration) -> str:
    if value.months == 0:
        return "P0Y"
    sign = "-" if value.months < 0 else ""
    years, months = divmod(abs(value.months), 12)
    return f"{sign}P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
