"""Function definitions, closures, invocation with positional and named parameters, built-ins."""

from collections.abc import Sequence
from decimal import Decimal as D
from typing import Any

import pytest

from engine.feel import compile_expression, evaluate_expression
from engine.feel.values import Warn


class Doubler:
    """A function value from outside FEEL (as DMN passes a business knowledge model)."""

    name = "doubler"
    params = ("x", "factor")

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        x, factor = args
        if factor is None:
            warn("doubler: no factor given, using 2")
            factor = D(2)
        return x * factor


def value(text: str, **scope: Any) -> Any:
    return compile_expression(text, names=tuple(scope)).evaluate(scope).value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(function(a, b) a + b)(1, 2)", D(3)),
        ("(function() 42)()", D(42)),
        ("{add: function(a, b) a + b}.add(2, 3)", D(5)),
        ("{f: function(a, b) a - b, r: f(b: 1, a: 5)}.r", D(4)),
        ("{f: function(a, b) b, r: f(a: 1)}.r", None),
        ("{k: 10, f: function(a) a + k, r: f(1)}.r", D(11)),
        ("{make: function(n) function(m) n * m, times3: make(3), r: times3(4)}.r", D(12)),
        ("{fact: function(n) if n <= 1 then 1 else n * fact(n - 1), r: fact(5)}.r", D(120)),
        ("{f: function(a: number) a * 2, r: f(4)}.r", D(8)),
        ("doubler(3, 5)", D(15)),
        ("doubler(x: 3, factor: 4)", D(12)),
        ("sort([3, 1, 2], function(a, b) a < b)", [D(1), D(2), D(3)]),
        ('string length("abc")', D(3)),
        ('date and time("2026-10-05T10:00:00").hour', D(10)),
        ('substring("abcdef", 2, 3)', "bcd"),
        ('substring(string: "abcdef", start position: 2)', "bcdef"),
        ("not(true)", False),
        ("sum([1, 2, 3]) + count([1])", D(7)),
        ("count", D(99)),
        ("count([1, 2])", D(2)),
        ("(if true then function(x) x + 1 else null)(1)", D(2)),
    ],
)
def test_functions(text: str, expected: Any) -> None:
    assert value(text, doubler=Doubler(), count=D(99)) == expected


def test_external_function_warnings_reach_the_result() -> None:
    result = compile_expression("doubler(x: 3)").evaluate({"doubler": Doubler()})
    assert result.value == D(6)
    assert result.warnings == ("doubler: no factor given, using 2",)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("unknown(1)", "No function found with name 'unknown' and 1 parameters"),
        ("{f: function(a) a, r: f(1, 2)}.r", "No function found with name 'f' and 2 parameters"),
        ("{f: function(a) a, r: f(b: 1)}.r", "No function found with name 'f' and parameters: b"),
        ("(1)(2)", "Expected a function but found '1'"),
        ("x(1)", "No function found with name 'x' and 1 parameters"),
    ],
)
def test_bad_calls_are_null_with_a_warning(text: str, warning: str) -> None:
    result = compile_expression(text).evaluate({"x": D(1)})
    assert result.value is None
    assert warning in result.warnings


def test_a_lambda_is_a_value() -> None:
    result = evaluate_expression("function(a, b) a + b")
    assert list(result.value.params) == ["a", "b"]
    assert result.value.invoke([D(1), D(2)], print) == D(3)


def test_scope_function_shadows_a_builtin_of_the_same_name() -> None:
    assert value("abs(-2)", abs=_Constant()) == "mine"


def test_a_positional_call_must_pass_every_parameter() -> None:
    result = compile_expression("doubler(3)").evaluate({"doubler": Doubler()})
    assert result.value is None
    assert result.warnings == ("No function found with name 'doubler' and 1 parameters",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{f: function(a: number) a * 2, r: f(4)}.r", D(8)),
        ('{f: function(a: number) a * 2, r: f("x")}.r', None),
        ("{f: function(a: number) a, r: f(null)}.r", None),
        ('{f: function(a: string, b) b, r: f("s", 1)}.r', D(1)),
        ("{f: function(a: list<number>) count(a), r: f([1, 2])}.r", D(2)),
        ("{f: function(a: list<number>) count(a), r: f([true])}.r", None),
    ],
)
def test_declared_parameter_types_are_checked(text: str, expected: Any) -> None:
    assert value(text) == expected


def test_an_outside_function_that_fails_yields_null_with_a_warning() -> None:
    result = compile_expression("broken(1)").evaluate({"broken": _Broken()})
    assert result.value is None
    assert result.warnings == ("Failed to invoke function 'broken': boom",)


class _Broken:
    name = "broken"
    params = ("x",)

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        raise RuntimeError("boom")


class _Constant:
    name = "constant"
    params = ("x",)

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        return "mine"


def test_runaway_recursion_is_null_with_a_warning() -> None:
    result = evaluate_expression("{f: function(n) f(n + 1), r: f(1)}.r")
    assert result.value is None
    assert result.warnings == ("Failed to evaluate: the expression recurses too deeply",)
