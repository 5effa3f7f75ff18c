"""Syntax errors: a FeelSyntaxError with the message, the expression and a 0-based position."""

import pytest

from engine.feel import FeelSyntaxError, compile_expression, compile_unary_tests


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("amount >>= 1", 8),
        ("1 +", 3),
        ("(1 + 2", 6),
        ("[1, 2", 5),
        ('"unterminated', 0),
        ("{a 1}", 4),
        ("if x then 1", 11),
        ("for x in [1] 2", 13),
        ("some x in [1] x > 1", 14),
        ("1 2", 2),
        ("a ! b", 2),
        ("/* open comment", 0),
        ("x instance of", 13),
        ("f(a: 1, 2)", 8),
        ("[1..2", 5),
        ("`", 0),
        ('"bad \\u12"', 5),
        ("x between 1", 11),
        ("function(a) ", 12),
        ("{a: 1,}", 6),
    ],
)
def test_syntax_error_reports_position(text: str, position: int) -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        compile_expression(text)
    assert caught.value.position == position
    assert caught.value.expression == text


def test_syntax_error_message_reads_like_the_contract() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        compile_expression("amount >>= 1")
    message = str(caught.value)
    assert message.startswith("invalid FEEL at position 8 of 'amount >>= 1': expected an expression")
    assert caught.value.message.startswith("expected an expression")


def test_syntax_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="position"):
        compile_expression(")")


@pytest.mark.parametrize("text", ["< ", "[1..", "not(", "1,", ",1", "- 1 -"])
def test_invalid_unary_tests_raise(text: str) -> None:
    with pytest.raises(FeelSyntaxError):
        compile_unary_tests(text)


def test_external_functions_are_rejected_with_a_reason() -> None:
    with pytest.raises(FeelSyntaxError, match="external"):
        compile_expression('function(a) external {java: {class: "x", method signature: "y()"}}')


def test_absurdly_deep_nesting_is_a_syntax_error() -> None:
    with pytest.raises(FeelSyntaxError, match="nested too deeply"):
        compile_expression("(" * 5000 + "1" + ")" * 5000)
