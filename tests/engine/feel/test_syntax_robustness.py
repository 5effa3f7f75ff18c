"""Property tests: any text either compiles or raises FeelSyntaxError, and evaluation never raises."""

import contextlib
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.feel import FeelSyntaxError, compile_expression, compile_unary_tests

PIECES = [
    "1", "2.5", "-3", "1e3", '"a"', '"单位"', "true", "false", "null", "x", "y", "items", "item", "?",
    "+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "(", ")", "[", "]", "{", "}", ",", ":",
    ".", "..", "and", "or", "not", "in", "between", "instance of", "if", "then", "else", "for", "return",
    "some", "every", "satisfies", "function", "price", "name", "count", "sum", "string length",
    '@"2026-10-05"', '@"P1D"', "`a b`", "//c\n", "/*c*/", " ",
]  # fmt: skip

SCOPE = {
    "x": Decimal(5),
    "y": "text",
    "items": [{"name": "a", "price": Decimal(150)}, {"name": "b", "price": Decimal(50)}],
}

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_expressions_compile_or_raise_a_syntax_error_and_never_raise_when_evaluated(text: str) -> None:
    try:
        expression = compile_expression(text)
    except FeelSyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    expression.evaluate(SCOPE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, Decimal(3), "a", True, [Decimal(1)], {"a": Decimal(1)}]))
def test_unary_tests_compile_or_raise_a_syntax_error_and_never_raise_when_evaluated(
    text: str, input_value: object
) -> None:
    try:
        tests = compile_unary_tests(text)
    except FeelSyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    result = tests.evaluate(input_value, SCOPE)
    assert result.value in (True, False, None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_text_never_raises_anything_but_a_syntax_error(text: str) -> None:
    with contextlib.suppress(FeelSyntaxError):
        compile_expression(text).evaluate(SCOPE)
