"""The PRC working-day calendar: package data for 2004–2026 plus the administrator's overrides."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType

import chinese_calendar

from workers.deadlines.overrides import YearSchedule, load_overrides


class UnknownCalendarYearError(LookupError):
    """Neither the package nor the override file has the State Council schedule for ``year``."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the working-day calendar does not know {year}: add the State Council holiday schedule "
            f"for {year} to the calendar override file (GOVIT_CALENDAR_OVERRIDES), "
            "or ask explicitly for the provisional weekends-only rule"
        )
        self.year = year


def _package_years() -> dict[int, YearSchedule]:
    holidays: dict[int, set[date]] = {}
    workdays: dict[int, set[date]] = {}
    for day in chinese_calendar.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in chinese_calendar.workdays:
        workdays.setdefault(day.year, set()).add(day)
    return {
        year: YearSchedule(holidays=frozenset(days), workdays=frozenset(workdays.get(year, set())))
        for year, days in holidays.items()
    }


class WorkingDayCalendar:
    """Answers whether a day is a working day, for the years it knows and no others."""

    def __init__(self, years: Mapping[int, YearSchedule]) -> None:
        self._years = MappingProxyType(dict(years))

    @classmethod
    def official(cls, overrides: Path | None = None) -> WorkingDayCalendar:
        """The package calendar, with the override file's years replacing or adding to it."""
        years = _package_years()
        if overrides is not None:
            years.update(load_overrides(overrides))
        return cls(years)

    @property
    def known_years(self) -> frozenset[int]:
        return frozenset(self._years)

    def knows(self, year: int) -> bool:
        return year in self._years

    def is_working_day(self, day: date) -> bool:
        schedule = self._years.get(day.year)
        if schedule is None:
            raise UnknownCalendarYearError(day.year)
        if day in schedule.workdays:
            return True
        if day in schedule.holidays:
            return False
        return day.weekday() < 5


class CalendarSource:
    """The calendar as the override file says now.

    The file is read again when it changes, so an operator who adds a year can retry the
    incidents that year caused without restarting the workers. Jobs run on worker threads, hence
    the lock.
    """

    def __init__(self, overrides: Path | None = None) -> None:
        self._overrides = overrides
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._calendar: WorkingDayCalendar | None = None

    def current(self) -> WorkingDayCalendar:
        stamp = self._file_stamp()
        with self._lock:
            if self._calendar is None or stamp != self._stamp:
                self._calendar = WorkingDayCalendar.official(self._overrides)
                self._stamp = stamp
            return self._calendar

    def _file_stamp(self) -> tuple[int, int] | None:
        if self._overrides is None:
            return None
        try:
            status = self._overrides.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size)
