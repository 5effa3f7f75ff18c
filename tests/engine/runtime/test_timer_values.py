"""ISO-8601 timer values: durations, dates with zones, repeating cycles."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.bpmn.timers import TimerValueError, add_duration, parse_cycle, parse_date, parse_duration


def test_duration_with_days_and_time() -> None:
    duration = parse_duration("P1DT2H30M")
    assert duration.months == 0
    assert duration.delta == dt.timedelta(days=1, hours=2, minutes=30)


def test_duration_months_are_added_on_the_calendar() -> None:
    start = dt.datetime(2026, 1, 31, 9, tzinfo=dt.UTC)
    assert add_duration(start, parse_duration("P1M")) == dt.datetime(2026, 2, 28, 9, tzinfo=dt.UTC)
    assert add_duration(start, parse_duration("P1Y")) == dt.datetime(2027, 1, 31, 9, tzinfo=dt.UTC)


def test_fractional_seconds_and_weeks() -> None:
    assert parse_duration("PT1.5S").delta == dt.timedelta(seconds=1.5)
    assert parse_duration("P2W").delta == dt.timedelta(days=14)


@pytest.mark.parametrize("text", ["P", "PT", "1D", "P1H", "PXD", ""])
def test_invalid_durations_are_rejected(text: str) -> None:
    with pytest.raises(TimerValueError):
        parse_duration(text)


def test_date_with_zone_id_wins_over_offset() -> None:
    instant = parse_date("2026-10-01T09:00:00[Asia/Shanghai]")
    assert instant.utcoffset() == dt.timedelta(hours=8)
    assert instant.astimezone(dt.UTC).hour == 1


def test_date_without_zone_is_utc() -> None:
    assert parse_date("2026-10-01T09:00:00").tzinfo == dt.UTC


def test_cycle_with_count_and_start() -> None:
    cycle = parse_cycle("R3/2026-10-01T09:00:00Z/PT1H")
    assert cycle.repetitions == 3
    assert cycle.start == dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    assert cycle.interval.delta == dt.timedelta(hours=1)


def test_cycle_forever() -> None:
    assert parse_cycle("R/P1D").repetitions is None


@pytest.mark.parametrize("text", ["P1D", "Rx/P1D", "R3", "0 0 9 * * ?"])
def test_invalid_cycles_are_rejected(text: str) -> None:
    with pytest.raises(TimerValueError):
        parse_cycle(text)
