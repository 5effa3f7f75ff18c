"""Deadline arithmetic on working-day calendars (RULES.md §0.3; 民法典 第二百零一至二百零三条).

The start day is not counted. N working days end on the N-th working day after the start day.
N months end on the corresponding day of the end month, or on its last day when it has none;
N years are 12·N months. A month or year deadline whose last day is a rest day moves to the next
working day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from workers.deadlines.holiday_calendar import UnknownCalendarYearError, WorkingDayCalendar
from workers.deadlines.periods import Period, PeriodUnit

_ONE_DAY = timedelta(days=1)


@dataclass
class DayLookup:
    """Working-day questions for one computation, recording whether the provisional rule was used.

    With ``allow_provisional`` a year the calendar does not know is answered by weekends alone,
    and ``provisional`` becomes true so the result can say so; without it such a year is refused.
    """

    calendar: WorkingDayCalendar
    allow_provisional: bool = False
    provisional: bool = field(default=False, init=False)

    def is_working_day(self, day: date) -> bool:
        try:
            return self.calendar.is_working_day(day)
        except UnknownCalendarYearError:
            if not self.allow_provisional:
                raise
            self.provisional = True
            return day.weekday() < 5


def add_period(lookup: DayLookup, start: date, period: Period) -> date:
    if period.unit is PeriodUnit.WORKING_DAYS:
        return add_working_days(lookup, start, period.amount)
    months = period.amount * (12 if period.unit is PeriodUnit.YEARS else 1)
    last_day = _add_months(start, months)
    return next_working_day_from(lookup, last_day)


def add_working_days(lookup: DayLookup, start: date, days: int) -> date:
    day = start
    counted = 0
    while counted < days:
        day += _ONE_DAY
        if lookup.is_working_day(day):
            counted += 1
    return day


def subtract_working_days(lookup: DayLookup, end: date, days: int) -> date:
    day = end
    counted = 0
    while counted < days:
        day -= _ONE_DAY
        if lookup.is_working_day(day):
            counted += 1
    return day


def next_working_day_from(lookup: DayLookup, day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not lookup.is_working_day(day):
        day += _ONE_DAY
    return day


def working_days_between(lookup: DayLookup, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -working_days_between(lookup, end, start)
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if lookup.is_working_day(day):
            count += 1
    return count


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
