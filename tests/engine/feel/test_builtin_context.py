"""Context, boolean and range built-ins, called directly through the registry."""

from decimal import Decimal
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


from engine.feel.values import FeelRange  # noqa: E402


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("get value", [{"a": 1}, "a"], "1"),
        ("get value", [{"a": 1}, "b"], "null"),
        ("get value", [{"a": {"b": {"c": 3}}}, ["a", "b", "c"]], "3"),
        ("get value", [{"a": {"b": 2}}, ["a", "x"]], "null"),
        ("get value", [{"a": 1}, ["a", "b"]], "null"),
        ("get value", [{"a": 1}, [1]], "null"),
        ("get value", [{"a": 1}, []], "null"),
        ("get entries", [{"a": 1, "b": "x"}], '[{key:"a", value:1}, {key:"b", value:"x"}]'),
        ("get entries", [{}], "[]"),
        ("context put", [{"a": 1}, "b", 2], "{a:1, b:2}"),
        ("context put", [{"a": 1}, "a", 3], "{a:3}"),
        ("context put", [{"a": 1}, "b", None], "{a:1, b:null}"),
        ("context put", [{"a": {"b": 1}}, ["a", "c"], 2], "{a:{b:1, c:2}}"),
        ("context put", [{"a": 1}, ["x", "y"], 2], "{a:1, x:{y:2}}"),
        ("context put", [{"a": 1}, ["a", "y"], 2], "{a:{y:2}}"),
        ("context put", [{"a": 1}, [], 2], "null"),
        ("put", [{"a": 1}, "b", 2], "{a:1, b:2}"),
        ("context merge", [[{"a": 1}, {"b": 2}]], "{a:1, b:2}"),
        ("context merge", [{"a": 1}, {"a": 2, "c": 3}], "{a:2, c:3}"),
        ("context merge", [[]], "{}"),
        ("context merge", [[{"a": 1}, 2]], "null"),
        ("context merge", [1, 2], "null"),
        ("put all", [{"a": 1}, {"b": 2}], "{a:1, b:2}"),
        ("context", [[{"key": "a", "value": 1}, {"key": "b", "value": 2}]], "{a:1, b:2}"),
        ("context", [[]], "{}"),
        ("context", [[{"key": "a"}]], "null"),
        ("context", [[{"key": 1, "value": 1}]], "null"),
        ("context", ["a"], "null"),
        ("not", [True], "false"),
        ("not", [False], "true"),
        ("not", [None], "null"),
        ("not", [1], "null"),
        ("is defined", [1], "true"),
        ("is defined", [None], "false"),
        ("get or else", [None, "x"], '"x"'),
        ("get or else", ["a", "x"], '"a"'),
        ("get or else", [None, None], "null"),
        ("assert", [5, True], "5"),
        ("is", [1, 1.0], "true"),
        ("is", [1, "1"], "false"),
        ("is", [None, None], "true"),
        ("is", ["a", "a"], "true"),
    ],
)
def test_context_and_boolean_function(name: str, args: list[Any], expected: str) -> None:
    value, warnings = call(name, *args)
    assert render(value) == expected
    assert warnings == []


def test_context_put_leaves_the_given_context_unchanged() -> None:
    original = {"a": Decimal(1), "n": {"b": Decimal(2)}}
    call("context put", original, ["n", "c"], 3)
    assert original == {"a": Decimal(1), "n": {"b": Decimal(2)}}


@pytest.mark.parametrize(
    ("name", "named", "expected"),
    [
        ("get value", {"m": {"a": 1}, "key": "a"}, "1"),
        ("get value", {"context": {"a": {"b": 1}}, "keys": ["a", "b"]}, "1"),
        ("get entries", {"m": {"a": 1}}, '[{key:"a", value:1}]'),
        ("get entries", {"context": {"a": 1}}, '[{key:"a", value:1}]'),
        ("context put", {"context": {}, "key": "a", "value": 1}, "{a:1}"),
        ("context put", {"context": {}, "keys": ["a", "b"], "value": 1}, "{a:{b:1}}"),
        ("context merge", {"contexts": [{"a": 1}, {"b": 1}]}, "{a:1, b:1}"),
        ("context", {"entries": [{"key": "k", "value": "v"}]}, '{k:"v"}'),
        ("not", {"negand": False}, "true"),
        ("is defined", {"value": 0}, "true"),
        ("get or else", {"value": None, "default": 7}, "7"),
        ("is", {"value1": "a", "value2": "b"}, "false"),
    ],
)
def test_context_and_boolean_function_with_named_arguments(
    name: str, named: dict[str, Any], expected: str
) -> None:
    value, warnings = call(name, **named)
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("get value", [1, "a"]),
        ("get value", [{"a": 1}, 1]),
        ("get entries", ["a"]),
        ("get entries", [None]),
        ("context put", [None, "a", 1]),
        ("context put", [{}, 1, 1]),
        ("context put", [{}, [1], 1]),
        ("assert", [1, False]),
        ("assert", [1, None]),
        ("not", []),
        ("is", [1]),
    ],
)
def test_context_and_boolean_function_with_wrong_arguments_is_null_and_warns(
    name: str, args: list[Any]
) -> None:
    value, warnings = call(name, *args)
    assert value is None
    assert len(warnings) == 1
    assert f"'{name}'" in warnings[0]


