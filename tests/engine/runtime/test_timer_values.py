"""ISO-8601 timer values: durations, dates with zones, repeating cycles."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.bpmn.cron import CronSchedule, parse_cron, parse_time_cycle
from engine.bpmn.timers import Cycle, TimerValueError, add_duration, parse_cycle, parse_date, parse_duration


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


# Zeebe reads a timer date, a cycle's start and a user task's due date with java.time's
# ZonedDateTime.parse (camunda/camunda zeebe/engine/.../processing/common/ExpressionProcessor.java,
# evaluateDateTimeExpressionString; zeebe/bpmn-model/.../util/time/Interval.java, parse), i.e.
# DateTimeFormatter.ISO_ZONED_DATE_TIME: a local date-time, a mandatory offset, an optional [zone].


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-01T09:00:00+08:00", dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC)),
        ("2026-10-01T09:00+08:00", dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC)),
        ("2026-10-01T01:00:00Z", dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC)),
        ("2026-10-01T01:00:00.250Z", dt.datetime(2026, 10, 1, 1, 0, 0, 250000, tzinfo=dt.UTC)),
        ("2026-10-01T09:00:00+08:00[Asia/Shanghai]", dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC)),
        ("2026-10-01T01:00:00Z[Asia/Shanghai]", dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_date_is_read_as_zoned_date_time_parse_reads_it(text: str, expected: dt.datetime) -> None:
    assert parse_date(text) == expected


def test_date_with_zone_id_is_placed_in_that_zone() -> None:
    instant = parse_date("2026-10-01T01:00:00Z[Asia/Shanghai]")
    assert (instant.hour, instant.utcoffset()) == (9, dt.timedelta(hours=8))


@pytest.mark.parametrize(
    "text",
    [
        "2026-10-01T09:00:00",
        "2026-10-01T09:00:00[Asia/Shanghai]",
        "2026-10-01T09:00:00@Asia/Shanghai",
        "2026-10-01",
        "2026-10-01 09:00:00+08:00",
        "20261001T090000Z",
        "2026-02-30T09:00:00Z",
        "2026-10-01T09:00:00+19:00",
        "2026-10-01T09:00:00+08:00[Mars/Olympus]",
    ],
)
def test_date_without_an_offset_or_otherwise_not_iso_zoned_is_rejected(text: str) -> None:
    with pytest.raises(TimerValueError, match="Invalid date-time format"):
        parse_date(text)


def test_cycle_start_needs_an_offset_too() -> None:
    with pytest.raises(TimerValueError):
        parse_cycle("R3/2026-10-01T09:00:00/PT1H")


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


def test_cron_every_quarter_hour() -> None:
    schedule = parse_cron("0 */15 * * * *")
    start = dt.datetime(2026, 9, 30, 9, 7, 30, tzinfo=dt.UTC)
    first = schedule.next_after(start)
    assert first == dt.datetime(2026, 9, 30, 9, 15, tzinfo=dt.UTC)
    assert schedule.next_after(first) == dt.datetime(2026, 9, 30, 9, 30, tzinfo=dt.UTC)


def test_cron_weekdays_at_nine_by_name() -> None:
    schedule = parse_cron("0 0 9 * * MON-FRI")
    friday_evening = dt.datetime(2026, 10, 2, 18, tzinfo=dt.UTC)  # a Friday
    assert schedule.next_after(friday_evening) == dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)


def test_cron_macro_and_sunday_as_seven() -> None:
    assert parse_cron("@daily").next_after(dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)) == dt.datetime(
        2026, 1, 2, tzinfo=dt.UTC
    )
    sunday = parse_cron("0 0 12 * * 7").next_after(dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
    assert sunday.weekday() == 6


@pytest.mark.parametrize("text", ["0 0 9 * *", "0 0 25 * * *", "0 0 9 L * *", "0 */0 * * * *"])
def test_invalid_cron_is_rejected(text: str) -> None:
    with pytest.raises(TimerValueError):
        parse_cron(text)


def test_time_cycle_accepts_both_forms() -> None:
    assert isinstance(parse_time_cycle("R2/PT1H"), Cycle)
    assert isinstance(parse_time_cycle("0 0 9 * * *"), CronSchedule)


def test_cycle_interval_must_move_forward() -> None:
    with pytest.raises(TimerValueError, match="interval must be positive"):
        parse_cycle("R/PT0S")
