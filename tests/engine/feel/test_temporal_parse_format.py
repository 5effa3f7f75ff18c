"""Parsing temporal text (``@"..."`` literals and conversion functions) and ``string()`` of any value."""

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from engine.feel.temporal import to_feel_string
from engine.feel.temporal_parse import parse_temporal_literal
from engine.feel.values import DaysTimeDuration, FeelRange, YearsMonthsDuration

SHANGHAI = ZoneInfo("Asia/Shanghai")
PLUS_8 = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-30", dt.date(2026, 9, 30)),
        ("0001-01-01", dt.date(1, 1, 1)),
        ("10:30:00", dt.time(10, 30)),
        ("T10:30:00", dt.time(10, 30)),
        ("10:30", dt.time(10, 30)),
        ("10:30:00.123456789", dt.time(10, 30, 0, 123456)),
        ("10:30:00Z", dt.time(10, 30, tzinfo=dt.UTC)),
        ("10:30:00+08:00", dt.time(10, 30, tzinfo=PLUS_8)),
        ("10:30:00-03:30", dt.time(10, 30, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30)))),
        ("10:30:00@Asia/Shanghai", dt.time(10, 30, tzinfo=SHANGHAI)),
        ("2026-09-30T10:30:00", dt.datetime(2026, 9, 30, 10, 30)),
        ("2026-09-30T10:30", dt.datetime(2026, 9, 30, 10, 30)),
        ("2026-09-30T10:30:00Z", dt.datetime(2026, 9, 30, 10, 30, tzinfo=dt.UTC)),
        ("2026-09-30T10:30:00+00:00", dt.datetime(2026, 9, 30, 10, 30, tzinfo=dt.UTC)),
        (
            "2026-09-30T10:30:00@Asia/Shanghai",
            dt.datetime(2026, 9, 30, 10, 30, tzinfo=SHANGHAI),
        ),
        ("P1Y2M", YearsMonthsDuration(14)),
        ("P1Y", YearsMonthsDuration(12)),
        ("P3M", YearsMonthsDuration(3)),
        ("-P1Y2M", YearsMonthsDuration(-14)),
        ("P-1Y2M", YearsMonthsDuration(-10)),
        ("P1D", DaysTimeDuration(Decimal(86400))),
        ("PT1H", DaysTimeDuration(Decimal(3600))),
        ("P1DT2H3M4.5S", DaysTimeDuration(Decimal("93784.5"))),
        ("-PT1M", DaysTimeDuration(Decimal(-60))),
        ("PT-1M", DaysTimeDuration(Decimal(-60))),
        ("P0D", DaysTimeDuration(Decimal(0))),
        ("PT0.001S", DaysTimeDuration(Decimal("0.001"))),
    ],
)
def test_parse_temporal_literal(text: str, expected: Any) -> None:
    value = parse_temporal_literal(text)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(expected, dt.time | dt.datetime):
        assert value.tzinfo == expected.tzinfo  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "2026-13-01",
        "2026-02-29",
        "2026-9-30",
        "26-09-30",
        "25:00:00",
        "10:60:00",
        "10:30:00+19:00",
        "10:30:00@Nowhere/Town",
        "2026-09-30T10:30:00@",
        "2026-09-30 10:30:00",
        "2026-09-30T24:00:01",
        "2026-09-30T25:00:00",
        "P",
        "PT",
        "P1DT",
        "P1Y2D",
        "P1W",
        "1D",
        "PT1.5H",
    ],
)
def test_invalid_temporal_literal_is_none(text: str) -> None:
    assert parse_temporal_literal(text) is None


def test_a_local_time_in_a_dst_gap_moves_forward_as_in_java() -> None:
    value = parse_temporal_literal("2026-03-29T02:30:00@Europe/Paris")
    assert to_feel_string(value) == "2026-03-29T03:30:00@Europe/Paris"


