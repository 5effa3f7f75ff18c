"""Compiles unary tests (decision-table input entries and the right side of ``in``).

Camunda's semantics: ``< 10``, ranges and literals compare with the input; any other expression is
evaluated, and a true result passes, a list passes when it contains the input, a range when it
includes it, anything else when it equals the input. ``?`` inside an expression is the input, and
then the expression's boolean result is the test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from engine.feel import ast, operators
from engine.feel.runtime import Env, Evaluator
from engine.feel.values import FeelRange

INPUT_VARIABLE = "cellInput"
"""The name under which dmn-scala also puts the input value in scope for an input entry."""

Test = Callable[[Env, Any], "bool | None"]
"""A compiled positive unary test: (env, input) -> True/False, or None when it cannot decide."""


DECIMAL_ORDER: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": Decimal.__lt__,
    "<=": Decimal.__le__,
    ">": Decimal.__gt__,
    ">=": Decimal.__ge__,
}


def order_test(operator: str) -> Callable[[int], bool]:
    return {
        "<": lambda order: order < 0,
        "<=": lambda order: order <= 0,
        ">": lambda order: order > 0,
        ">=": lambda order: order >= 0,
    }[operator]


class UnaryTestCompiler:
    """Compiles positive and negated unary tests; expressions inside them go to ``expression``."""

    def __init__(self, expression: Callable[[ast.Node], Evaluator]) -> None:
        self._expression = expression

    def unary_tests(self, node: ast.Node) -> Test:
        test = self._unary_tests(node)
        if not ast.mentions_name(node, INPUT_VARIABLE):
            return test

        def with_input_variable(env: Env, x: Any) -> bool | None:
            return test(env.child({INPUT_VARIABLE: x}), x)

        return with_input_variable

    def _unary_tests(self, node: ast.Node) -> Test:
        if isinstance(node, ast.AnyInput):
            return lambda env, x: True
        if isinstance(node, ast.NegatedTests):
            return _negated([self.positive_test(test) for test in node.tests])
        assert isinstance(node, ast.UnaryTests)
        tests = [self.positive_test(test) for test in node.tests]
        if len(tests) == 1:
            return tests[0]
        return lambda env, x: any_test(tests, env, x)

    def positive_test(self, node: ast.Node) -> Test:
        if isinstance(node, ast.UnaryComparison):
            return self._comparison_test(node)
        if isinstance(node, ast.RangeLiteral):
            return self._range_test(node)
        if isinstance(node, ast.Literal) and isinstance(node.value, bool):
            return self._equality_test(node)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.callee, ast.Name)
            and node.callee.name == "not"
            and node.positional
        ):
            return _negated([self.positive_test(test) for test in node.positional])
        return self._expression_test(node)

    def _comparison_test(self, node: ast.UnaryComparison) -> Test:
        operand = self._expression(node.operand)
        if node.operator in ("=", "!="):
            negated = node.operator == "!="

            def equality_test(env: Env, x: Any) -> bool | None:
                expected = operand(env)
                result = operators.equals(x, expected)
                if result is None:
                    env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(expected)}")
                    return None
                return result is not negated

            return equality_test
        ordered = order_test(node.operator)
        if isinstance(node.operand, ast.Literal) and type(node.operand.value) is Decimal:
            constant = node.operand.value
            fast = DECIMAL_ORDER[node.operator]

            def constant_test(env: Env, x: Any) -> bool | None:
                if type(x) is Decimal:
                    return fast(x, constant)
                result: bool | None = compare_with(env, x, constant, ordered)
                return result

            return constant_test

        def comparison_test(env: Env, x: Any) -> bool | None:
            result: bool | None = compare_with(env, x, operand(env), ordered)
            return result

        return comparison_test

    def _range_test(self, node: ast.RangeLiteral) -> Test:
        assert node.start is not None and node.end is not None
        start = self._expression(node.start)
        end = self._expression(node.end)
        start_included, end_included = node.start_included, node.end_included

        def range_test(env: Env, x: Any) -> bool | None:
            bounds = FeelRange(start(env), end(env), start_included, end_included)
            open_end = bounds.start is None or bounds.end is None
            result = None if open_end else operators.in_range(x, bounds)
            if result is None:
                env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(bounds)}")
            return result

        return range_test

    def _equality_test(self, node: ast.Literal) -> Test:
        expected = node.value

        def equality_test(env: Env, x: Any) -> bool | None:
            result = operators.equals(x, expected)
            if result is None:
                env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(expected)}")
            return result

        return equality_test

    def _expression_test(self, node: ast.Node) -> Test:
        expression = self._expression(node)
        if ast.mentions_input(node):
            # `? > 10`, `starts with(?, "A")`: the expression is the test
            def input_test(env: Env, x: Any) -> bool | None:
                scope = env if env.input is x else env.with_input(x)
                result = expression(scope)
                return result if isinstance(result, bool) else None

            return input_test

        def value_test(env: Env, x: Any) -> bool | None:
            # feel-scala: true passes, a list passes when it contains the input, a range when it
            # includes it; otherwise the value is compared with the input.
            value = expression(env)
            if value is True:
                return True
            if isinstance(value, list):
                if any(_matches(x, item) for item in value):
                    return True
                return operators.equals(x, value) is True
            if isinstance(value, FeelRange):
                return operators.in_range(x, value)
            equal = operators.equals(x, value)
            if equal is True:
                return True
            if value is False:
                return False
            if equal is None:
                env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(value)}")
            return equal

        return value_test


def compare_with(env: Env, a: Any, b: Any, holds: Callable[[int], bool]) -> bool | None:
    """Whether ``holds`` is true of how ``a`` and ``b`` order; None and a warning if they do not compare."""
    order = operators.compare(a, b)
    if order is None:
        env.warn(f"Can't compare {operators.quote(a)} with {operators.quote(b)}")
        return None
    return holds(order)


def any_test(tests: Sequence[Test], env: Env, x: Any) -> bool | None:
    result: bool | None = False
    for test in tests:
        outcome = test(env, x)
        if outcome is True:
            return True
        if outcome is None:
            result = None
    return result


def _negated(tests: list[Test]) -> Test:
    def negated(env: Env, x: Any) -> bool | None:
        result = any_test(tests, env, x)
        return None if result is None else not result

    return negated


def _matches(x: Any, item: Any) -> bool:
    """Whether ``x`` matches one item of a list test: equal to it, or inside it when it is a range."""
    if isinstance(item, FeelRange):
        return operators.in_range(x, item) is True
    return operators.equals(item, x) is True
