from datetime import date
from pathlib import Path

import pytest

from workers.deadlines.holiday_calendar import UnknownCalendarYearError, WorkingDayCalendar
from workers.deadlines.overrides import CalendarOverrideError, load_overrides


def test_package_years_span_2004_to_2026(calendar: WorkingDayCalendar) -> None:
    assert min(calendar.known_years) == 2004
    assert max(calendar.known_years) == 2026


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Spring Festival
        (date(2026, 2, 14), True),  # Saturday, adjusted working day (调休)
        (date(2026, 2, 16), False),  # Monday in the Spring Festival holiday
        (date(2026, 2, 23), False),  # last day of the holiday, a Monday
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday, adjusted working day
        (date(2026, 3, 1), False),  # ordinary Sunday
        (date(2026, 9, 20), True),  # Sunday, adjusted working day before National Day
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),  # Wednesday in the National Day holiday
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, adjusted working day
        (date(2026, 10, 11), False),
    ],
)
def test_2026_spring_festival_and_national_day(
    calendar: WorkingDayCalendar, day: date, working: bool
) -> None:
    assert calendar.is_working_day(day) is working


def test_unknown_year_is_refused_with_the_year_named(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(UnknownCalendarYearError, match="2027") as caught:
        calendar.is_working_day(date(2027, 3, 1))
    assert caught.value.year == 2027


def test_override_file_makes_2027_known(overrides_2027: Path) -> None:
    calendar = WorkingDayCalendar.official(overrides_2027)
    assert calendar.knows(2027)
    assert calendar.is_working_day(date(2027, 2, 8)) is False  # Monday in the listed range
    assert calendar.is_working_day(date(2027, 2, 13)) is True  # Saturday listed as a workday
    assert calendar.is_working_day(date(2027, 3, 1)) is True
    assert calendar.is_working_day(date(2026, 10, 1)) is False  # package years still there


def test_override_replaces_a_package_year(tmp_path: Path) -> None:
    path = tmp_path / "o.json"
    path.write_text('{"years": {"2026": {"holidays": ["2026-03-02"], "workdays": []}}}', encoding="utf-8")
    calendar = WorkingDayCalendar.official(path)
    assert calendar.is_working_day(date(2026, 3, 2)) is False
    assert calendar.is_working_day(date(2026, 10, 8)) is True
    assert calendar.is_working_day(date(2026, 10, 1)) is True  # the override is the whole year


def test_empty_override_file_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("", encoding="utf-8")
    assert load_overrides(path) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "top-level 'years'"),
        ("years: {abc: {}}", "'abc' is not a year"),
        ("years: {2027: {holidays: [2028-01-01]}}", "2028-01-01 is not in 2027"),
        ("years: {2027: {holidays: ['2027-13-01']}}", "not an ISO date"),
        ("years: {2027: {holidays: ['2027-02-10/2027-02-01']}}", "ends before it starts"),
        ("years: {2027: {holidays: [2027-02-13], workdays: [2027-02-13]}}", "both holiday and workday"),
        ("years: {2027: {holiday: []}}", "unknown keys"),
        ("years: {2027: {holidays: 2027-01-01}}", "must be a list"),
        ("years: [unclosed", "not valid YAML"),
    ],
)
def test_malformed_override_file_names_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarOverrideError, match=message) as caught:
        load_overrides(path)
    assert str(path) in str(caught.value)


def test_missing_override_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CalendarOverrideError, match="cannot read"):
        load_overrides(tmp_path / "absent.yaml")
