"""List built-ins, called directly through the registry."""

from typing import Any

import pytest

from engine.feel.builtins import invoke_builtin
from engine.feel.json_values import from_json
from engine.feel.temporal import to_feel_string
from engine.feel.temporal_parse import parse_temporal_literal
from engine.feel.values import Warnings


def call(name: str, *args: Any, **named: Any) -> tuple[Any, list[str]]:
    warnings = Warnings()
    positional = [from_json(a) for a in args]
    by_name = {k.replace("_", " "): from_json(v) for k, v in named.items()} or None
    return invoke_builtin(name, positional, by_name, warnings), warnings.messages


def render(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else to_feel_string(value)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("list contains", [[1, 2, 3], 2], "true"),
        ("list contains", [[1, 2, 3], 2.0], "true"),
        ("list contains", [[1, None], None], "true"),
        ("list contains", [[1, 2], "2"], "false"),
        ("list contains", [[[1], {"a": 1}], {"a": 1}], "true"),
        ("count", [[1, 2, 3]], "3"),
        ("count", [[]], "0"),
        ("min", [[1, 2, 3]], "1"),
        ("min", [1, 2, 3], "1"),
        ("min", [["b", "a"]], '"a"'),
        ("min", [[]], "null"),
        ("max", [[1, 2, 3]], "3"),
        ("max", [5], "5"),
        ("sum", [[1, 2, 3]], "6"),
        ("sum", [1, 2, 3], "6"),
        ("sum", [[0.1, 0.2]], "0.3"),
        ("sum", [[]], "null"),
        ("product", [[2, 3, 4]], "24"),
        ("product", [2, 3, 4], "24"),
        ("product", [[]], "null"),
        ("mean", [[1, 2, 3]], "2"),
        ("mean", [1, 2, 3, 4], "2.5"),
        ("mean", [[]], "null"),
        ("median", [8, 2, 5, 3, 4], "4"),
        ("median", [[6, 1, 2, 3]], "2.5"),
        ("median", [[]], "null"),
        ("stddev", [2, 4, 7, 5], "2.081665999466132735282297706979931"),
        ("stddev", [[]], "null"),
        ("mode", [6, 3, 9, 6, 6], "[6]"),
        ("mode", [[6, 1, 9, 6, 1]], "[1, 6]"),
        ("mode", [[]], "[]"),
        ("all", [[True, True]], "true"),
        ("all", [[True, False]], "false"),
        ("all", [[]], "true"),
        ("all", [[True, None]], "null"),
        ("all", [[None, False]], "false"),
        ("all", [[True, 1]], "null"),
        ("all", [True, False], "false"),
        ("all", [False], "false"),
        ("and", [[True, True]], "true"),
        ("any", [[False, True]], "true"),
        ("any", [[False, False]], "false"),
        ("any", [[]], "false"),
        ("any", [[False, None]], "null"),
        ("any", [[None, True]], "true"),
        ("or", [False, True], "true"),
        ("sublist", [[4, 5, 6], 1, 2], "[4, 5]"),
        ("sublist", [[4, 5, 6], 2], "[5, 6]"),
        ("sublist", [[4, 5, 6], -2], "[5, 6]"),
        ("sublist", [[4, 5, 6], -2, 1], "[5]"),
        ("sublist", [[4, 5, 6], 2, 10], "[5, 6]"),
        ("append", [[1], 2, 3], "[1, 2, 3]"),
        ("append", [[1], [2]], "[1, [2]]"),
        ("append", [[], None], "[null]"),
        ("concatenate", [[1, 2], [3]], "[1, 2, 3]"),
        ("concatenate", [[1], [], [2, [3]]], "[1, 2, [3]]"),
        ("insert before", [[1, 3], 1, 2], "[2, 1, 3]"),
        ("insert before", [[1, 3], 2, 2], "[1, 2, 3]"),
        ("insert before", [[1, 3], -1, 2], "[1, 2, 3]"),
        ("remove", [[1, 2, 3], 2], "[1, 3]"),
        ("remove", [[1, 2, 3], -1], "[1, 2]"),
        ("remove", [[1, 2, 3], 1], "[2, 3]"),
        ("list replace", [[2, 4, 7, 8], 3, 6], "[2, 4, 6, 8]"),
        ("list replace", [[2, 4, 7, 8], -3, 6], "[2, 6, 7, 8]"),
        ("reverse", [[1, 2, 3]], "[3, 2, 1]"),
        ("index of", [[1, 2, 3, 2], 2], "[2, 4]"),
        ("index of", [[1, 2], 3], "[]"),
        ("union", [[1, 2], [2, 3]], "[1, 2, 3]"),
        ("union", [[1, 2.0], [2]], "[1, 2]"),
        ("distinct values", [[1, 2, 3, 2, 1]], "[1, 2, 3]"),
        ("distinct values", [[{"a": 1}, {"a": 1}, [1], [1]]], "[{a:1}, [1]]"),
        ("duplicate values", [[1, 2, 3, 2, 1]], "[1, 2]"),
        ("duplicate values", [[1, 2, 3]], "[]"),
        ("flatten", [[[1, 2], [[3]], 4]], "[1, 2, 3, 4]"),
        ("flatten", [[]], "[]"),
        ("string join", [["a", "b", "c"]], '"abc"'),
        ("string join", [["a", "b", "c"], ", "], '"a, b, c"'),
        ("string join", [["a", None, "c"], "-"], '"a-c"'),
        ("string join", [[], "-"], '""'),
        ("string join", [["a", "b"], ", ", "[", "]"], '"[a, b]"'),
        ("string join", [["a", "b"], None, "<", ">"], '"<ab>"'),
        ("string join", [["a"], None], '"a"'),
        ("is empty", [[]], "true"),
        ("is empty", [[1]], "false"),
        ("partition", [[1, 2, 3, 4, 5], 2], "[[1, 2], [3, 4], [5]]"),
        ("partition", [[], 2], "[]"),
        # a single value where a list is expected stands for a list of it
        ("list contains", [1, 1], "true"),
        ("count", ["abc"], "1"),
        ("reverse", ["abc"], '["abc"]'),
        ("distinct values", [1], "[1]"),
        ("flatten", ["x"], '["x"]'),
        ("string join", ["a", "X"], '"a"'),
        ("list replace", [1, 1, 5], "[5]"),
    ],
)
def test_list_function(name: str, args: list[Any], expected: str) -> None:
    value, warnings = call(name, *args)
    assert render(value) == expected
    assert warnings == []


