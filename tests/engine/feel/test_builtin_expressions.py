"""Built-ins called from FEEL text: the parser's calls reach the library with the right arguments."""

from typing import Any

import pytest

from engine.feel import evaluate_expression
from engine.feel.clock import use_clock
from engine.feel.temporal import to_feel_string
from engine.feel.temporal_parse import parse_temporal_literal


def feel(expression: str, **variables: Any) -> tuple[str, tuple[str, ...]]:
    result = evaluate_expression(expression, variables)
    value = result.value
    return (f'"{value}"' if isinstance(value, str) else to_feel_string(value)), result.warnings


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('substring("foobar", 3)', '"obar"'),
        ('substring(string: "foobar", start position: 3, length: 2)', '"ob"'),
        ('string length("审批流程")', "4"),
        ('upper case("abc") + lower case("DEF")', '"ABCdef"'),
        ('substring before("2026-09-30", "-")', '"2026"'),
        ('replace("0551-6688", "(\\d+)-(\\d+)", "$2/$1")', '"6688/0551"'),
        ('matches("LG-11-3", "^[A-Z]{2}-\\d+-\\d+$")', "true"),
        ('split("a, b,c", ",\\s*")', '["a", "b", "c"]'),
        ('extract("rules LG-11-3 and HY-2-1", "[A-Z]{2}-\\d+-\\d+")', '["LG-11-3", "HY-2-1"]'),
        ('trim("  项目  ")', '"项目"'),
        ('is blank(" ")', "true"),
        ('to base64("FEEL")', '"RkVFTA=="'),
        ("list contains([1, 2, 3], 2)", "true"),
        ("count([1, 2, 3])", "3"),
        ("min(3, 1, 2) + max([3, 1, 2])", "4"),
        ("sum(1, 2, 3) * product([2, 3])", "36"),
        ("mean([1, 2, 3, 4])", "2.5"),
        ("median(8, 2, 5, 3, 4)", "4"),
        ("mode([6, 1, 9, 6, 1])", "[1, 6]"),
        ("all([true, null])", "null"),
        ("any(false, true)", "true"),
        ("sublist([4, 5, 6], 1, 2)", "[4, 5]"),
        ("append([1], 2, 3)", "[1, 2, 3]"),
        ("concatenate([1, 2], [3])", "[1, 2, 3]"),
        ("insert before([1, 3], 2, 2)", "[1, 2, 3]"),
        ("remove([1, 2, 3], -1)", "[1, 2]"),
        ("reverse([1, 2, 3])", "[3, 2, 1]"),
        ("index of([1, 2, 3, 2], 2)", "[2, 4]"),
        ("union([1, 2], [2, 3])", "[1, 2, 3]"),
        ("distinct values([1, 2, 1])", "[1, 2]"),
        ("duplicate values([1, 2, 1])", "[1]"),
        ("flatten([[1, [2]], 3])", "[1, 2, 3]"),
        ("sort([3, 1, 2], function(x, y) x < y)", "[1, 2, 3]"),
        ("sort(list: [3, 1, 2], precedes: function(x, y) x > y)", "[3, 2, 1]"),
        ('string join(["a", "b"], ", ", "[", "]")', '"[a, b]"'),
        ("is empty([])", "true"),
        ("partition([1, 2, 3], 2)", "[[1, 2], [3]]"),
        ("list replace([2, 4, 7, 8], 3, 6)", "[2, 4, 6, 8]"),
        ("decimal(1/3, 2)", "0.33"),
        ('decimal(2.5, 0, "half_up")', "3"),
        ("floor(-1.5) + ceiling(1.5)", "0"),
        ("round half up(5.5, 0)", "6"),
        ("round half down(5.5, 0)", "5"),
        ("round up(5.5, 0)", "6"),
        ("round down(-5.5, 0)", "-5"),
        ("abs(-10)", "10"),
        ("modulo(-12, 5)", "3"),
        ("sqrt(16)", "4"),
        ("odd(5) and even(2)", "true"),
        ('get value({a: {b: 1}}, ["a", "b"])', "1"),
        ("get entries({a: 1})", '[{key:"a", value:1}]'),
        ('context put({a: 1}, ["b", "c"], 2)', "{a:1, b:{c:2}}"),
        ("context merge([{a: 1}, {b: 2}])", "{a:1, b:2}"),
        ('context([{key: "a", value: 1}])', "{a:1}"),
        ("not(false)", "true"),
        ("is defined(null)", "false"),
        ('get or else(null, "default")', '"default"'),
        ("is(1, 1.0)", "true"),
        ("before(1, [2..5])", "true"),
        ("after([6..8], 5)", "true"),
        ("meets([1..5], [5..8])", "true"),
        ("overlaps([1..5], [3..8])", "true"),
        ("includes([1..10], 5)", "true"),
        ("during(5, [1..10])", "true"),
        ("starts(1, [1..10])", "true"),
        ("finishes(10, [1..10])", "true"),
        ("coincides([1..5], [1..5])", "true"),
        ('2 in range("[1..3]")', "true"),
        ('range("(18..21]") = (18..21]', "true"),
        ('date("2026-01-31") + duration("P1M")', "2026-02-28"),
        ("date(2026, 9, 30)", "2026-09-30"),
        ('date and time("2026-09-30T17:30:00@Asia/Shanghai")', "2026-09-30T17:30:00@Asia/Shanghai"),
        ('date and time(date("2026-09-30"), time("17:30:00+08:00"))', "2026-09-30T17:30:00+08:00"),
        ('date and time(@"2026-09-30T17:30:00", "Asia/Shanghai")', "2026-09-30T17:30:00@Asia/Shanghai"),
        ("time(17, 30, 0)", "17:30:00"),
        ('number("1.000,5", ".", ",")', "1000.5"),
        ("string(1.50)", '"1.5"'),
        ('string([1, "a"])', '"[1, "a"]"'),
        ('duration("P1DT2H") + duration("PT22H")', "P2D"),
        ('years and months duration(date("2011-12-22"), date("2013-08-24"))', "P1Y8M"),
        ('day of year(date("2026-12-31"))', "365"),
        ('day of week(date("2026-09-30"))', '"Wednesday"'),
        ('month of year(date("2026-09-30"))', '"September"'),
        ('week of year(date("2026-09-30"))', "40"),
        ('last day of month(date("2024-02-10"))', "2024-02-29"),
        ('@"2026-10-05" - @"2026-09-30"', "P5D"),
        ('@"2026-09-30T17:30:00@Asia/Shanghai" - @"2026-09-30T09:30:00Z"', "P0D"),
        ('@"2026-09-30T17:30:00@Asia/Shanghai".time offset', "PT8H"),
        ('@"P1DT2H".hours', "2"),
        ("[1..10).end included", "false"),
    ],
)
def test_builtin_in_an_expression(expression: str, expected: str) -> None:
    value, warnings = feel(expression)
    assert value == expected
    assert warnings == ()