def test_assert_reports_the_given_cause() -> None:
    value, warnings = call("assert", 1, False, "amount must be positive")
    assert value is None
    assert "amount must be positive" in warnings[0]


def test_is_tells_zones_apart_where_equality_would_not_say() -> None:
    utc = parse_temporal_literal("2026-01-01T10:00:00Z")
    named = parse_temporal_literal("2026-01-01T10:00:00@Etc/UTC")
    assert call("is", utc, named)[0] is False
    assert call("is", utc, utc)[0] is True
    assert call("is", parse_temporal_literal("2026-01-01"), utc)[0] is False


def r(start: Any, end: Any, start_included: bool = True, end_included: bool = True) -> FeelRange:
    return FeelRange(from_json(start), from_json(end), start_included, end_included)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("before", [1, 10], True),
        ("before", [10, 1], False),
        ("before", [1, r(2, 5)], True),
        ("before", [1, r(1, 5)], False),
        ("before", [1, r(1, 5, False)], True),
        ("before", [r(1, 5), 10], True),
        ("before", [r(1, 10), 10], False),
        ("before", [r(1, 10, True, False), 10], True),
        ("before", [r(1, 5), r(6, 8)], True),
        ("before", [r(1, 5), r(5, 8)], False),
        ("before", [r(1, 5, True, False), r(5, 8)], True),
        ("before", [r(1, 5), r(5, 8, False)], True),
        ("before", [1, r(None, 5, False, False)], False),
        ("before", [1, r(5, None)], True),
        ("after", [10, 1], True),
        ("after", [1, 10], False),
        ("after", [12, r(2, 5)], True),
        ("after", [5, r(1, 5, True, False)], True),
        ("after", [r(6, 8), r(1, 5)], True),
        ("after", [r(5, 8, False), r(1, 5)], True),
        ("after", [r(5, 8), r(1, 5)], False),
        ("after", [r(6, 8), 5], True),
        ("meets", [r(1, 5), r(5, 8)], True),
        ("meets", [r(1, 5, True, False), r(5, 8)], False),
        ("meets", [r(1, 5), r(6, 8)], False),
        ("met by", [r(5, 8), r(1, 5)], True),
        ("met by", [r(5, 8, False), r(1, 5)], False),
        ("overlaps", [r(1, 5), r(3, 8)], True),
        ("overlaps", [r(3, 8), r(1, 5)], True),
        ("overlaps", [r(1, 8), r(3, 5)], True),
        ("overlaps", [r(1, 5), r(6, 8)], False),
        ("overlaps", [r(1, 5), r(5, 8)], True),
        ("overlaps", [r(1, 5, True, False), r(5, 8)], False),
        ("overlaps before", [r(1, 5), r(3, 8)], True),
        ("overlaps before", [r(1, 5), r(6, 8)], False),
        ("overlaps before", [r(1, 5), r(1, 8)], False),
        ("overlaps before", [r(1, 5), r(1, 8, False)], True),
        ("overlaps after", [r(3, 8), r(1, 5)], True),
        ("overlaps after", [r(6, 8), r(1, 5)], False),
        ("finishes", [10, r(1, 10)], True),
        ("finishes", [10, r(1, 10, True, False)], False),
        ("finishes", [r(3, 5), r(1, 5)], True),
        ("finishes", [r(3, 5, True, False), r(1, 5)], False),
        ("finished by", [r(1, 10), 10], True),
        ("finished by", [r(1, 5), r(3, 5)], True),
        ("includes", [r(1, 10), 5], True),
        ("includes", [r(1, 10), 12], False),
        ("includes", [r(1, 10, False), 1], False),
        ("includes", [r(1, 10), r(4, 6)], True),
        ("includes", [r(1, 10), r(1, 10, False, False)], True),
        ("includes", [r(1, 10, False), r(1, 10)], False),
        ("during", [5, r(1, 10)], True),
        ("during", [1, r(1, 10, False)], False),
        ("during", [r(4, 6), r(1, 10)], True),
        ("starts", [1, r(1, 10)], True),
        ("starts", [1, r(1, 10, False)], False),
        ("starts", [r(1, 5), r(1, 10)], True),
        ("starts", [r(1, 5, False), r(1, 10)], False),
        ("started by", [r(1, 10), 1], True),
        ("started by", [r(1, 10), r(1, 5)], True),
        ("coincides", [5, 5], True),
        ("coincides", [3, 4], False),
        ("coincides", [r(1, 5), r(1, 5)], True),
        ("coincides", [r(1, 5), r(1, 5, False)], False),
        # open ends (``< 10``, ``> 3``) lie beyond every point
        ("includes", [r(None, 10, False, False), 5], True),
        ("includes", [r(None, 10, False, False), 12], False),
        ("overlaps", [r(1, 5), r(3, None, False, False)], True),
        ("after", [r(5, None, False, False), 3], True),
        ("before", [r(None, 5, False, False), r(6, None, False, False)], True),
    ],
)
def test_range_function(name: str, args: list[Any], expected: bool) -> None:
    value, warnings = call(name, *args)
    assert value is expected
    assert warnings == []


