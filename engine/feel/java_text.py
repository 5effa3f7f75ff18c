"""Temporal values as Java's ``toString`` prints them, where Zeebe hands that text on unchanged.

``LocalTime.toString`` writes ``10:30`` when seconds and fractions are zero and fractions in
groups of three digits; ``ZonedDateTime.toString`` builds on it, so a due date of 17:00 sharp in
Shanghai reads ``2026-10-09T17:00+08:00[Asia/Shanghai]``.
"""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo

from engine.feel.temporal_format import format_date, format_offset


def local_time(value: _dt.time | _dt.datetime) -> str:
    """``java.time.LocalTime.toString()`` of the wall-clock part of ``value``."""
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        if value.microsecond % 1000:
            text += f".{value.microsecond:06d}"
        else:
            text += f".{value.microsecond // 1000:03d}"
    return text


def zoned_date_time(value: _dt.datetime) -> str:
    """``java.time.ZonedDateTime.toString()``: local date-time, offset, and ``[zone]`` for a named zone."""
    text = f"{format_date(value)}T{local_time(value)}"
    if value.tzinfo is None:
        return text
    text += format_offset(value.utcoffset() or _dt.timedelta())
    if isinstance(value.tzinfo, ZoneInfo):
        text += f"[{value.tzinfo.key}]"
    return text
