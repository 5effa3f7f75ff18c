"""Parsing FEEL/ISO-8601 text into temporal values, with the grammar feel-scala accepts.

feel-scala first classifies a string with regular expressions (a date, an offset/zoned time, a local
time, an offset/zoned date-time, a local date-time, a years-months or a days-time duration) and only
then parses it strictly; we follow the same two steps so that the same strings are accepted.
Python's datetime holds microseconds, so digits beyond the sixth of a fraction are dropped.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.feel.values import DaysTimeDuration, YearsMonthsDuration


class TemporalParseError(ValueError):
    """The text is not a valid temporal value; the message says which kind and why."""


_DATE = re.compile(r"(-?(?:[1-9]\d{0,4})?\d{4})-([01]\d)-([0-3]\d)")
_TIME = r"T?(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{0,9}))?"
_LOCAL_TIME = re.compile(_TIME)
_OFFSET_TIME = re.compile(r"T?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?P<zone>[+-]\d{2}:\d{2}|Z|@.*)")
_DATE_TIME = (
    r"(-?(?:[1-9]\d{0,4})?\d{4})-([01]\d)-([0-3]\d)T([0-2]\d):([0-5]\d)(?::([0-5]\d))?(?:\.(\d{1,9}))?"
)
_LOCAL_DATE_TIME = re.compile(_DATE_TIME)
# feel-scala 1.19 knows a zone only as ``@Region``: ``+08:00[Asia/Shanghai]`` (java's
# ZonedDateTime.toString) is no date-time to it, and ``date and time()`` of it is null.
_OFFSET_DATE_TIME = re.compile(_DATE_TIME + r"(?:(?P<offset>[+-][01]\d:[0-5]\d|Z)|@(?P<zone>.*))")
_YEARS_MONTHS = re.compile(r"(-)?P(?:(-?\d+)Y)?(?:(-?\d+)M)?")
_DAYS_TIME = re.compile(r"(-)?P(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?\d+(?:[.,]\d{0,9})?)S)?)?")


_OFFSET_ID = re.compile(r"Z|[+-]\d{2}(?::\d{2})?")


def zone_of(zone_id: str) -> _dt.tzinfo:
    """A zone as java's ``ZoneId.of`` reads it: a region (``Asia/Shanghai``) or an offset (``+08:00``)."""
    if _OFFSET_ID.fullmatch(zone_id):
        return offset_of(zone_id if len(zone_id) != 3 else zone_id + ":00")
    try:
        return ZoneInfo(zone_id)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TemporalParseError(f"unknown time zone '{zone_id}'") from exc


def offset_of(text: str) -> _dt.timezone:
    """A fixed offset such as ``+08:00`` or ``Z``."""
    if text == "Z":
        return _dt.UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 18 or minutes > 59:
        raise TemporalParseError(f"invalid offset '{text}'")
    delta = sign * _dt.timedelta(hours=hours, minutes=minutes)
    return _dt.UTC if not delta else _dt.timezone(delta)


def _microseconds(fraction: str | None) -> int:
    return int((fraction or "").ljust(6, "0")[:6])


def _date_of(year: str, month: str, day: str, text: str) -> _dt.date:
    try:
        return _dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise TemporalParseError(f"invalid date '{text}': {exc}") from exc


def _time_of(hour: str, minute: str, second: str | None, fraction: str | None, text: str) -> _dt.time:
    try:
        return _dt.time(int(hour), int(minute), int(second or 0), _microseconds(fraction))
    except ValueError as exc:
        raise TemporalParseError(f"invalid time '{text}': {exc}") from exc


def is_date_text(text: str) -> bool:
    return _DATE.fullmatch(text) is not None


def parse_date(text: str) -> _dt.date:
    match = _DATE.fullmatch(text)
    if match is None:
        raise TemporalParseError(f"invalid date '{text}'")
    year, month, day = match.groups()
    return _date_of(year, month, day, text)


