"""Names with spaces and operator characters, backticks, keywords inside names, in/instance of."""

from decimal import Decimal as D
from typing import Any

import pytest

from engine.feel import compile_expression, evaluate_expression
from engine.feel.values import FeelRange


def value(text: str, names: tuple[str, ...] = (), **scope: Any) -> Any:
    return compile_expression(text, names=names).evaluate(scope).value


def test_known_name_with_spaces() -> None:
    scope = {"Monthly Salary": D(10000)}
    assert value("Monthly Salary * 12", ("Monthly Salary",), **scope) == D(120000)


def test_name_with_spaces_from_scope_without_declaring_it() -> None:
    assert compile_expression("Monthly Salary * 12").evaluate({"Monthly Salary": D(2)}).value == D(24)


def test_known_name_with_an_operator_character() -> None:
    scope = {"Date-Time": D(5), "Date": D(100), "Time": D(1)}
    assert value("Date-Time + 1", ("Date-Time",), **scope) == D(6)
    assert value("Date - Time", ("Date-Time",), **scope) == D(99)


def test_known_name_with_keyword_inside() -> None:
    scope = {"Is Approved and Funded": True}
    assert value("Is Approved and Funded = true", ("Is Approved and Funded",), **scope) is True


def test_longest_known_name_wins() -> None:
    names = ("Applicant", "Applicant Data")
    scope = {"Applicant": D(1), "Applicant Data": {"Age": D(40)}}
    assert value("Applicant Data.Age", names, **scope) == D(40)


def test_path_into_a_name_with_spaces() -> None:
    scope = {"Applicant Data": {"Monthly Income": D(5)}}
    assert value("Applicant Data.Monthly Income + 1", **scope) == D(6)


def test_backticked_names() -> None:
    scope = {"a+b": D(3), "first name": "Li"}
    assert value("`a+b` * 2", **scope) == D(6)
    assert value("`first name`", **scope) == "Li"


def test_words_that_start_with_a_keyword_are_names() -> None:
    assert value("order + index + ifx + android", order=D(1), index=D(2), ifx=D(3), android=D(4)) == D(10)


def test_unicode_names() -> None:
    assert value("项目 总投资 > 5000000", **{"项目 总投资": D(6000000)}) is True
    assert value("投资额 >= 5000000", 投资额=D(5000000)) is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 in [1..10]", True),
        ("5 in (5..10]", False),
        ("5 in < 10", True),
        ("5 in (< 3, > 4)", True),
        ("5 in (1, 2, 3)", False),
        ("5 in [1, 5, 9]", True),
        ("5 in =5", True),
        ("5 in !=5", False),
        ("[1, 2] in [[1, 2], [3]]", True),
        ("1 in [[2..4], [1..3]]", True),
        ('"b" in ["a".."c"]', True),
        ("null in null", True),
        ("5 in x", True),
        ("5 in [1..10] and true", True),
        ("5 in (1..10)", True),
    ],
)
def test_in(text: str, expected: Any) -> None:
    assert value(text, x=FeelRange(D(1), D(9), True, True)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 instance of number", True),
        ('"a" instance of string', True),
        ("true instance of boolean", True),
        ('@"2026-10-05" instance of date', True),
        ('@"2026-10-05" instance of date and time', False),
        ('@"2026-10-05T10:00:00" instance of date and time', True),
        ('@"10:00:00" instance of time', True),
        ('@"P1D" instance of days and time duration', True),
        ('@"P1Y" instance of years and months duration', True),
        ("[1, 2] instance of list", True),
        ("[1, 2] instance of list<number>", True),
        ('[1, "a"] instance of list<number>', False),
        ("{a: 1} instance of context", True),
        ("{a: 1, b: 2} instance of context<a: number>", True),
        ('{a: "x"} instance of context<a: number>', False),
        ("{a: null} instance of context<a: string>", True),
        ("[1..2] instance of range", True),
        ("[1..2] instance of range<number>", True),
        ("(function(a) a) instance of function", True),
        ("(function(a) a) instance of function<number> -> number", True),
        ("1 instance of Any", True),
        ("null instance of Any", False),
        ("null instance of number", False),
        ("1 instance of string", False),
        ("1 instance of tUnknown", False),
    ],
)
def test_instance_of(text: str, expected: bool) -> None:
    assert evaluate_expression(text).value is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("if true then 1 else 2", D(1)),
        ("if false then 1 else 2", D(2)),
        ("if null then 1 else 2", D(2)),
        ('if "yes" then 1 else 2', D(2)),
        ('if 1 > 0 then if 2 > 1 then "a" else "b" else "c"', "a"),
        ("1 + (if true then 1 else 0)", D(2)),
    ],
)
def test_if_then_else(text: str, expected: Any) -> None:
    assert evaluate_expression(text).value == expected


def test_known_name_with_an_apostrophe() -> None:
    scope = {"Student's name": "Li"}
    assert value('Student\'s name + " passed"', ("Student's name",), **scope) == "Li passed"


def test_stray_character_outside_a_known_name_is_a_syntax_error() -> None:
    from engine.feel import FeelSyntaxError

    with pytest.raises(FeelSyntaxError, match='found "\'"') as caught:
        compile_expression("Student's name")
    assert caught.value.position == 7


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"Date-Time": D(5)}, D(6)),
        ({"Date": D(5), "Time": D(1)}, D(5)),
    ],
)
def test_undeclared_name_with_an_operator_is_found_in_the_scope(scope: dict[str, Any], expected: D) -> None:
    assert compile_expression("Date-Time + 1").evaluate(scope).value == expected


def test_spaced_operator_is_never_a_name() -> None:
    scope = {"a - b": D(100), "a": D(3), "b": D(1)}
    assert compile_expression("a - b").evaluate(scope).value == D(2)


def test_instance_of_a_named_type_uses_the_given_check() -> None:
    types = {
        "tSmall": lambda v: type(v) is D and v < 10,
        "tPerson": lambda v: isinstance(v, dict) and "name" in v,
    }
    assert compile_expression("5 instance of tSmall", types=types).evaluate({}).value is True
    assert compile_expression("50 instance of tSmall", types=types).evaluate({}).value is False
    assert compile_expression("[1, 2] instance of list<tSmall>", types=types).evaluate({}).value is True
    assert compile_expression('{name: "Li"} instance of tPerson', types=types).evaluate({}).value is True


def test_unary_tests_accept_named_types() -> None:
    from engine.feel import compile_unary_tests

    tests = compile_unary_tests("? instance of tSmall", types={"tSmall": lambda v: v == D(1)})
    assert tests.evaluate(D(1), {}).value is True


def test_dotted_declared_name_reads_its_own_variable_or_else_the_path() -> None:
    expr = compile_expression("Person.Gender", names=("Person.Gender",))
    assert expr.evaluate({"Person.Gender": "F"}).value == "F"
    assert expr.evaluate({"Person": {"Gender": "M"}}).value == "M"
    missing = expr.evaluate({})
    assert missing.value is None
    assert missing.warnings == ("No variable found with name 'Person.Gender'",)
