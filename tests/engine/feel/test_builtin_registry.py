"""The built-in table: which names exist, how an overload is chosen, built-ins as function values."""

from decimal import Decimal
from typing import Any

import pytest

from engine.feel.builtins import BUILTIN_NAMES, get_builtin, invoke_builtin
from engine.feel.values import FeelFunction, Warnings

# Camunda 8.8 ships feel-scala 1.19: its built-ins, plus DMN 1.4/1.5's is, range and list replace
CAMUNDA_8_8 = {
    "not", "is defined", "get or else", "assert",
    "get entries", "get value", "context put", "put", "context merge", "put all", "context",
    "date", "date and time", "time", "number", "string", "duration", "years and months duration",
    "list contains", "count", "min", "max", "sum", "product", "mean", "median", "stddev", "mode",
    "and", "all", "or", "any", "sublist", "append", "concatenate", "insert before", "remove",
    "reverse", "index of", "union", "distinct values", "duplicate values", "flatten", "sort",
    "string join", "is empty", "partition",
    "decimal", "floor", "ceiling", "abs", "modulo", "sqrt", "log", "exp", "odd", "even",
    "round up", "round down", "round half up", "round half down", "random number",
    "before", "after", "meets", "met by", "overlaps", "overlaps before", "overlaps after",
    "finishes", "finished by", "includes", "during", "starts", "started by", "coincides",
    "substring", "string length", "upper case", "lower case", "substring before", "substring after",
    "replace", "contains", "starts with", "ends with", "matches", "split", "extract", "trim",
    "uuid", "to base64", "is blank",
    "now", "today", "day of year", "day of week", "month of year", "week of year", "last day of month",
}  # fmt: skip


def test_builtin_names_are_camunda_8_8s_plus_dmn_1_5s() -> None:
    extra = BUILTIN_NAMES - CAMUNDA_8_8
    assert extra == {"is", "range", "list replace"}
    assert CAMUNDA_8_8 <= BUILTIN_NAMES


@pytest.mark.parametrize("name", ["to json", "from json", "from base64"])
def test_functions_of_later_camunda_versions_are_absent(name: str) -> None:
    assert name not in BUILTIN_NAMES


def test_unknown_function_is_null_and_warns() -> None:
    warnings = Warnings()
    assert invoke_builtin("frobnicate", [], None, warnings) is None
    assert warnings.messages == ["no function found with name 'frobnicate'"]


def test_positional_call_picks_the_overload_by_count() -> None:
    warnings = Warnings()
    assert invoke_builtin("substring", ["foobar", Decimal(2)], None, warnings) == "oobar"
    assert invoke_builtin("substring", ["foobar", Decimal(2), Decimal(2)], None, warnings) == "oo"
    assert warnings.messages == []


def test_positional_call_with_no_fitting_count_says_so() -> None:
    warnings = Warnings()
    assert invoke_builtin("substring", ["foobar"], None, warnings) is None
    assert warnings.messages == ["no function found with name 'substring' and 1 parameters"]


def test_named_call_fills_unset_parameters_with_null() -> None:
    warnings = Warnings()
    value = invoke_builtin("number", None, {"from": "1,5", "decimal separator": ","}, warnings)
    assert value == Decimal("1.5")
    assert warnings.messages == []


def test_named_call_with_an_unknown_name_lists_the_names() -> None:
    warnings = Warnings()
    assert invoke_builtin("substring", None, {"text": "a", "start position": Decimal(1)}, warnings) is None
    assert warnings.messages == [
        "no function found with name 'substring' and parameters: text, start position"
    ]


def test_named_arguments_win_over_positional_ones() -> None:
    warnings = Warnings()
    assert invoke_builtin("upper case", ["ignored"], {"string": "used"}, warnings) == "USED"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([[Decimal(1), Decimal(5)]], Decimal(5)),
        ([Decimal(1), Decimal(5)], Decimal(5)),
        ([Decimal(7)], Decimal(7)),
    ],
)
def test_varargs_take_a_list_or_the_items(args: list[Any], expected: Any) -> None:
    assert invoke_builtin("max", args, None, Warnings()) == expected


def test_varargs_after_fixed_parameters_are_gathered() -> None:
    value = invoke_builtin("append", [[Decimal(1)], [Decimal(2)], Decimal(3)], None, Warnings())
    assert value == [Decimal(1), [Decimal(2)], Decimal(3)]


def test_illegal_arguments_are_listed_in_the_warning() -> None:
    warnings = Warnings()
    assert invoke_builtin("string length", [Decimal(3)], None, warnings) is None
    assert warnings.messages == ["failed to invoke function 'string length': illegal arguments: 3"]


def test_a_builtin_as_a_function_value() -> None:
    function = get_builtin("string length")
    assert isinstance(function, FeelFunction)
    assert function.name == "string length"
    assert list(function.params) == ["string"]
    assert function.invoke(["abc"], Warnings()) == Decimal(3)


def test_a_builtin_value_exposes_its_longest_parameter_list() -> None:
    function = get_builtin("substring")
    assert function is not None
    assert list(function.params) == ["string", "start position", "length"]
    assert function.invoke(["foobar", Decimal(4)], Warnings()) == "bar"


def test_sort_with_a_builtin_as_precedes() -> None:
    before = get_builtin("before")
    value = invoke_builtin("sort", [[Decimal(3), Decimal(1), Decimal(2)], before], None, Warnings())
    assert value == [Decimal(1), Decimal(2), Decimal(3)]


def test_get_builtin_of_an_unknown_name_is_none() -> None:
    assert get_builtin("frobnicate") is None
