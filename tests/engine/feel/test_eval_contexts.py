"""Contexts, paths and properties."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from engine.feel import compile_expression, evaluate_expression
from engine.feel.values import DaysTimeDuration


def value(text: str, **scope: Any) -> Any:
    return compile_expression(text, names=tuple(scope)).evaluate(scope).value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{a: 1, b: 2}", {"a": D(1), "b": D(2)}),
        ("{a: 1, b: a + 1}", {"a": D(1), "b": D(2)}),
        ("{a: 1, b: {c: a + 1}}.b.c", D(2)),
        ('{"b c": 2}', {"b c": D(2)}),
        ('{first name: "Li"}', {"first name": "Li"}),
        ("{foo   bar: 2}.`foo   bar`", D(2)),
        ('{项目名称: "平台"}.项目名称', "平台"),
        ("{`a-b`: 1}", {"a-b": D(1)}),
        ("{a+b: 1}", {"a+b": D(1)}),
        ('{"a": 1}.a', D(1)),
        ("{a: 1}.a + {a: 2}.a", D(3)),
        ("{a: [1, 2, 3]}.a[2]", D(2)),
        ("{x: [[1]]}.x[1][1]", D(1)),
        ("{f: function(n) n + 1, g: f(1)}.g", D(2)),
        ("{a: 1, b: null}.b", None),
        ("{}", {}),
        ("a.b.c", D(7)),
        ("a.b", {"c": D(7)}),
        ("{a: x}.a", D(5)),
        ("{x: 1, y: x}.y", D(1)),
    ],
)
def test_contexts(text: str, expected: Any) -> None:
    assert value(text, a={"b": {"c": D(7)}}, x=D(5)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{a: 1}.b", "No context entry found with key 'b'. Available keys: 'a'"),
        ("{}.b", "No context entry found with key 'b'. The context is empty"),
        ("null.b", "No context entry found with key 'b'. The context is null"),
    ],
)
def test_missing_context_entry_is_null_with_a_warning(text: str, message: str) -> None:
    result = evaluate_expression(text)
    assert result.value is None
    assert result.warnings == (message,)


@pytest.mark.parametrize(("text", "expected"), [("x.y", None), ("x.y.z", None), ("x.y = null", True)])
def test_path_on_a_missing_variable_warns_once(text: str, expected: Any) -> None:
    result = evaluate_expression(text)
    assert result.value is expected
    assert result.warnings == ("No variable found with name 'x'",)


def test_path_through_a_missing_entry_warns_for_each_step() -> None:
    result = evaluate_expression("{a: {}}.a.b.c")
    assert result.value is None
    assert result.warnings == (
        "No context entry found with key 'b'. The context is empty",
        "No context entry found with key 'c'. The context is null",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('@"2026-10-05".year', D(2026)),
        ('@"2026-10-05".month', D(10)),
        ('@"2026-10-05".weekday', D(1)),
        ('@"2026-10-05T17:30:00".hour', D(17)),
        ('@"P1DT2H".hours', D(2)),
        ('@"P1Y2M".months', D(2)),
        ("[1..10).start", D(1)),
        ("[1..10).end included", False),
        ("[1..10[.start included", True),
        ("(< 5).end", D(5)),
        ("(=10).start included", True),
        ('@"2026-10-05T17:30:00+08:00".time offset', DaysTimeDuration(D(28800))),
        ("d.day", D(5)),
    ],
)
def test_properties(text: str, expected: Any) -> None:
    assert value(text, d=dt.date(2026, 10, 5)) == expected


def test_unknown_property_is_null_with_a_warning() -> None:
    result = evaluate_expression('@"2026-10-05".colour')
    assert result.value is None
    assert result.warnings


def test_duplicate_context_keys_are_a_syntax_error() -> None:
    from engine.feel import FeelSyntaxError

    with pytest.raises(FeelSyntaxError, match="duplicate context entry key 'foo'") as caught:
        compile_expression('{foo: "bar", foo: "baz"}')
    assert caught.value.position == 13
