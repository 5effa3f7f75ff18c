"""Conversion built-ins: date, time, date and time, duration, years and months duration, number,
string. Text is parsed with the grammar feel-scala accepts (see :mod:`engine.feel.temporal_parse`)."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from engine.feel.builtins.registry import ArgumentError, Table, integer, is_date, number, overload, string
from engine.feel.temporal_format import to_feel_string
from engine.feel.temporal_parse import (
    TemporalParseError,
    attach_zone,
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_time,
    zone_of,
)
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _parsed(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except TemporalParseError as exc:
        raise ArgumentError(str(exc)) from exc


def _date(source: Any) -> _dt.date:
    if isinstance(source, str):
        return _parsed(parse_date, source)  # type: ignore[no-any-return]
    if isinstance(source, _dt.datetime):
        return source.date()
    if is_date(source):
        return source  # type: ignore[no-any-return]
    raise ArgumentError


def _date_of(year: Any, month: Any, day: Any) -> _dt.date:
    try:
        return _dt.date(integer(year), integer(month), integer(day))
    except ValueError as exc:
        raise ArgumentError(f"invalid date from year={year}, month={month}, day={day}") from exc


def _time(source: Any) -> _dt.time:
    if isinstance(source, str):
        return _parsed(parse_time, source)  # type: ignore[no-any-return]
    if isinstance(source, _dt.datetime):
        return source.timetz()
    if is_date(source):
        return _dt.time(tzinfo=_dt.UTC)
    raise ArgumentError


def _time_of(hour: Any, minute: Any, second: Any, offset: Any = None) -> _dt.time:
    seconds = number(second)
    micros = int((seconds - int(seconds)) * 1_000_000)
    tz: _dt.tzinfo | None = None
    if offset is not None:
        if not isinstance(offset, DaysTimeDuration):
            raise ArgumentError
        delta = _dt.timedelta(seconds=int(offset.seconds))
        if abs(delta) > _dt.timedelta(hours=18):
            raise ArgumentError(f"offset {to_feel_string(offset)} is out of range")
        tz = _dt.timezone(delta) if delta else _dt.UTC
    try:
        return _dt.time(integer(hour), integer(minute), int(seconds), micros, tzinfo=tz)
    except ValueError as exc:
        raise ArgumentError(f"invalid time from hour={hour}, minute={minute}, second={second}") from exc


def _date_and_time(source: Any) -> _dt.datetime:
    return _parsed(parse_date_and_time, string(source))  # type: ignore[no-any-return]


def _combine(date: Any, time: Any) -> _dt.datetime:
    if isinstance(date, _dt.datetime) and isinstance(time, str):
        zone = _parsed(zone_of, time)
        if date.tzinfo is None:
            return attach_zone(date, zone)
        return date.astimezone(zone)
    if not isinstance(date, _dt.date) or not isinstance(time, _dt.time):
        raise ArgumentError
    day = date.date() if isinstance(date, _dt.datetime) else date
    combined = _dt.datetime.combine(day, time)
    if isinstance(combined.tzinfo, ZoneInfo):
        return attach_zone(combined.replace(tzinfo=None), combined.tzinfo)
    return combined


def _number(source: Any, grouping: Any = None, decimal: Any = None) -> Decimal:
    text = string(source)
    if grouping is not None and string(grouping) not in (" ", ",", "."):
        raise ArgumentError("illegal argument for grouping. Must be one of ' ', ',' or '.'")
    if decimal is not None and string(decimal) not in (",", "."):
        raise ArgumentError("illegal argument for decimal. Must be one of ',' or '.'")
    if grouping is not None and grouping == decimal:
        raise ArgumentError("the grouping and the decimal separator must differ")
    if grouping is not None:
        text = text.replace(grouping, "")
    if decimal is not None:
        text = text.replace(decimal, ".")
    if not _NUMBER.fullmatch(text):
        raise ArgumentError(f"can't parse '{source}' as a number")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ArgumentError(f"can't parse '{source}' as a number") from exc


def _string(source: Any) -> str | None:
    return None if source is None else to_feel_string(source)


def _duration(source: Any) -> DaysTimeDuration | YearsMonthsDuration:
    return _parsed(parse_duration, string(source))  # type: ignore[no-any-return]


def _months_between(start: Any, end: Any) -> YearsMonthsDuration:
    if not isinstance(start, _dt.date) or not isinstance(end, _dt.date):
        raise ArgumentError
    a = start.date() if isinstance(start, _dt.datetime) else start
    b = end.date() if isinstance(end, _dt.datetime) else end
    months = (b.year * 12 + b.month) - (a.year * 12 + a.month)
    # java.time's Period.between: a month only counts once its day is reached
    if months > 0 and b.day < a.day:
        months -= 1
    elif months < 0 and b.day > a.day:
        months += 1
    return YearsMonthsDuration(months)


FUNCTIONS: Table = {
    "date": [overload("from", _date), overload("year, month, day", _date_of)],
    "date and time": [overload("from", _date_and_time), overload("date, time", _combine)],
    "time": [
        overload("from", _time),
        overload("hour, minute, second", _time_of),
        overload("hour, minute, second, offset", _time_of),
    ],
    "number": [
        overload("from", _number),
        overload("from, grouping separator", _number),
        overload("from, grouping separator, decimal separator", _number),
    ],
    "string": [overload("from", _string)],
    "duration": [overload("from", _duration)],
    "years and months duration": [overload("from, to", _months_between)],
}
