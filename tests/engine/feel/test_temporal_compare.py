"""Ordering, equality and properties of temporal values, durations and ranges."""

from decimal import Decimal
from typing import Any

import pytest

from engine.feel import temporal
from engine.feel.json_values import from_json
from engine.feel.temporal_parse import parse_temporal_literal
from engine.feel.values import FeelRange, Warnings


def at(text: str) -> Any:
    value = parse_temporal_literal(text)
    assert value is not None, text
    return value


def operand(token: Any) -> Any:
    if isinstance(token, int | float) and not isinstance(token, bool):
        return Decimal(str(token))
    if isinstance(token, str) and token.startswith("@"):
        return at(token[1:])
    return from_json(token)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (1, 2, -1),
        (2, 2.0, 0),
        ("b", "a", 1),
        ("@2026-01-01", "@2026-01-02", -1),
        ("@2026-01-02", "@2026-01-02", 0),
        ("@10:00:00", "@09:00:00", 1),
        ("@10:00:00+02:00", "@07:00:00Z", 1),
        ("@10:00:00+02:00", "@08:00:00Z", 0),
        ("@10:00:00+02:00", "@08:30:00Z", -1),
        ("@2026-09-30T17:30:00", "@2026-09-30T17:31:00", -1),
        ("@2026-09-30T17:30:00@Asia/Shanghai", "@2026-09-30T10:00:00Z", -1),
        ("@2026-09-30T17:30:00@Asia/Shanghai", "@2026-09-30T09:00:00Z", 1),
        ("@2026-09-30T17:30:00+08:00", "@2026-09-30T17:30:00+08:00", 0),
        ("@P1D", "@PT24H", 0),
        ("@P1D", "@PT25H", -1),
        ("@P1Y", "@P11M", 1),
        ("@-P1Y", "@P0Y", -1),
    ],
)
def test_compare(a: Any, b: Any, expected: int) -> None:
    assert temporal.compare(operand(a), operand(b)) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1, "1"),
        (True, False),
        ("@2026-01-01", "@2026-01-01T00:00:00"),
        ("@2026-01-01T00:00:00", "@2026-01-01T00:00:00Z"),
        ("@10:00:00", "@10:00:00Z"),
        ("@P1D", "@P1M"),
        ([1], [1]),
        (None, 1),
        (None, None),
    ],
)
def test_values_of_different_kinds_do_not_compare(a: Any, b: Any) -> None:
    assert temporal.compare(operand(a), operand(b)) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (None, None, True),
        (None, 1, False),
        ("a", None, False),
        (1, 1.0, True),
        (1, 2, False),
        (True, True, True),
        ("a", "a", True),
        ("@2026-01-01", "@2026-01-01", True),
        ("@2026-01-01", "@2026-01-02", False),
        ("@10:00:00", "@10:00:00", True),
        ("@10:00:00Z", "@10:00:00+00:00", True),
        ("@10:00:00+01:00", "@09:00:00Z", False),
        ("@10:00:00@Europe/Paris", "@10:00:00@Europe/Paris", True),
        ("@2026-09-30T17:30:00", "@2026-09-30T17:30:00", True),
        ("@2026-09-30T17:30:00+08:00", "@2026-09-30T17:30:00+08:00", True),
        # as in feel-scala (java's ZonedDateTime.equals), the same instant in another offset is not equal
        ("@2026-09-30T17:30:00+08:00", "@2026-09-30T09:30:00Z", False),
        ("@2026-09-30T17:30:00@Asia/Shanghai", "@2026-09-30T17:30:00+08:00", False),
        ("@2026-09-30T17:30:00@Asia/Shanghai", "@2026-09-30T17:30:00@Asia/Shanghai", True),
        ("@P1D", "@PT24H", True),
        ("@P1Y", "@P12M", True),
        ("@P1Y", "@P13M", False),
        ([1, "a"], [1.0, "a"], True),
        ([1], [1, 2], False),
        ([[1, None]], [[1, None]], True),
        ({"a": 1, "b": [2]}, {"b": [2], "a": 1}, True),
        ({"a": 1}, {"a": 2}, False),
        ({"a": 1}, {"a": 1, "b": 1}, False),
    ],
)
def test_equals(a: Any, b: Any, expected: bool) -> None:
    assert temporal.equals(operand(a), operand(b)) is expected


def test_ranges_are_equal_when_their_bounds_are() -> None:
    one = FeelRange(Decimal(1), Decimal(5), True, False)
    assert temporal.equals(one, FeelRange(Decimal(1), Decimal("5.0"), True, False)) is True
    assert temporal.equals(one, FeelRange(Decimal(1), Decimal(5), True, True)) is False


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1, "1"),
        ("@2026-01-01", "@2026-01-01T00:00:00"),
        ("@2026-01-01T00:00:00", "@2026-01-01T00:00:00Z"),
        ("@P1D", "@P1M"),
        ([1], {"a": 1}),
        (True, 1),
    ],
)
def test_equality_of_different_kinds_is_null(a: Any, b: Any) -> None:
    assert temporal.equals(operand(a), operand(b)) is None