@pytest.mark.parametrize(
    "text",
    [
        "2026-10-13T17:30:00[Asia/Shanghai]",
        "2026-10-13T17:30:00+08:00[Asia/Shanghai]",
        "2026-09-30T02:30:00Z[Asia/Shanghai]",
        "2026-10-13T17:30:00+08:00@Asia/Shanghai",
    ],
)
def test_a_zone_in_brackets_is_no_date_and_time_literal(text: str) -> None:
    """feel-scala 1.19 ``org/camunda/package.scala``: ``offsetDateTimePattern`` ends in
    ``([+-][01][0-9]:[0-5][0-9]|Z|@.*)``, one of offset or ``@zone``; ``[Region]`` arrives in 1.20."""
    assert parse_temporal_literal(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        ("text", "text"),
        (Decimal("1.50"), "1.5"),
        (Decimal("100"), "100"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("-0.00"), "0"),
        (Decimal("123456789012345678901234567890.1234"), "123456789012345678901234567890.1234"),
        ([Decimal(1), Decimal(2)], "[1, 2]"),
        ([], "[]"),
        (["a", None, [True]], '["a", null, [true]]'),
        ({"a": Decimal(1)}, "{a:1}"),
        ({"a": "x", "b c": {"d": []}}, '{a:"x", b c:{d:[]}}'),
        ({}, "{}"),
        (dt.date(2026, 9, 30), "2026-09-30"),
        (dt.date(5, 1, 2), "0005-01-02"),
        (dt.time(9, 5), "09:05:00"),
        (dt.time(9, 5, 7, 120000), "09:05:07.12"),
        (dt.time(9, 5, tzinfo=dt.UTC), "09:05:00Z"),
        (dt.time(9, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "09:05:00-05:00"),
        (dt.time(9, 5, tzinfo=ZoneInfo("Europe/Paris")), "09:05:00@Europe/Paris"),
        (dt.datetime(2026, 9, 30, 17, 30), "2026-09-30T17:30:00"),
        (
            dt.datetime(2026, 9, 30, 17, 30, tzinfo=SHANGHAI),
            "2026-09-30T17:30:00@Asia/Shanghai",
        ),
        (dt.datetime(2026, 9, 30, 17, 30, tzinfo=ZoneInfo("UTC")), "2026-09-30T17:30:00@UTC"),
        (dt.datetime(2026, 9, 30, 17, 30, tzinfo=dt.UTC), "2026-09-30T17:30:00Z"),
        (
            dt.datetime(2026, 9, 30, 17, 30, tzinfo=PLUS_8),
            "2026-09-30T17:30:00+08:00",
        ),
        (DaysTimeDuration(Decimal(93600)), "P1DT2H"),
        (DaysTimeDuration(Decimal(-60)), "-PT1M"),
        (DaysTimeDuration(Decimal(0)), "P0D"),
        (DaysTimeDuration(Decimal(86400 * 3)), "P3D"),
        (DaysTimeDuration(Decimal("1.5")), "PT1S"),
        (DaysTimeDuration(Decimal("-3661")), "-PT1H1M1S"),
        (YearsMonthsDuration(14), "P1Y2M"),
        (YearsMonthsDuration(-14), "-P1Y2M"),
        (YearsMonthsDuration(12), "P1Y"),
        (YearsMonthsDuration(5), "P5M"),
        (YearsMonthsDuration(0), "P0Y"),
        (FeelRange(Decimal(1), Decimal(10), True, False), "[1..10)"),
        (FeelRange(dt.date(2026, 1, 1), dt.date(2026, 12, 31), False, True), "(2026-01-01..2026-12-31]"),
        (FeelRange(None, Decimal(5), False, False), "(null..5)"),
    ],
)
def test_to_feel_string(value: Any, expected: str) -> None:
    assert to_feel_string(value) == expected


class _Function:
    name = "f"
    params = ("a", "b")

    def invoke(self, args: Any, warn: Any) -> Any:
        return None


def test_to_feel_string_of_a_function_lists_its_parameters() -> None:
    assert to_feel_string(_Function()) == "function(a, b)"
    assert to_feel_string([_Function()]) == "[function(a, b)]"
