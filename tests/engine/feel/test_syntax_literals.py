"""Literals, comments, escapes and the shapes the parser accepts."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from engine.feel import compile_expression
from engine.feel.values import DaysTimeDuration, FeelRange, YearsMonthsDuration


def value(text: str, **scope: Any) -> Any:
    result = compile_expression(text, names=tuple(scope)).evaluate(scope)
    return result.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", D(1)),
        ("-1", D(-1)),
        ("1.5", D("1.5")),
        (".5", D("0.5")),
        ("0001", D(1)),
        ("12345678901234567890", D("12345678901234567890")),
        ('"abc"', "abc"),
        ('""', ""),
        ('"a\\"b"', 'a"b'),
        ('"line\\nbreak"', "line\nbreak"),
        ('"tab\\there"', "tab\there"),
        ('"back\\\\slash"', "back\\slash"),
        ('"\\u00e9t\\u00e9"', "été"),
        ('"\\U01F600"', "\U0001f600"),
        ('"\\ud83d\\ude00"', "\U0001f600"),
        ('"单位"', "单位"),
        ("true", True),
        ("false", False),
        ("null", None),
        ("[]", []),
        ("[1, 2]", [D(1), D(2)]),
        ("{}", {}),
        ('@"2026-10-05"', dt.date(2026, 10, 5)),
        ('@"P10D"', DaysTimeDuration(D(864000))),
        ('@"P1Y2M"', YearsMonthsDuration(14)),
        ("1 // a comment", D(1)),
        ('"http://example.org/a"', "http://example.org/a"),
        ('"a /* not a comment */ b"', "a /* not a comment */ b"),
        ("1.5e3", D(1500)),
        ("1.23e-4", D("0.000123")),
        ("2E+2", D(200)),
        ("1 /* inline */ + /* another */ 2", D(3)),
        ("// leading comment\n 7", D(7)),
        ("(((1)))", D(1)),
        ("[1..10]", FeelRange(D(1), D(10), True, True)),
        ("[1..10)", FeelRange(D(1), D(10), True, False)),
        ("]1..10[", FeelRange(D(1), D(10), False, False)),
        ("(1..10]", FeelRange(D(1), D(10), False, True)),
        ("< 5", FeelRange(None, D(5), False, False)),
        (">= 5", FeelRange(D(5), None, True, False)),
    ],
)
def test_literal(text: str, expected: Any) -> None:
    assert value(text) == expected


def test_invalid_temporal_literal_is_null_with_a_warning() -> None:
    result = compile_expression('@"not a date"').evaluate({})
    assert result.value is None
    assert result.warnings


def test_expression_can_be_compiled_once_and_evaluated_with_many_scopes() -> None:
    expr = compile_expression("amount >= 5000000")
    assert expr.evaluate({"amount": D(6000000)}).value is True
    assert expr.evaluate({"amount": D(10)}).value is False
    assert expr.evaluate({"amount": D(5000000)}).value is True
