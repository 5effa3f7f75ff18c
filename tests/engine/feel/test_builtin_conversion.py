"""Conversion and temporal built-ins, called directly through the registry."""

from typing import Any

import pytest

from engine.feel.builtins import invoke_builtin
from engine.feel.json_values import from_json
from engine.feel.temporal import to_feel_string
from engine.feel.temporal_parse import parse_temporal_literal
from engine.feel.values import Warnings


def call(name: str, *args: Any, **named: Any) -> tuple[Any, list[str]]:
    warnings = Warnings()
    positional = [from_json(a) for a in args]
    by_name = {k.replace("_", " "): from_json(v) for k, v in named.items()} or None
    return invoke_builtin(name, positional, by_name, warnings), warnings.messages


def render(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else to_feel_string(value)


import datetime as dt  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from engine.feel.clock import system_zone, use_clock  # noqa: E402


def at(text: str) -> Any:
    value = parse_temporal_literal(text)
    assert value is not None, text
    return value


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("date", ["2026-09-30"], "2026-09-30"),
        ("date", ["2024-02-29"], "2024-02-29"),
        ("date", [2026, 9, 30], "2026-09-30"),
        ("date", [2026.9, 1, 1], "2026-01-01"),
        ("date", [at("2026-09-30T17:30:00@Asia/Shanghai")], "2026-09-30"),
        ("date", [at("2026-09-30T17:30:00")], "2026-09-30"),
        ("date", [at("2026-09-30")], "2026-09-30"),
        ("date and time", ["2026-09-30T17:30:00"], "2026-09-30T17:30:00"),
        ("date and time", ["2026-09-30T17:30:00+08:00"], "2026-09-30T17:30:00+08:00"),
        ("date and time", ["2026-09-30T17:30:00Z"], "2026-09-30T17:30:00Z"),
        ("date and time", ["2026-09-30T17:30:00@Asia/Shanghai"], "2026-09-30T17:30:00@Asia/Shanghai"),
        ("date and time", ["2026-09-30T17:30:00.5"], "2026-09-30T17:30:00.5"),
        ("date and time", ["2026-09-30T17:30"], "2026-09-30T17:30:00"),
        ("date and time", ["2026-09-30"], "2026-09-30T00:00:00"),
        ("date and time", [at("2026-09-30"), at("17:30:00")], "2026-09-30T17:30:00"),
        ("date and time", [at("2026-09-30"), at("17:30:00+08:00")], "2026-09-30T17:30:00+08:00"),
        (
            "date and time",
            [at("2026-09-30"), at("17:30:00@Asia/Shanghai")],
            "2026-09-30T17:30:00@Asia/Shanghai",
        ),
        ("date and time", [at("2026-09-30T01:00:00Z"), at("17:30:00")], "2026-09-30T17:30:00"),
        ("date and time", [at("2026-09-30T17:30:00"), "Asia/Shanghai"], "2026-09-30T17:30:00@Asia/Shanghai"),
        ("date and time", [at("2026-09-30T09:30:00Z"), "Asia/Shanghai"], "2026-09-30T17:30:00@Asia/Shanghai"),
        ("date and time", [at("2026-09-30T17:30:00"), "Z"], "2026-09-30T17:30:00Z"),
        ("date and time", [at("2026-09-30T17:30:00@Asia/Shanghai"), "Z"], "2026-09-30T09:30:00Z"),
        ("date and time", [at("2026-09-30T17:30:00"), "+08:00"], "2026-09-30T17:30:00+08:00"),
        ("date and time", ["2026-09-30T17:30:00@+08:00"], "2026-09-30T17:30:00+08:00"),
        ("time", ["17:30:00"], "17:30:00"),
        ("time", ["17:30"], "17:30:00"),
        ("time", ["17:30:00.125"], "17:30:00.125"),
        ("time", ["17:30:00+08:00"], "17:30:00+08:00"),
        ("time", ["17:30:00Z"], "17:30:00Z"),
        ("time", ["17:30:00@Asia/Shanghai"], "17:30:00@Asia/Shanghai"),
        ("time", [17, 30, 0], "17:30:00"),
        ("time", [17, 30, 1.5], "17:30:01.5"),
        ("time", [17, 30, 0, at("PT8H")], "17:30:00+08:00"),
        ("time", [17, 30, 0, at("-PT1H")], "17:30:00-01:00"),
        ("time", [17, 30, 0, None], "17:30:00"),
        ("time", [at("2026-09-30T17:30:00+08:00")], "17:30:00+08:00"),
        ("time", [at("2026-09-30T17:30:00")], "17:30:00"),
        ("time", [at("2026-09-30")], "00:00:00Z"),
        ("duration", ["P1DT2H"], "P1DT2H"),
        ("duration", ["PT36H"], "P1DT12H"),
        ("duration", ["-PT1M"], "-PT1M"),
        ("duration", ["PT0.5S"], "P0D"),
        ("duration", ["P0D"], "P0D"),
        ("duration", ["P1Y2M"], "P1Y2M"),
        ("duration", ["P14M"], "P1Y2M"),
        ("duration", ["-P2Y"], "-P2Y"),
        ("duration", ["P0Y"], "P0Y"),
        ("years and months duration", [at("2011-12-22"), at("2013-08-24")], "P1Y8M"),
        ("years and months duration", [at("2013-08-24"), at("2011-12-22")], "-P1Y8M"),
        ("years and months duration", [at("2026-01-31"), at("2026-02-28")], "P0Y"),
        ("years and months duration", [at("2026-01-01T10:00:00Z"), at("2027-01-01")], "P1Y"),
        ("number", ["1"], "1"),
        ("number", ["-12.50"], "-12.5"),
        ("number", ["1e3"], "1000"),
        ("number", [".5"], "0.5"),
        ("number", ["1 000", " "], "1000"),
        ("number", ["1,000.5", ","], "1000.5"),
        ("number", ["1.000,5", ".", ","], "1000.5"),
        ("number", ["1 000,5", " ", ","], "1000.5"),
        ("number", ["1000,5", None, ","], "1000.5"),
        ("number", ["1,000", ",", None], "1000"),
        ("string", [1.10], '"1.1"'),
        ("string", [100], '"100"'),
        ("string", ["a"], '"a"'),
        ("string", [None], "null"),
        ("string", [True], '"true"'),
        ("string", [[1, "a", None]], '"[1, "a", null]"'),
        ("string", [{"a": 1, "b c": "x"}], '"{a:1, b c:"x"}"'),
        ("string", [at("2026-09-30")], '"2026-09-30"'),
        ("string", [at("P1DT2H")], '"P1DT2H"'),
    ],
)
def test_conversion_function(name: str, args: list[Any], expected: str) -> None:
    value, warnings = call(name, *args)
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "named", "expected"),
    [
        ("date", {"from": "2026-09-30"}, "2026-09-30"),
        ("date", {"year": 2026, "month": 9, "day": 30}, "2026-09-30"),
        ("date and time", {"from": "2026-09-30T10:00:00"}, "2026-09-30T10:00:00"),
        ("time", {"from": "10:00:00"}, "10:00:00"),
        ("time", {"hour": 10, "minute": 0, "second": 0}, "10:00:00"),
        ("duration", {"from": "P2D"}, "P2D"),
        ("number", {"from": "1.000,5", "grouping_separator": ".", "decimal_separator": ","}, "1000.5"),
        ("number", {"from": "1,5", "decimal_separator": ","}, "1.5"),
        ("string", {"from": 1}, '"1"'),
    ],
)
def test_conversion_function_with_named_arguments(name: str, named: dict[str, Any], expected: str) -> None:
    value, warnings = call(name, **named)
    assert render(value) == expected
    assert warnings == []


