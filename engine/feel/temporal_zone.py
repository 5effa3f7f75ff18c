"""Offsets and instants of FEEL times and date-times, as java.time resolves them.

A time with a zone id (``10:00:00@Europe/Paris``) has no date, so feel-scala gives it the zone's
standard offset at the current instant; Python's ``time.utcoffset()`` cannot answer for a named
zone, hence these helpers.
"""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo


def time_offset(value: _dt.time) -> _dt.timedelta | None:
    """The UTC offset of a time, None for a local time."""
    tz = value.tzinfo
    if tz is None:
        return None
    if isinstance(tz, ZoneInfo):
        now = _dt.datetime.now(tz)
        return (now.utcoffset() or _dt.timedelta()) - (now.dst() or _dt.timedelta())
    return tz.utcoffset(None)


def zone_id(tz: _dt.tzinfo | None) -> str | None:
    """The zone id of a named zone, None for a fixed offset or a local value."""
    return tz.key if isinstance(tz, ZoneInfo) else None


def utc_time_of_day(value: _dt.time) -> _dt.timedelta:
    """Time of day shifted to UTC (may fall outside 0..24h): what zoned times are ordered by."""
    local = _dt.timedelta(
        hours=value.hour, minutes=value.minute, seconds=value.second, microseconds=value.microsecond
    )
    return local - (time_offset(value) or _dt.timedelta())


def to_utc(value: _dt.datetime) -> _dt.datetime:
    """The instant of a zoned date-time, as a UTC datetime (Python's same-zone arithmetic is wall-clock)."""
    return value.astimezone(_dt.UTC)
