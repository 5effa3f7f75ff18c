"""Numeric built-ins, called directly through the registry (no parser involved)."""

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


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("decimal", [1 / 3, 2], "0.33"),
        ("decimal", [1.5, 0], "2"),
        ("decimal", [2.5, 0], "2"),
        ("decimal", [-2.5, 0], "-2"),
        ("decimal", [1.125, 2], "1.12"),
        ("decimal", [1234, -2], "1200"),
        ("decimal", [2.5, 0, "half_up"], "3"),
        ("decimal", [-2.5, 0, "HALF_DOWN"], "-2"),
        ("decimal", [1.21, 1, "CEILING"], "1.3"),
        ("decimal", [1.2, 1, "UNNECESSARY"], "1.2"),
        ("floor", [1.5], "1"),
        ("floor", [-1.5], "-2"),
        ("floor", [-1.56, 1], "-1.6"),
        ("ceiling", [1.5], "2"),
        ("ceiling", [-1.5], "-1"),
        ("ceiling", [-1.56, 1], "-1.5"),
        ("round up", [5.5, 0], "6"),
        ("round up", [-5.5, 0], "-6"),
        ("round up", [1.121, 2], "1.13"),
        ("round up", [-1.126, 2], "-1.13"),
        ("round down", [5.5, 0], "5"),
        ("round down", [-5.5, 0], "-5"),
        ("round down", [1.121, 2], "1.12"),
        ("round half up", [5.5, 0], "6"),
        ("round half up", [-5.5, 0], "-6"),
        ("round half up", [1.121, 2], "1.12"),
        ("round half up", [-1.126, 2], "-1.13"),
        ("round half down", [5.5, 0], "5"),
        ("round half down", [-5.5, 0], "-5"),
        ("round half down", [1.126, 2], "1.13"),
        ("abs", [10], "10"),
        ("abs", [-10], "10"),
        ("abs", [-0.5], "0.5"),
        ("modulo", [12, 5], "2"),
        ("modulo", [-12, 5], "3"),
        ("modulo", [12, -5], "-3"),
        ("modulo", [-12, -5], "-2"),
        ("modulo", [10.1, 4.5], "1.1"),
        ("modulo", [-10.1, 4.5], "3.4"),
        ("sqrt", [16], "4"),
        ("sqrt", [0], "0"),
        ("sqrt", [2], "1.414213562373095048801688724209698"),
        ("exp", [0], "1"),
        ("exp", [1], "2.718281828459045235360287471352662"),
        ("log", [1], "0"),
        ("log", [10], "2.302585092994045684017991454684364"),
        ("odd", [5], "true"),
        ("odd", [-5], "true"),
        ("odd", [2], "false"),
        ("odd", [1.5], "false"),
        ("even", [2], "true"),
        ("even", [-2], "true"),
        ("even", [5], "false"),
        ("even", [0], "true"),
    ],
)
def test_numeric_function(name: str, args: list[Any], expected: str) -> None:
    value, warnings = call(name, *args)
    assert render(value) == expected
    assert warnings == []


def test_decimal_keeps_the_exact_value_of_a_decimal_argument() -> None:
    value, _ = call("decimal", Decimal("0.505"), 2)
    assert value == Decimal("0.50")


def test_sqrt_of_a_negative_number_is_null_without_failing() -> None:
    assert call("sqrt", -4) == (None, [])


def test_abs_of_durations() -> None:
    days = parse_temporal_literal("-P2D")
    months = parse_temporal_literal("-P1Y2M")
    assert render(call("abs", days)[0]) == "P2D"
    assert render(call("abs", months)[0]) == "P1Y2M"


def test_random_number_lies_in_the_unit_interval() -> None:
    value, warnings = call("random number")
    assert isinstance(value, Decimal)
    assert 0 <= value < 1
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "named", "expected"),
    [
        ("decimal", {"n": 1.555, "scale": 1}, "1.6"),
        ("floor", {"n": 2.7}, "2"),
        ("ceiling", {"n": 2.1, "scale": 0}, "3"),
        ("abs", {"n": -3}, "3"),
        ("abs", {"number": -3}, "3"),
        ("modulo", {"dividend": 7, "divisor": 3}, "1"),
        ("sqrt", {"number": 9}, "3"),
        ("odd", {"number": 3}, "true"),
        ("round half up", {"n": 2.5, "scale": 0}, "3"),
    ],
)
def test_numeric_function_with_named_arguments(name: str, named: dict[str, Any], expected: str) -> None:
    value, warnings = call(name, **named)
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("decimal", ["1", 2]),
        ("decimal", [1, None]),
        ("floor", ["x"]),
        ("floor", [None]),
        ("ceiling", [True]),
        ("abs", ["-1"]),
        ("modulo", [10, 0]),
        ("modulo", [10, "2"]),
        ("sqrt", ["4"]),
        ("log", [0]),
        ("log", [-1]),
        ("exp", ["1"]),
        ("odd", ["1"]),
        ("even", [None]),
        ("round up", [1.5]),
        ("round half down", ["1", 0]),
        ("decimal", [1, 2, 3]),
        ("decimal", [1, 2, "SIDEWAYS"]),
        ("decimal", [1.25, 1, "UNNECESSARY"]),
        ("abs", []),
    ],
)
def test_numeric_function_with_wrong_arguments_is_null_and_warns(name: str, args: list[Any]) -> None:
    value, warnings = call(name, *args)
    assert value is None
    assert len(warnings) == 1
    assert f"'{name}'" in warnings[0]


def test_unknown_named_parameter_is_reported() -> None:
    value, warnings = call("floor", x=1)
    assert value is None
    assert "floor" in warnings[0] and "x" in warnings[0]
