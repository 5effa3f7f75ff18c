from datetime import date
from pathlib import Path

import pytest

from workers.deadlines.arithmetic import (
    DayLookup,
    add_period,
    subtract_working_days,
    working_days_between,
)
from workers.deadlines.holiday_calendar import UnknownCalendarYearError, WorkingDayCalendar
from workers.deadlines.periods import Period


def due(calendar: WorkingDayCalendar, start: date, period: str) -> date:
    return add_period(DayLookup(calendar), start, Period.parse(period))


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        (date(2026, 9, 30), "5WD", date(2026, 10, 13)),  # across National Day, 10-10 worked
        (date(2026, 9, 18), "1WD", date(2026, 9, 20)),  # Friday: Saturday rest, Sunday 20 Sept worked
        (date(2026, 9, 19), "1WD", date(2026, 9, 20)),  # Sunday 20 Sept is an adjusted working day
        (date(2026, 2, 12), "3WD", date(2026, 2, 24)),  # 13, 14 (Saturday worked), then 24
        (date(2026, 2, 13), "1WD", date(2026, 2, 14)),
        (date(2026, 2, 15), "5WD", date(2026, 2, 28)),  # in the holiday: 24..27, then Sat 28
        (date(2026, 3, 2), "1WD", date(2026, 3, 3)),  # start day not counted
        (date(2026, 3, 6), "10WD", date(2026, 3, 20)),
    ],
)
def test_working_days_across_2026_holidays(
    calendar: WorkingDayCalendar, start: date, period: str, expected: date
) -> None:
    assert due(calendar, start, period) == expected


def test_month_end_without_corresponding_day_takes_last_day(calendar: WorkingDayCalendar) -> None:
    # 2026-02-28 is a Saturday but an adjusted working day, so it stands.
    assert due(calendar, date(2026, 1, 31), "1M") == date(2026, 2, 28)


def test_month_end_in_leap_year(calendar: WorkingDayCalendar) -> None:
    assert due(calendar, date(2024, 1, 31), "1M") == date(2024, 2, 29)


def test_rest_day_last_day_rolls_to_next_working_day(calendar: WorkingDayCalendar) -> None:
    assert due(calendar, date(2026, 9, 1), "1M") == date(2026, 10, 8)  # 10-01 is National Day
    assert due(calendar, date(2026, 2, 7), "1M") == date(2026, 3, 9)  # 03-07 Saturday, 03-08 Sunday


def test_corresponding_day_on_a_working_day_stands(calendar: WorkingDayCalendar) -> None:
    assert due(calendar, date(2026, 3, 16), "3M") == date(2026, 6, 16)


def test_years_are_twelve_months(calendar: WorkingDayCalendar) -> None:
    assert due(calendar, date(2024, 2, 29), "1Y") == date(2025, 2, 28)
    assert due(calendar, date(2025, 10, 1), "1Y") == date(2026, 10, 8)


def test_working_days_into_an_unknown_year_are_refused(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(UnknownCalendarYearError, match="2027"):
        due(calendar, date(2026, 12, 28), "10WD")


def test_months_ending_in_an_unknown_year_are_refused(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(UnknownCalendarYearError, match="2027"):
        due(calendar, date(2026, 6, 30), "12M")


def test_provisional_rule_counts_weekends_only_and_flags_it(calendar: WorkingDayCalendar) -> None:
    lookup = DayLookup(calendar, allow_provisional=True)
    assert add_period(lookup, date(2026, 12, 30), Period.parse("3WD")) == date(2027, 1, 4)
    assert lookup.provisional is True


def test_provisional_flag_stays_off_inside_known_years(calendar: WorkingDayCalendar) -> None:
    lookup = DayLookup(calendar, allow_provisional=True)
    add_period(lookup, date(2026, 9, 30), Period.parse("5WD"))
    assert lookup.provisional is False


def test_override_year_is_known_not_provisional(overrides_2027: Path) -> None:
    lookup = DayLookup(WorkingDayCalendar.official(overrides_2027), allow_provisional=True)
    # 2026-12-31 Thu; 2027-01-01 holiday; 01-04 Mon is the first working day
    assert add_period(lookup, date(2026, 12, 31), Period.parse("1WD")) == date(2027, 1, 4)
    assert add_period(lookup, date(2027, 2, 4), Period.parse("1WD")) == date(2027, 2, 12)
    assert lookup.provisional is False


def test_reminder_goes_back_over_holidays(calendar: WorkingDayCalendar) -> None:
    assert subtract_working_days(DayLookup(calendar), date(2026, 10, 13), 3) == date(2026, 10, 9)
    assert subtract_working_days(DayLookup(calendar), date(2026, 10, 8), 1) == date(2026, 9, 30)


def test_working_days_between_counts_end_not_start(calendar: WorkingDayCalendar) -> None:
    lookup = DayLookup(calendar)
    assert working_days_between(lookup, date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert working_days_between(lookup, date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert working_days_between(lookup, date(2026, 10, 1), date(2026, 10, 1)) == 0


@pytest.mark.parametrize("text", ["5", "WD", "0WD", "5D", "-1M", "five WD", ""])
def test_bad_period_names_itself(text: str) -> None:
    with pytest.raises(ValueError, match="period"):
        Period.parse(text)


@pytest.mark.parametrize(("text", "shown"), [("5wd", "5WD"), (" 3 M ", "3M"), ("1Y", "1Y")])
def test_period_forms(text: str, shown: str) -> None:
    assert str(Period.parse(text)) == shown
