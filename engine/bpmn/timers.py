"""ISO-8601 timer values as Zeebe reads them: durations, dates and repeating cycles.

A duration is ``PnYnMnWnDTnHnMnS`` (Zeebe also accepts a negative sign and a week part); a date is an
ISO date-time with an offset or a zone id (``2026-10-01T09:00:00+08:00[Asia/Shanghai]``); a cycle
is ``R[n]/<duration>`` or ``R[n]/<start>/<duration>`` (``R`` alone repeats forever).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class TimerValueError(ValueError):
    """A timer value that is not a valid ISO-8601 duration, date or cycle."""


@dataclass(frozen=True, slots=True)
class Duration:
    """A calendar-aware duration: years/months are added on the calendar, the rest exactly."""

    months: int
    delta: _dt.timedelta


@dataclass(frozen=True, slots=True)
class Cycle:
    repetitions: int | None  # None = forever
    interval: Duration
    start: _dt.datetime | None


_DURATION = re.compile(
    r"^(?P<sign>[-+])?P(?!$)(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)


def parse_duration(text: str) -> Duration:
    match = _DURATION.match(text.strip())
    if not match:
        raise TimerValueError(f"Invalid duration format '{text}'")
    parts = match.groupdict()
    sign = -1 if parts["sign"] == "-" else 1
    months = int(parts["y"] or 0) * 12 + int(parts["mo"] or 0)
    delta = _dt.timedelta(
        weeks=int(parts["w"] or 0),
        days=int(parts["d"] or 0),
        hours=int(parts["h"] or 0),
        minutes=int(parts["mi"] or 0),
        seconds=float((parts["s"] or "0").replace(",", ".")),
    )
    return Duration(sign * months, sign * delta)


def add_duration(instant: _dt.datetime, duration: Duration) -> _dt.datetime:
    result = instant
    if duration.months:
        total = result.year * 12 + (result.month - 1) + duration.months
        year, month = divmod(total, 12)
        month += 1
        day = min(result.day, _days_in_month(year, month))
        result = result.replace(year=year, month=month, day=day)
    return result + duration.delta


def _days_in_month(year: int, month: int) -> int:
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - _dt.timedelta(days=1)).day


_ZONE_SUFFIX = re.compile(r"^(?P<dt>[^\[]+)\[(?P<zone>[^\]]+)\]$")


def parse_date(text: str, default_zone: _dt.tzinfo = _dt.UTC) -> _dt.datetime:
    """An ISO-8601 date-time; a zone id in brackets wins over the offset; no zone means the default."""
    raw = text.strip()
    zone: _dt.tzinfo | None = None
    match = _ZONE_SUFFIX.match(raw)
    if match:
        raw = match.group("dt")
        try:
            zone = ZoneInfo(match.group("zone"))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise TimerValueError(f"Invalid date-time format '{text}': unknown zone") from exc
    try:
        instant = _dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise TimerValueError(f"Invalid date-time format '{text}'") from exc
    if zone is not None:
        instant = instant.replace(tzinfo=zone) if instant.tzinfo is None else instant.astimezone(zone)
    elif instant.tzinfo is None:
        instant = instant.replace(tzinfo=default_zone)
    return instant


def parse_cycle(text: str) -> Cycle:
    parts = text.strip().split("/")
    if len(parts) not in (2, 3) or not parts[0].startswith("R"):
        raise TimerValueError(f"Invalid time cycle format '{text}'")
    count = parts[0][1:]
    if count and not count.isdigit():
        raise TimerValueError(f"Invalid time cycle format '{text}': bad repetition count")
    repetitions = int(count) if count else None
    start = parse_date(parts[1]) if len(parts) == 3 else None
    interval = parse_duration(parts[-1])
    return Cycle(repetitions, interval, start)
