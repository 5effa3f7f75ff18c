"""The fast path for literal input entries answers exactly as FEEL does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from engine.dmn.simple_tests import SimpleUnaryTests, simple_unary_tests
from engine.feel import compile_unary_tests

ENTRIES = [
    "5",
    "-2.5",
    '"LG"',
    '"LG","HY", "LZ"',
    "true",
    "false",
    "< 10",
    "<=10",
    "> 5000000",
    ">= 5000000",
    "!= 3",
    "= 3",
    "[1..10]",
    "(1..10)",
    "]1..10[",
    "[1..10)",
    "[0..5], >= 100",
    '["a".."m"]',
    '!= "x"',
]
INPUTS: list[Any] = [
    Decimal(0),
    Decimal(1),
    Decimal("2.5"),
    Decimal("-2.5"),
    Decimal(3),
    Decimal(5),
    Decimal(10),
    Decimal(100),
    Decimal(5000000),
    "LG",
    "TH",
    "a",
    "m",
    "x",
    "",
    True,
    False,
    None,
    dt.date(2026, 1, 1),
]


@pytest.mark.parametrize("text", ENTRIES)
def test_fast_path_agrees_with_feel(text: str) -> None:
    feel = compile_unary_tests(text)
    fast = simple_unary_tests(text, feel)
    assert isinstance(fast, SimpleUnaryTests), f"{text!r} should take the fast path"
    for value in INPUTS:
        assert fast.evaluate(value, {}).value == feel.evaluate(value, {}).value, (text, value)


@pytest.mark.parametrize(
    "text", ['"a", 1', "< x", "not(5)", "[1..x]", '"a\\"b"', "> true", 'date("2026-01-01")']
)
def test_anything_else_is_left_to_feel(text: str) -> None:
    feel = compile_unary_tests(text, names=("x",))
    assert simple_unary_tests(text, feel) is feel
