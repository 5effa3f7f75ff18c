"""ISO-8601 timer values as Zeebe reads them: durations, dates and repeating cycles.

A duration is ``PnYnMnWnDTnHnMnS`` (Zeebe also accepts a negative sign and a week part); a date is an
ISO date-time with an offset and optionally a zone id (``2026-10-01T09:00:00+08:00[Asia/Shanghai]``),
never without an offset, as Zeebe hands it to ``ZonedDateTime.parse``; a cycle
is ``R[n]/<duration>`` or ``R[n]/<start>/<duration>`` (``R`` alone repeats forever).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class TimerValueError(ValueError):
    """A timer value that is not a valid ISO-8601 duration, date or cycle."""


class TimerOutOfRange(TimerValueError):
    """A duration, or a due date it leads to, beyond the instants the engine can hold (years 1 to
    9999): ``P999999999Y``, or any timer once the clock is pinned at the end of year 9999."""


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
    try:
        delta = _dt.timedelta(
            weeks=int(parts["w"] or 0),
            days=int(parts["d"] or 0),
            hours=int(parts["h"] or 0),
            minutes=int(parts["mi"] or 0),
            seconds=float((parts["s"] or "0").replace(",", ".")),
        )
    except OverflowError as exc:
        raise TimerOutOfRange(f"Invalid duration format '{text}': the duration is out of range") from exc
    return Duration(sign * months, sign * delta)


def add_duration(instant: _dt.datetime, duration: Duration) -> _dt.datetime:
    """``instant`` moved by ``duration``; raises :class:`TimerOutOfRange` past year 9999 (or before 1)."""
    try:
        return _moved(instant, duration)
    except (OverflowError, ValueError) as exc:
        raise TimerOutOfRange(
            f"the instant {instant.isoformat()} plus the duration is out of range (years 1 to 9999)"
        ) from exc


def _moved(instant: _dt.datetime, duration: Duration) -> _dt.datetime:
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


# java.time.format.DateTimeFormatter.ISO_ZONED_DATE_TIME, which Zeebe's ``ZonedDateTime.parse`` uses:
# a local date-time (seconds and fraction optional), a mandatory offset, then an optional [zone].
_ZONED_DATE_TIME = re.compile(
    r"(?P<year>[+-]\d{5,9}|-?\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"[Tt](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
    r"(?P<offset>[Zz]|[+-]\d{2}:\d{2}(?::\d{2})?)(?:\[(?P<zone>[^\]]+)\])?"
)


def parse_date(text: str) -> _dt.datetime:
    """A date-time as ``java.time.ZonedDateTime.parse`` reads it: the offset is required
    (``2026-10-01T09:00:00+08:00``, ``...Z``); a zone id in brackets places the instant in that zone."""
    match = _ZONED_DATE_TIME.fullmatch(text)
    if match is None:
        raise TimerValueError(f"Invalid date-time format '{text}'")
    parts = match.groupdict()
    try:
        local = _dt.datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"]),
            int(parts["minute"]),
            int(parts["second"] or 0),
            int((parts["fraction"] or "").ljust(6, "0")[:6]),
        )
        instant = local.replace(tzinfo=_offset(parts["offset"]))
        if parts["zone"] is not None:
            instant = instant.astimezone(ZoneInfo(parts["zone"]))
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise TimerValueError(f"Invalid date-time format '{text}'") from exc
    return instant


def _offset(text: str) -> _dt.tzinfo:
    if text in ("Z", "z"):
        return _dt.UTC
    hours, minutes, seconds = [*(int(field) for field in text[1:].split(":")), 0][:3]
    delta = _dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if minutes > 59 or seconds > 59 or delta > _dt.timedelta(hours=18):
        raise ValueError(f"offset {text} is out of range")
    return _dt.timezone(-delta if text[0] == "-" else delta)


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
    if interval.months <= 0 and interval.delta <= _dt.timedelta(0):
        # a repetition that does not move forward would fire forever at the same instant
        raise TimerValueError(f"Invalid time cycle format '{text}': the interval must be positive")
    return Cycle(repetitions, interval, start)