def test_min_and_max_of_dates() -> None:
    dates = [parse_temporal_literal(t) for t in ("2026-03-01", "2025-12-31", "2026-01-15")]
    assert render(call("min", dates)[0]) == "2025-12-31"
    assert render(call("max", dates)[0]) == "2026-03-01"


def test_max_of_durations() -> None:
    durations = [parse_temporal_literal(t) for t in ("P2D", "PT50H", "P1D")]
    assert render(call("max", durations)[0]) == "P2DT2H"


class _Function:
    """A FEEL function value for the tests: two parameters, Python callable body."""

    def __init__(self, body: Any, params: tuple[str, ...] = ("x", "y")) -> None:
        self.name = "test function"
        self.params = params
        self._body = body

    def invoke(self, args: Any, warn: Any) -> Any:
        return self._body(*args)


def test_sort_with_a_precedes_function() -> None:
    value, warnings = call("sort", [3, 1, 4, 2], _Function(lambda x, y: x < y))
    assert render(value) == "[1, 2, 3, 4]"
    assert warnings == []
    descending, _ = call("sort", [3, 1, 4, 2], _Function(lambda x, y: x > y))
    assert render(descending) == "[4, 3, 2, 1]"


def test_sort_by_named_arguments_keeps_equal_items_in_order() -> None:
    items = [{"n": 2, "k": "a"}, {"n": 1, "k": "b"}, {"n": 2, "k": "c"}]
    value, _ = call("sort", list=items, precedes=_Function(lambda x, y: x["n"] < y["n"]))
    assert [item["k"] for item in value] == ["b", "a", "c"]


def test_sort_with_a_function_of_one_parameter_fails() -> None:
    value, warnings = call("sort", [2, 1], _Function(lambda x: True, params=("x",)))
    assert value is None
    assert "sort" in warnings[0] and "2 parameters" in warnings[0]


def test_sort_when_precedes_returns_no_boolean_fails() -> None:
    value, warnings = call("sort", [2, 1], _Function(lambda x, y: None))
    assert value is None
    assert "sort" in warnings[0]


def test_list_replace_with_a_match_function_of_one_parameter_fails() -> None:
    value, warnings = call("list replace", [2, 4], _Function(lambda item: True, params=("item",)), 5)
    assert value is None
    assert "list replace" in warnings[0]


def test_list_replace_with_a_match_function() -> None:
    value, warnings = call("list replace", [2, 4, 7, 8], _Function(lambda item, new: item < new), 5)
    assert render(value) == "[5, 5, 7, 8]"
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "named", "expected"),
    [
        ("list contains", {"list": [1, 2], "element": 2}, "true"),
        ("sublist", {"list": [1, 2, 3], "start_position": 2}, "[2, 3]"),
        ("sublist", {"list": [1, 2, 3], "start_position": 2, "length": 1}, "[2]"),
        ("sublist", {"list": [1, 2, 3], "start": 3}, "[3]"),
        ("insert before", {"list": [1, 3], "position": 2, "newItem": 2}, "[1, 2, 3]"),
        ("remove", {"list": [1, 2], "position": 1}, "[2]"),
        ("index of", {"list": [1, 2], "match": 2}, "[2]"),
        ("string join", {"list": ["a", "b"], "delimiter": "+"}, '"a+b"'),
        ("count", {"list": [1]}, "1"),
        ("max", {"list": [1, 5]}, "5"),
        ("partition", {"list": [1, 2, 3], "size": 2}, "[[1, 2], [3]]"),
    ],
)
def test_list_function_with_named_arguments(name: str, named: dict[str, Any], expected: str) -> None:
    value, warnings = call(name, **named)
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("count", [None]),
        ("min", [[1, "a"]]),
        ("max", [[True, False]]),
        ("max", []),
        ("sum", [[1, "a"]]),
        ("sum", ["a"]),
        ("product", [[None]]),
        ("mean", [["a"]]),
        ("median", [[1, None]]),
        ("stddev", [[1]]),
        ("stddev", [["a", "b"]]),
        ("mode", [["a"]]),
        ("sublist", [[1, 2], 0]),
        ("sublist", [[1, 2], "1"]),
        ("sublist", [None, 1]),
        ("append", [None, 1]),
        ("insert before", [[1], 0, 2]),
        ("remove", [[1], 0]),
        ("remove", [[1], None]),
        ("list replace", [[1, 2], 3, 0]),
        ("index of", [None, 1]),
        ("duplicate values", [None]),
        ("sort", [[1], None]),
        ("string join", [["a", 1]]),
        ("string join", [["a"], ", ", "["]),
        ("string join", [["a"], 1]),
        ("is empty", [None]),
        ("partition", [[1, 2], 0]),
        ("partition", [[1, 2], None]),
    ],
)
def test_list_function_with_wrong_arguments_is_null_and_warns(name: str, args: list[Any]) -> None:
    value, warnings = call(name, *args)
    assert value is None
    assert len(warnings) == 1
    assert f"'{name}'" in warnings[0]
