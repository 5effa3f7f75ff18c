"""Cron time cycles as Zeebe accepts them (Spring's format, with a seconds field).

``second minute hour day-of-month month day-of-week``, each ``*``, ``?``, a number, a name
(JAN..DEC, SUN..SAT), a range ``a-b``, a step ``*/n`` or ``a-b/n`` or ``a/n``, or a list of these;
day-of-week 0 and 7 are Sunday. A day must match both the day-of-month and the day-of-week field, as
in Spring. The macros ``@yearly`` ``@monthly`` ``@weekly`` ``@daily`` ``@midnight`` ``@hourly`` work too.
Quartz's ``L``, ``W`` and ``#`` are not supported.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from engine.bpmn.timers import Cycle, TimerValueError, parse_cycle

_MACROS = {
    "@yearly": "0 0 0 1 1 *",
    "@annually": "0 0 0 1 1 *",
    "@monthly": "0 0 0 1 * *",
    "@weekly": "0 0 0 * * 0",
    "@daily": "0 0 0 * * *",
    "@midnight": "0 0 0 * * *",
    "@hourly": "0 0 * * * *",
}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    )
}
_DAYS = {d: i for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}
_SEARCH_YEARS = 5


@dataclass(frozen=True, slots=True)
class CronSchedule:
    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    """0 = Sunday .. 6 = Saturday."""

    def next_after(self, instant: _dt.datetime) -> _dt.datetime:
        """The first instant strictly after ``instant`` that the schedule matches."""
        current = instant.replace(microsecond=0) + _dt.timedelta(seconds=1)
        limit = instant + _dt.timedelta(days=366 * _SEARCH_YEARS)
        while current <= limit:
            if current.month not in self.months:
                year, month = (
                    (current.year + 1, 1) if current.month == 12 else (current.year, current.month + 1)
                )
                current = current.replace(year=year, month=month, day=1, hour=0, minute=0, second=0)
                continue
            weekday = (current.weekday() + 1) % 7
            if current.day not in self.days or weekday not in self.weekdays:
                current = (current + _dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
                continue
            if current.hour not in self.hours:
                current = (current + _dt.timedelta(hours=1)).replace(minute=0, second=0)
                continue
            if current.minute not in self.minutes:
                current = (current + _dt.timedelta(minutes=1)).replace(second=0)
                continue
            if current.second not in self.seconds:
                current += _dt.timedelta(seconds=1)
                continue
            return current
        raise TimerValueError(f"the cron schedule never fires within {_SEARCH_YEARS} years")


def parse_cron(text: str) -> CronSchedule:
    expression = _MACROS.get(text.strip().lower(), text.strip())
    fields = expression.split()
    if len(fields) != 6:
        raise TimerValueError(f"Invalid time cycle format '{text}': a cron expression has six fields")
    try:
        seconds = _field(fields[0], 0, 59, {})
        minutes = _field(fields[1], 0, 59, {})
        hours = _field(fields[2], 0, 23, {})
        days = _field(fields[3], 1, 31, {})
        months = _field(fields[4], 1, 12, _MONTHS)
        weekdays = frozenset(d % 7 for d in _field(fields[5], 0, 7, _DAYS))
    except ValueError as exc:
        raise TimerValueError(f"Invalid time cycle format '{text}': {exc}") from exc
    return CronSchedule(seconds, minutes, hours, days, months, weekdays)


def _field(text: str, low: int, high: int, names: dict[str, int]) -> frozenset[int]:
    values: set[int] = set()
    for part in text.upper().split(","):
        if part in ("*", "?"):
            values.update(range(low, high + 1))
            continue
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step <= 0:
            raise ValueError(f"step must be positive in '{part}'")
        if body in ("*", "?"):
            start, end = low, high
        elif "-" in body:
            a, b = body.split("-", 1)
            start, end = _value(a, names), _value(b, names)
        else:
            start = _value(body, names)
            end = high if step_text else start
        if not low <= start <= high or not low <= end <= high or start > end:
            raise ValueError(f"'{part}' is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _value(text: str, names: dict[str, int]) -> int:
    if text in names:
        return names[text]
    if not text.isdigit():
        raise ValueError(f"'{text}' is not a number or a known name")
    return int(text)


def parse_time_cycle(text: str) -> Cycle | CronSchedule:
    """A ``timeCycle`` value: ISO-8601 repetitions (``R3/PT1H``) or a cron expression."""
    stripped = text.strip()
    if stripped.startswith("R"):
        return parse_cycle(stripped)
    return parse_cron(stripped)
