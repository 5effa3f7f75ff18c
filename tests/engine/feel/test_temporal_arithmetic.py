"""Temporal arithmetic as the FEEL operators use it: +, -, *, / on dates, times and durations."""

from decimal import Decimal
from typing import Any

import pytest

from engine.feel import temporal
from engine.feel.temporal_parse import parse_temporal_literal
from engine.feel.values import Warnings


def at(text: str) -> Any:
    value = parse_temporal_literal(text)
    assert value is not None, text
    return value


def operand(token: Any) -> Any:
    if isinstance(token, int | float) and not isinstance(token, bool):
        return Decimal(str(token))
    if isinstance(token, str) and token.startswith("@"):
        return at(token[1:])
    return token


def render(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else temporal.to_feel_string(value)


OPERATIONS = {"+": temporal.add, "-": temporal.subtract, "*": temporal.multiply, "/": temporal.divide}


@pytest.mark.parametrize(
    ("a", "op", "b", "expected"),
    [
        (1, "+", 2, "3"),
        (0.1, "+", 0.2, "0.3"),
        ("ab", "+", "cd", '"abcd"'),
        (5, "-", 7, "-2"),
        (1.5, "*", 2, "3"),
        (1, "/", 3, "0.3333333333333333333333333333333333"),
        ("@2026-09-30", "+", "@P1D", "2026-10-01"),
        ("@P1D", "+", "@2026-09-30", "2026-10-01"),
        ("@2026-01-31", "+", "@P1M", "2026-02-28"),
        ("@2024-01-31", "+", "@P1M", "2024-02-29"),
        ("@2024-02-29", "+", "@P1Y", "2025-02-28"),
        ("@2026-03-31", "-", "@P1M", "2026-02-28"),
        ("@2026-01-01", "-", "@P1D", "2025-12-31"),
        ("@2026-01-01", "-", "@PT1H", "2025-12-31"),
        ("@2026-01-01", "+", "@PT25H", "2026-01-02"),
        ("@2026-09-30T17:30:00", "+", "@PT1H", "2026-09-30T18:30:00"),
        ("@2026-09-30T17:30:00", "+", "@P1Y2M", "2027-11-30T17:30:00"),
        ("@P1M", "+", "@2026-09-30T17:30:00", "2026-10-30T17:30:00"),
        ("@2026-09-30T17:30:00+08:00", "+", "@P1DT1H", "2026-10-01T18:30:00+08:00"),
        ("@2026-09-30T17:30:00@Asia/Shanghai", "+", "@PT12H", "2026-10-01T05:30:00@Asia/Shanghai"),
        # a duration is exact time: across a DST change the wall clock moves by 23 or 25 hours
        ("@2026-03-28T12:00:00@Europe/Paris", "+", "@P1D", "2026-03-29T13:00:00@Europe/Paris"),
        ("@2026-03-28T12:00:00@Europe/Paris", "+", "@P1M", "2026-04-28T12:00:00@Europe/Paris"),
        ("@2026-03-29T01:30:00@Europe/Paris", "+", "@PT1H", "2026-03-29T03:30:00@Europe/Paris"),
        ("@2026-09-30T17:30:00Z", "-", "@PT30M", "2026-09-30T17:00:00Z"),
        ("@10:00:00", "+", "@PT1H", "11:00:00"),
        ("@23:00:00", "+", "@PT2H", "01:00:00"),
        ("@01:00:00", "-", "@PT2H", "23:00:00"),
        ("@10:00:00+08:00", "+", "@PT30M", "10:30:00+08:00"),
        ("@10:00:00@Asia/Shanghai", "-", "@PT30M", "09:30:00@Asia/Shanghai"),
        ("@P1D", "+", "@PT2H", "P1DT2H"),
        ("@P1D", "-", "@PT2H", "PT22H"),
        ("@PT1H", "-", "@P1D", "-PT23H"),
        ("@P1Y", "+", "@P2M", "P1Y2M"),
        ("@P1Y", "-", "@P2M", "P10M"),
        ("@P1M", "-", "@P1Y", "-P11M"),
        ("@2026-10-05", "-", "@2026-09-30", "P5D"),
        ("@2026-09-30", "-", "@2026-10-05", "-P5D"),
        ("@2026-09-30T17:30:00", "-", "@2026-09-30T08:00:00", "PT9H30M"),
        ("@2026-09-30T17:30:00@Asia/Shanghai", "-", "@2026-09-30T09:30:00Z", "P0D"),
        ("@2026-09-30T17:30:00+08:00", "-", "@2026-09-29T17:30:00Z", "PT16H"),
        ("@2026-03-30T00:00:00@Europe/Paris", "-", "@2026-03-29T00:00:00@Europe/Paris", "PT23H"),
        # a date with a date-time counts as midnight UTC
        ("@2021-01-02", "-", "@2021-01-01T10:10:10+11:00", "P1DT49M50S"),
        ("@2021-01-02T10:10:10@Europe/Paris", "-", "@2021-01-01", "P1DT9H10M10S"),
        ("@2021-01-01T24:00:00", "+", "@PT1S", "2021-01-02T00:00:01"),
        ("@12:00:00", "-", "@10:30:00", "PT1H30M"),
        ("@10:00:00", "-", "@12:00:00", "-PT2H"),
        ("@12:00:00+02:00", "-", "@10:00:00Z", "P0D"),
        ("@P1D", "*", 2, "P2D"),
        (2, "*", "@P1D", "P2D"),
        ("@PT1H", "*", 1.5, "PT1H30M"),
        ("@P1Y", "*", 2, "P2Y"),
        (3, "*", "@P5M", "P1Y3M"),
        ("@P1Y", "*", 1.5, "P1Y6M"),
        ("@P2D", "/", 2, "P1D"),
        ("@PT1H", "/", 4, "PT15M"),
        ("@P1Y", "/", 4, "P3M"),
        ("@P1Y", "/", 5, "P2M"),
        ("@P1D", "/", "@PT1H", "24"),
        ("@PT1H", "/", "@PT45M", "1.333333333333333333333333333333333"),
        ("@P1Y", "/", "@P1M", "12"),
    ],
)
def test_operation(a: Any, op: str, b: Any, expected: str) -> None:
    warnings = Warnings()
    value = OPERATIONS[op](operand(a), operand(b), warnings)
    assert render(value) == expected
    assert warnings.messages == []


@pytest.mark.parametrize(
    ("a", "op", "b"),
    [
        (1, "+", "a"),
        ("a", "-", "b"),
        ("@2026-09-30", "+", "@2026-09-30"),
        ("@2026-09-30", "+", 1),
        ("@10:00:00", "+", "@P1M"),
        ("@P1D", "+", "@P1M"),
        ("@P1D", "-", "@2026-09-30"),
        ("@2026-09-30T10:00:00", "-", "@2026-09-30T10:00:00Z"),
        ("@10:00:00", "-", "@10:00:00Z"),
        ("@2026-09-30", "-", "@2026-09-29T10:00:00"),
        ("@2026-09-30T10:00:00", "-", "@2026-09-29"),
        ("@2026-09-30", "*", 2),
        ("@P1D", "*", "@P1D"),
        ("a", "*", 2),
        (1, "/", 0),
        ("@P1D", "/", 0),
        ("@P1Y", "/", "@P0Y"),
        ("@P1D", "/", "@P0D"),
        ("@P1D", "/", "@P1Y"),
        (1, "/", "@P1D"),
        (True, "+", True),
    ],
)
def test_operation_on_unfitting_operands_is_null_and_warns(a: Any, op: str, b: Any) -> None:
    warnings = Warnings()
    assert OPERATIONS[op](operand(a), operand(b), warnings) is None
    assert len(warnings.messages) == 1
    assert warnings.messages[0].startswith("can't ")


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_operation_with_null_is_null_without_warning(op: str) -> None:
    warnings = Warnings()
    assert OPERATIONS[op](None, Decimal(1), warnings) is None
    assert OPERATIONS[op](at("P1D"), None, warnings) is None
    assert warnings.messages == []


def test_date_arithmetic_beyond_the_representable_years_warns() -> None:
    warnings = Warnings()
    assert temporal.add(at("9999-12-31"), at("P1D"), warnings) is None
    assert "can't add" in warnings.messages[0]