def test_date_and_time_combines_date_and_time_given_by_name() -> None:
    value, warnings = call("date and time", date=at("2026-09-30"), time=at("10:00:00Z"))
    assert render(value) == "2026-09-30T10:00:00Z"
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("date", ["2026-02-30"]),
        ("date", ["2026-9-30"]),
        ("date", ["30.09.2026"]),
        ("date", [2026, 13, 1]),
        ("date", [2026, 2, 29]),
        ("date", [1]),
        ("date", [None]),
        ("date", ["2026", 1, 1]),
        ("date and time", ["2026-09-30T25:00:00"]),
        ("date and time", ["2026-09-30T10:00:00@Mars/Olympus"]),
        ("date and time", ["x"]),
        ("date and time", ["2026-10-13T17:30:00[Asia/Shanghai]"]),
        ("date and time", ["2026-10-13T17:30:00+08:00[Asia/Shanghai]"]),
        ("date and time", ["2026-09-30T09:30:00Z[Asia/Shanghai]"]),
        ("date and time", [1]),
        ("date and time", [at("2026-09-30"), "10:00"]),
        ("date and time", [at("2026-09-30T10:00:00"), "Nowhere/City"]),
        ("time", ["25:00:00"]),
        ("time", ["10:00:00+25:00"]),
        ("time", ["ten"]),
        ("time", [24, 0, 0]),
        ("time", [10, 0, 0, "+08:00"]),
        ("time", [at("P1D")]),
        ("duration", ["P"]),
        ("duration", ["PT"]),
        ("duration", ["P1DT"]),
        ("duration", ["1D"]),
        ("duration", ["P1Y2D"]),
        ("duration", [1]),
        ("years and months duration", [at("2026-01-01"), "2026-02-01"]),
        ("years and months duration", [at("10:00:00"), at("11:00:00")]),
        ("number", ["abc"]),
        ("number", ["1 000"]),
        ("number", ["1_000"]),
        ("number", ["NaN"]),
        ("number", [1]),
        ("number", ["1,000.5", ";"]),
        ("number", ["1.000,5", ".", "."]),
        ("number", ["1.000,5", ".", ";"]),
    ],
)
def test_conversion_function_with_wrong_arguments_is_null_and_warns(name: str, args: list[Any]) -> None:
    value, warnings = call(name, *args)
    assert value is None
    assert len(warnings) == 1
    assert f"'{name}'" in warnings[0]