def test_range_functions_on_dates() -> None:
    start, end = parse_temporal_literal("2026-01-01"), parse_temporal_literal("2026-12-31")
    inside = parse_temporal_literal("2026-06-30")
    assert call("during", inside, FeelRange(start, end, True, True))[0] is True
    assert call("before", end, FeelRange(inside, start, True, True))[0] is False


@pytest.mark.parametrize(
    ("name", "named", "expected"),
    [
        ("before", {"point1": 1, "point2": 2}, True),
        ("before", {"point": 1, "range": r(2, 3)}, True),
        # names pick the (point, range) overload whatever their order, as in feel-scala
        ("before", {"range": r(2, 3), "point": 1}, True),
        ("before", {"range1": r(1, 2), "range2": r(3, 4)}, True),
        ("includes", {"range": r(1, 5), "point": 3}, True),
        ("during", {"point": 3, "range": r(1, 5)}, True),
        ("coincides", {"point1": 3, "point2": 3}, True),
    ],
)
def test_range_function_with_named_arguments(name: str, named: dict[str, Any], expected: bool) -> None:
    value, warnings = call(name, **named)
    assert value is expected
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("before", [1, "a"]),
        ("before", ["a", "b"]),
        ("before", [None, 1]),
        ("after", [1, r("a", "b")]),
        ("meets", [1, 2]),
        ("overlaps", [r(1, 2), 3]),
        ("includes", [1, 2]),
        ("coincides", [True, True]),
        ("before", [1]),
    ],
)
def test_range_function_with_wrong_arguments_is_null_and_warns(name: str, args: list[Any]) -> None:
    value, warnings = call(name, *args)
    assert value is None
    assert len(warnings) == 1
    assert f"'{name}'" in warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1..3]", "[1..3]"),
        (" [ 1 .. 3 ] ", "[1..3]"),
        ("(18..21]", "(18..21]"),
        ("]18..21[", "(18..21)"),
        ("[18..21)", "[18..21)"),
        ("[-1.5..2]", "[-1.5..2]"),
        ('["a".."c"]', '["a".."c"]'),
        ('[@"2026-01-01"..@"2026-12-31"]', "[2026-01-01..2026-12-31]"),
        ('[date("2026-01-01")..date("2026-12-31")]', "[2026-01-01..2026-12-31]"),
        (
            '[date and time("2026-01-01T00:00:00")..@"2026-01-02T00:00:00"]',
            "[2026-01-01T00:00:00..2026-01-02T00:00:00]",
        ),
        ('[time("08:00:00")..@"17:00:00"]', "[08:00:00..17:00:00]"),
        ('[duration("P1D")..@"P2D"]', "[P1D..P2D]"),
        ('[@"P1Y"..@"P2Y"]', "[P1Y..P2Y]"),
    ],
)
def test_range_from_text(text: str, expected: str) -> None:
    value, warnings = call("range", text)
    assert isinstance(value, FeelRange)
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        ">=10",
        "[..2]",
        "[1..]",
        '[1.."b"]',
        "[3..1]",
        '["z".."a"]',
        "[null..null]",
        '[@"2026-01-01"..@"2026-01-02T00:00:00"]',
        '[date(input)..date("2026-01-02")]',
        '[date("2026-02-30")..date("2026-03-01")]',
        "[18..21",
    ],
)
def test_range_from_text_that_is_no_range_literal_is_null_and_warns(text: str) -> None:
    value, warnings = call("range", text)
    assert value is None
    assert "'range'" in warnings[0]
