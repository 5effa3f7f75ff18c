"""Unary tests (decision-table input entries) with Camunda's semantics for expression tests."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from engine.feel import compile_unary_tests


def check(tests: str, input_value: Any, **scope: Any) -> Any:
    return compile_unary_tests(tests, names=tuple(scope)).evaluate(input_value, scope).value


@pytest.mark.parametrize(
    ("tests", "input_value", "expected"),
    [
        ("-", D(1), True),
        ("-", None, True),
        ("", D(1), True),
        ("  ", None, True),
        ("5", D(5), True),
        ("5", D(6), False),
        ("< 10", D(5), True),
        ("< 10", D(10), False),
        ("<= 10", D(10), True),
        ("> 10", D(11), True),
        (">= 5000000", D(5000000), True),
        ("[1..10]", D(10), True),
        ("[1..10)", D(10), False),
        ("]1..10]", D(1), False),
        ("(1..10)", D(5), True),
        ("[20..30]", D(25), True),
        ("< 10, [20..30]", D(25), True),
        ("< 10, [20..30]", D(15), False),
        ("< 10, [20..30], not(5)", D(5), True),
        ("not(5)", D(5), False),
        ("not(5)", D(6), True),
        ("not(< 10, > 20)", D(15), True),
        ("not(< 10, > 20)", D(5), False),
        ('"A"', "A", True),
        ('"A", "B"', "B", True),
        ('"A", "B"', "C", False),
        ('not("A", "B")', "C", True),
        ("true", True, True),
        ("true", False, False),
        ("false", False, True),
        ("null", None, True),
        ("null", D(1), False),
        ("[1, 2, 3]", D(2), True),
        ("[1, 2, 3]", D(4), False),
        ("? > 3", D(4), True),
        ("? > 3", D(2), False),
        ("? * 2 = 8", D(4), True),
        ("string length(?) > 2", "abc", True),
        ('starts with(?, "政务")', "政务信息化", True),
        ("x", D(3), True),
        ("> x", D(4), True),
        ("x + 1", D(4), True),
        ("<= x * 2", D(6), True),
        ("[x..10]", D(3), True),
        ("y", D(1), True),
        ("limits", D(7), True),
        ("=5", D(5), True),
        ("!=5", D(5), False),
        ('@"2026-10-05"', dt.date(2026, 10, 5), True),
        ('< @"2026-10-05"', dt.date(2026, 10, 4), True),
        ('[@"2026-01-01"..@"2026-12-31"]', dt.date(2026, 10, 5), True),
        ('> @"P5D"', None, None),
        ("count(?) > 1", [D(1), D(2)], True),
    ],
)
def test_unary_tests(tests: str, input_value: Any, expected: Any) -> None:
    scope = {"x": D(3), "y": True, "limits": [D(5), D(7)]}
    assert check(tests, input_value, **scope) is expected


@pytest.mark.parametrize(
    ("tests", "input_value"),
    [("< 10", "a"), ("[1..10]", "a"), ('"a"', D(1)), ("? > 1", "a"), ("x", D(1))],
)
def test_incomparable_input_is_null_with_a_warning(tests: str, input_value: Any) -> None:
    result = compile_unary_tests(tests).evaluate(input_value, {"x": "a"})
    assert result.value is None
    assert result.warnings


def test_boolean_expression_result_decides_the_test() -> None:
    # Camunda evaluates a test expression; a true result passes whatever the input is.
    assert check("x > 2", D(100), x=D(3)) is True
    assert check("x > 5", D(3), x=D(3)) is False


def test_null_input_against_a_comparison_is_null() -> None:
    result = compile_unary_tests("< 10").evaluate(None, {})
    assert result.value is None
    assert result.warnings == ("Can't compare 'null' with '10'",)


def test_unary_tests_compile_once_and_run_for_many_inputs() -> None:
    tests = compile_unary_tests(">= 5000000, < 100")
    assert [tests.evaluate(D(v)).value for v in (6000000, 50, 500)] == [True, True, False]


def test_question_mark_outside_a_unary_test_is_null_with_a_warning() -> None:
    from engine.feel import evaluate_expression

    result = evaluate_expression("? > 1")
    assert result.value is None
    assert "No input value available" in result.warnings[0]


def test_the_input_is_also_in_scope_as_cell_input() -> None:
    assert check("cellInput > 3", D(4)) is True
    assert check("< cellInput", D(4), cellInput=D(100)) is False
