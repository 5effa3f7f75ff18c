"""The deadline job types as plain functions over a calendar; no gRPC here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from workers.deadlines.arithmetic import DayLookup, add_period, subtract_working_days, working_days_between
from workers.deadlines.holiday_calendar import CalendarSource, UnknownCalendarYearError, WorkingDayCalendar
from workers.deadlines.instants import SHANGHAI, at_local_time, parse_instant
from workers.deadlines.models import (
    DueDateInput,
    DueDateResult,
    ElapsedInput,
    ElapsedResult,
    OverdueInput,
    OverdueResult,
    ReminderDateInput,
    ReminderDateResult,
)
from workers.deadlines.overrides import CalendarOverrideError
from workers.deadlines.settings import DeadlineSettings
from workers.errors import PermanentJobError


def _now() -> datetime:
    return datetime.now(SHANGHAI)


@contextmanager
def _known_years() -> Iterator[None]:
    """An unknown year or a broken override file is an operator's matter, so it becomes an incident."""
    try:
        yield
    except (UnknownCalendarYearError, CalendarOverrideError) as exc:
        raise PermanentJobError(str(exc)) from exc
    except (ValueError, OverflowError) as exc:  # a period reaching past year 9999
        raise PermanentJobError(f"deadline out of range: {exc}") from exc


class DeadlineJobs:
    """Due dates, reminders and elapsed working days for the process' service tasks."""

    def __init__(
        self,
        calendar: WorkingDayCalendar | CalendarSource,
        settings: DeadlineSettings,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._calendar = calendar
        self._settings = settings
        self._now = now

    def _lookup(self, allow_provisional: bool) -> DayLookup:
        calendar = (
            self._calendar if isinstance(self._calendar, WorkingDayCalendar) else self._calendar.current()
        )
        return DayLookup(calendar, allow_provisional)

    def due_date(self, request: DueDateInput) -> dict[str, Any]:
        with _known_years():
            lookup = self._lookup(request.allow_provisional)
            day = add_period(lookup, request.start_date, request.effective_period)
        return _variables(
            DueDateResult(
                due_date=at_local_time(day, self._settings.office_day_end),
                due_day=day,
                provisional=lookup.provisional,
            )
        )

    def reminder_date(self, request: ReminderDateInput) -> dict[str, Any]:
        with _known_years():
            lookup = self._lookup(request.allow_provisional)
            day = subtract_working_days(lookup, request.due_date, request.working_days_before)
        return _variables(
            ReminderDateResult(
                reminder_date=at_local_time(day, self._settings.office_day_start),
                reminder_day=day,
                provisional=lookup.provisional,
            )
        )

    def working_days_elapsed(self, request: ElapsedInput) -> dict[str, Any]:
        end = request.to_date if request.to_date is not None else self._now().date()
        with _known_years():
            lookup = self._lookup(request.allow_provisional)
            elapsed = working_days_between(lookup, request.from_date, end)
        return _variables(ElapsedResult(working_days_elapsed=elapsed, provisional=lookup.provisional))

    def overdue(self, request: OverdueInput) -> dict[str, Any]:
        due = _instant("截止日期 (dueDate)", request.due_date, self._settings)
        at = _instant("判断时点 (at)", request.at, self._settings) if request.at is not None else self._now()
        overdue = at > due
        with _known_years():
            lookup = self._lookup(request.allow_provisional)
            late_days = working_days_between(lookup, due.date(), at.date()) if overdue else 0
        return _variables(
            OverdueResult(overdue=overdue, working_days_overdue=late_days, provisional=lookup.provisional)
        )


def _instant(named: str, value: object, settings: DeadlineSettings) -> datetime:
    try:
        return parse_instant(value, settings.office_day_end)
    except ValueError as exc:
        raise PermanentJobError(f"{named} 应为日期 YYYY-MM-DD（或日期时间），收到 {value!r}") from exc


def _variables(result: DueDateResult | ReminderDateResult | ElapsedResult | OverdueResult) -> dict[str, Any]:
    return result.model_dump(mode="json", by_alias=True)