@pytest.mark.parametrize(
    ("value", "name", "expected"),
    [
        ("@2026-09-30", "year", "2026"),
        ("@2026-09-30", "month", "9"),
        ("@2026-09-30", "day", "30"),
        ("@2026-09-30", "weekday", "3"),
        ("@2026-10-04", "weekday", "7"),
        ("@2026-09-30T17:30:45", "hour", "17"),
        ("@2026-09-30T17:30:45", "minute", "30"),
        ("@2026-09-30T17:30:45.5", "second", "45"),
        ("@2026-09-30T17:30:45", "weekday", "3"),
        ("@2026-09-30T17:30:45", "time offset", "null"),
        ("@2026-09-30T17:30:45", "timezone", "null"),
        ("@2026-09-30T17:30:45+08:00", "time offset", "PT8H"),
        ("@2026-09-30T17:30:45-05:30", "time offset", "-PT5H30M"),
        ("@2026-09-30T17:30:45+08:00", "timezone", "null"),
        ("@2026-09-30T17:30:45@Asia/Shanghai", "timezone", '"Asia/Shanghai"'),
        ("@2026-09-30T17:30:45@Asia/Shanghai", "time offset", "PT8H"),
        ("@2026-07-01T12:00:00@Europe/Paris", "time offset", "PT2H"),
        ("@10:20:30", "hour", "10"),
        ("@10:20:30", "minute", "20"),
        ("@10:20:30", "second", "30"),
        ("@10:20:30", "time offset", "null"),
        ("@10:20:30Z", "time offset", "P0D"),
        ("@10:20:30@Asia/Shanghai", "timezone", '"Asia/Shanghai"'),
        ("@10:20:30@Asia/Shanghai", "time offset", "PT8H"),
        ("@P1DT2H3M4S", "days", "1"),
        ("@P1DT2H3M4S", "hours", "2"),
        ("@P1DT2H3M4S", "minutes", "3"),
        ("@P1DT2H3M4S", "seconds", "4"),
        ("@-P1DT2H", "days", "-1"),
        ("@-P1DT2H", "hours", "-2"),
        ("@PT49H", "days", "2"),
        ("@PT49H", "hours", "1"),
        ("@P1Y2M", "years", "1"),
        ("@P1Y2M", "months", "2"),
        ("@P26M", "years", "2"),
        ("@-P14M", "years", "-1"),
        ("@-P14M", "months", "-2"),
    ],
)
def test_property(value: str, name: str, expected: str) -> None:
    warnings = Warnings()
    result = temporal.get_property(operand(value), name, warnings)
    rendered = f'"{result}"' if isinstance(result, str) else temporal.to_feel_string(result)
    assert rendered == expected
    assert warnings.messages == []


def test_range_properties() -> None:
    warnings = Warnings()
    value = FeelRange(Decimal(1), None, False, False)
    assert temporal.get_property(value, "start", warnings) == Decimal(1)
    assert temporal.get_property(value, "end", warnings) is None
    assert temporal.get_property(value, "start included", warnings) is False
    assert temporal.get_property(value, "end included", warnings) is False
    assert warnings.messages == []


@pytest.mark.parametrize(
    ("value", "name"),
    [("@2026-09-30", "hour"), ("@10:00:00", "year"), ("@P1D", "years"), ("@P1Y", "days"), (1, "year")],
)
def test_unknown_property_is_null_and_warns(value: Any, name: str) -> None:
    warnings = Warnings()
    assert temporal.get_property(operand(value), name, warnings) is None
    assert f"'{name}'" in warnings.messages[0]


def test_property_of_null_is_null_without_warning() -> None:
    warnings = Warnings()
    assert temporal.get_property(None, "year", warnings) is None
    assert warnings.messages == []


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "null"),
        (True, "boolean"),
        (1, "number"),
        ("a", "string"),
        ("@2026-01-01", "date"),
        ("@10:00:00", "local time"),
        ("@10:00:00Z", "time"),
        ("@2026-01-01T10:00:00", "local date and time"),
        ("@2026-01-01T10:00:00@Asia/Shanghai", "date and time"),
        ("@P1D", "days and time duration"),
        ("@P1M", "years and months duration"),
        ([1], "list"),
        ({"a": 1}, "context"),
    ],
)
def test_kind_of(value: Any, kind: str) -> None:
    assert temporal.kind_of(operand(value)) == kind