def parse_time(text: str) -> _dt.time:
    """A local time (``10:30:00``), or with an offset (``10:30:00+08:00``) or zone (``@Asia/Shanghai``)."""
    match = _OFFSET_TIME.fullmatch(text)
    if match is not None:
        hour, minute, second, fraction = match.group(1, 2, 3, 4)
        zone_text = match.group("zone")
        tz: _dt.tzinfo = zone_of(zone_text[1:]) if zone_text.startswith("@") else offset_of(zone_text)
        return _time_of(hour, minute, second, fraction, text).replace(tzinfo=tz)
    match = _LOCAL_TIME.fullmatch(text)
    if match is None:
        raise TemporalParseError(f"invalid time '{text}'")
    hour, minute, second, fraction = match.groups()
    return _time_of(hour, minute, second, fraction, text)


def parse_date_and_time(text: str) -> _dt.datetime:
    """A date (taken at midnight), a local date-time, or one with an offset or an ``@`` zone."""
    if is_date_text(text):
        return _dt.datetime.combine(parse_date(text), _dt.time())
    match = _OFFSET_DATE_TIME.fullmatch(text) or _LOCAL_DATE_TIME.fullmatch(text)
    if match is None:
        raise TemporalParseError(f"invalid date and time '{text}'")
    year, month, day, hour, minute, second, fraction = match.group(1, 2, 3, 4, 5, 6, 7)
    date = _date_of(year, month, day, text)
    if hour == "24" and int(minute) == int(second or 0) == 0 and not (fraction or "").strip("0"):
        # java reads the end of the day 24:00 as midnight of the next day
        local = _dt.datetime.combine(date, _dt.time()) + _dt.timedelta(days=1)
    else:
        local = _dt.datetime.combine(date, _time_of(hour, minute, second, fraction, text))
    groups = match.groupdict()
    if groups.get("zone") is not None:
        return attach_zone(local, zone_of(groups["zone"]))
    if groups.get("offset") is None:
        return local
    return local.replace(tzinfo=offset_of(groups["offset"]))


def attach_zone(local: _dt.datetime, zone: _dt.tzinfo) -> _dt.datetime:
    """Place a local date-time in a zone as java.time does: a time in a gap moves forward by the gap."""
    if not isinstance(zone, ZoneInfo):
        return local.replace(tzinfo=zone)
    return local.replace(tzinfo=zone).astimezone(_dt.UTC).astimezone(zone)


def parse_duration(text: str) -> DaysTimeDuration | YearsMonthsDuration:
    match = _YEARS_MONTHS.fullmatch(text)
    if match is not None:
        negative, years, months = match.groups()
        if years is None and months is None:
            raise TemporalParseError(f"invalid duration '{text}'")
        total = int(years or 0) * 12 + int(months or 0)
        return YearsMonthsDuration(-total if negative else total)
    match = _DAYS_TIME.fullmatch(text)
    if match is None or text.endswith("T"):
        raise TemporalParseError(f"invalid duration '{text}'")
    negative, days, hours, minutes, seconds = match.groups()
    if days is None and hours is None and minutes is None and seconds is None:
        raise TemporalParseError(f"invalid duration '{text}'")
    duration = DaysTimeDuration.of(
        int(days or 0), int(hours or 0), int(minutes or 0), Decimal((seconds or "0").replace(",", "."))
    )
    return DaysTimeDuration(-duration.seconds) if negative else duration


def parse_temporal_literal(text: str) -> object | None:
    """The value of ``@"..."``: a date, time, date and time or duration; None if it is none of them."""
    parsers = (
        (is_date_text, parse_date),
        (lambda t: _OFFSET_TIME.fullmatch(t) is not None, parse_time),
        (lambda t: _LOCAL_TIME.fullmatch(t) is not None, parse_time),
        (lambda t: _OFFSET_DATE_TIME.fullmatch(t) is not None, parse_date_and_time),
        (lambda t: _LOCAL_DATE_TIME.fullmatch(t) is not None, parse_date_and_time),
        (lambda t: t.lstrip("-").startswith("P"), parse_duration),
    )
    for accepts, parse in parsers:
        if accepts(text):
            try:
                return parse(text)
            except TemporalParseError:
                return None
    return None