def test_now_and_today_in_an_expression_read_the_clock() -> None:
    instant = parse_temporal_literal("2026-09-30T17:30:00@Asia/Shanghai")
    with use_clock(instant):
        assert feel("now()")[0] == "2026-09-30T17:30:00@Asia/Shanghai"
        assert feel('today() + duration("P5D")')[0] == "2026-10-05"
        assert feel('now() + duration("PT1H") > now()')[0] == "true"


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ('substring("foobar")', "substring"),
        ("sqrt(n: 4)", "sqrt"),
        ("string length(1)", "string length"),
        ('date("2026-02-30")', "date"),
        ("modulo(1, 0)", "modulo"),
        ('sort([1, 2], "x")', "sort"),
    ],
)
def test_a_failing_builtin_in_an_expression_is_null_and_warns(expression: str, fragment: str) -> None:
    value, warnings = feel(expression)
    assert value == "null"
    assert any(fragment in warning for warning in warnings)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('date and time("2026-10-13T17:30:00[Asia/Shanghai]")', "null"),
        ('date and time("2026-10-13T17:30:00+08:00[Asia/Shanghai]")', "null"),
        ('date and time("2026-10-13T17:30:00@Asia/Shanghai")', "2026-10-13T17:30:00@Asia/Shanghai"),
        ('date and time("2026-10-13T17:30:00+08:00")', "2026-10-13T17:30:00+08:00"),
        ('@"2026-10-13T17:30:00[Asia/Shanghai]"', "null"),
    ],
)
def test_date_and_time_knows_a_zone_only_after_an_at_sign(expression: str, expected: str) -> None:
    """feel-scala 1.19 ``org/camunda/package.scala`` (``offsetDateTimePattern``) and
    ``impl/builtin/ConversionBuiltinFunctions.scala`` (``parseDateTime``): text that is neither a
    date, an offset/``@zone`` date-time nor a local date-time is "Failed to parse date-time"."""
    assert feel(expression)[0] == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('string(duration("PT1.5S"))', '"PT1S"'),
        ('string(duration("PT0.5S"))', '"P0D"'),
        ('string(duration("PT0S"))', '"P0D"'),
        ('string(duration("-PT1.5S"))', '"-PT2S"'),
        ('string(duration("-PT0.5S"))', '"-PT1S"'),
        ('string(duration("P1DT2H3M4.999S"))', '"P1DT2H3M4S"'),
        ('string(duration("-P1DT0.5S"))', '"-P1DT1S"'),
        ('string(duration("-PT36H"))', '"-P1DT12H"'),
        ('string(@"2026-01-01T00:00:01.75" - @"2026-01-01T00:00:00")', '"PT1S"'),
        ('string([duration("PT2.5S")])', '"[PT2S]"'),
        ('duration("-PT1.5S").seconds', "-2"),
        ('duration("PT61.5S").seconds', "1"),
        ('string(duration("P14M"))', '"P1Y2M"'),
        ('string(duration("-P14M"))', '"-P1Y2M"'),
        ('string(duration("P-1Y2M"))', '"-P10M"'),
        ('string(duration("P0M"))', '"P0Y"'),
    ],
)
def test_string_of_a_duration_prints_whole_seconds_as_feel_scala(expression: str, expected: str) -> None:
    """feel-scala 1.19 ``syntaxtree/Val.scala``: ``ValDayTimeDuration.format`` prints ``toDays``,
    ``toHours % 24``, ``toMinutes % 60`` and ``getSeconds % 60`` of the ``java.time.Duration``,
    whose whole-second field floors a fraction (so -1.5 s prints ``-PT2S``); the ``seconds``
    property reads the same field. ``ValYearMonthDuration.format`` prints ``toTotalMonths / 12``
    and ``% 12``, with ``P0Y`` for zero and one leading minus."""
    assert feel(expression)[0] == expected