@pytest.mark.parametrize(
    ("name", "date", "expected"),
    [
        ("day of year", "2026-01-01", "1"),
        ("day of year", "2024-12-31", "366"),
        ("day of year", "2026-09-30T10:00:00@Asia/Shanghai", "273"),
        ("day of week", "2026-09-30", '"Wednesday"'),
        ("day of week", "2026-10-04", '"Sunday"'),
        ("month of year", "2026-09-30", '"September"'),
        ("month of year", "2026-01-01T00:00:00", '"January"'),
        ("week of year", "2026-01-01", "1"),
        ("week of year", "2027-01-01", "53"),
        ("week of year", "2021-01-03", "53"),
        ("week of year", "2026-09-30", "40"),
        ("last day of month", "2024-02-10", "2024-02-29"),
        ("last day of month", "2026-02-10", "2026-02-28"),
        ("last day of month", "2026-12-01T10:00:00", "2026-12-31"),
    ],
)
def test_calendar_function(name: str, date: str, expected: str) -> None:
    value, warnings = call(name, at(date))
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize("name", ["day of year", "day of week", "month of year", "week of year"])
def test_calendar_function_of_a_non_date_is_null_and_warns(name: str) -> None:
    value, warnings = call(name, "2026-01-01")
    assert value is None
    assert f"'{name}'" in warnings[0]


def test_now_and_today_read_the_engine_clock() -> None:
    instant = dt.datetime(2026, 9, 30, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with use_clock(instant):
        assert render(call("now")[0]) == "2026-09-30T17:30:00@Asia/Shanghai"
        assert render(call("today")[0]) == "2026-09-30"
    assert call("now")[0] != instant


def test_clock_override_accepts_a_callable() -> None:
    ticks = iter([dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 2, tzinfo=dt.UTC)])
    with use_clock(lambda: next(ticks)):
        assert render(call("today")[0]) == "2026-01-01"
        assert render(call("today")[0]) == "2026-01-02"


def test_now_has_millisecond_precision_like_zeebes_clock() -> None:
    with use_clock(dt.datetime(2026, 9, 30, 17, 30, 0, 123456, tzinfo=dt.UTC)):
        assert render(call("now")[0]) == "2026-09-30T17:30:00.123Z"


def test_a_naive_clock_reading_is_taken_in_the_system_zone() -> None:
    with use_clock(dt.datetime(2026, 9, 30, 17, 30)):
        value, _ = call("now")
    assert value.tzinfo is system_zone()


def test_now_without_override_is_zoned() -> None:
    value, _ = call("now")
    assert isinstance(value, dt.datetime)
    assert value.tzinfo is not None
