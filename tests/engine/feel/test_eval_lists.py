"""Lists: filters, indexes, paths over lists, for loops, quantifiers."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from engine.feel import compile_expression, evaluate_expression

ITEMS = [
    {"name": "server", "price": D(300)},
    {"name": "licence", "price": D(80)},
    {"name": "storage", "price": D(150)},
]


def value(text: str, **scope: Any) -> Any:
    return compile_expression(text, names=tuple(scope)).evaluate(scope).value


def numbers(*values: int) -> list[D]:
    return [D(v) for v in values]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2, 3][item > 1]", numbers(2, 3)),
        ("[1, 2, 3][item > 5]", []),
        ("[1, 2, 3][1]", D(1)),
        ("[1, 2, 3][3]", D(3)),
        ("[1, 2, 3][-1]", D(3)),
        ("[1, 2, 3][-3]", D(1)),
        ("[1, 2, 3][0]", None),
        ("[1, 2, 3][4]", None),
        ("[1, 2, 3][-4]", None),
        ("[1, 2, 3][1e999999999]", None),
        ("[1, 2, 3][1.5]", None),
        ("[][item > 1]", []),
        ("[[1, 2], [3]][1][2]", D(2)),
        ("[1, 2, null, 4][item > 2]", numbers(4)),
        ("[1, 2, null][item = null]", [None]),
        ('[1, 2, 3]["not a condition"]', []),
        ("[1, 2, 3, 4][if item < 3 then true else null]", numbers(1, 2)),
        ("[{a: 1}, {a: 2}][a > 1]", [{"a": D(2)}]),
        ("[{a: 1}, {a: 2}][item.a > 1]", [{"a": D(2)}]),
        ("[{a: 1}, {a: 2}].a", numbers(1, 2)),
        ("[{a: {b: 1}}, {a: {b: 2}}].a.b", numbers(1, 2)),
        ("[{a: 1}, {a: 2}][a > 1].a", numbers(2)),
        ("[{a: 1}, {a: 2}][a > 1].a[1]", D(2)),
        ("[1, 2, 3][item >= x]", numbers(2, 3)),
        ("[10, 20, 30][x]", D(20)),
    ],
)
def test_filters_and_paths(text: str, expected: Any) -> None:
    assert value(text, x=D(2)) == expected


def test_filter_and_path_over_scope_data() -> None:
    assert value("items[price > 100].name", items=ITEMS) == ["server", "storage"]
    assert value('items[name = "licence"].price[1]', items=ITEMS) == D(80)
    assert value("count(items[price > 100])", items=ITEMS) == D(2)


@pytest.mark.parametrize("text", ["x[1]", "x[item > 1]", "y[1]"])
def test_filter_on_a_non_list_is_null_with_a_warning(text: str) -> None:
    result = compile_expression(text).evaluate({"x": D(5)})
    assert result.value is None
    assert any("Expected list" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for i in [1, 2, 3] return i * 2", numbers(2, 4, 6)),
        ("for i in 1..3 return i", numbers(1, 2, 3)),
        ("for i in 3..1 return i", numbers(3, 2, 1)),
        ("for i in 1..n return i * i", numbers(1, 4, 9)),
        ("for i in [1, 2], j in [10, 20] return i + j", numbers(11, 21, 12, 22)),
        ("for i in 1..3, j in 1..i return j", numbers(1, 1, 2, 1, 2, 3)),
        ("for i in [] return i", []),
        ("for x in [[1, 2], [3]] return count(x)", numbers(2, 1)),
        ("for i in 0..4 return if i = 0 then 1 else i * partial[-1]", numbers(1, 1, 2, 6, 24)),
        ("for i in [1..3] return i", numbers(1, 2, 3)),
        ("for i in (1..4) return i", numbers(2, 3)),
        ("for item in [{a: 1}, {a: 2}] return item.a", numbers(1, 2)),
        (
            'for d in @"2026-01-30"..@"2026-02-01" return d',
            [dt.date(2026, 1, 30), dt.date(2026, 1, 31), dt.date(2026, 2, 1)],
        ),
    ],
)
def test_for_loops(text: str, expected: Any) -> None:
    assert value(text, n=D(3)) == expected


@pytest.mark.parametrize("text", ["for i in 5 return i", "for i in x return i", "for i in [2..1] return i"])
def test_for_over_a_non_list_is_null_with_a_warning(text: str) -> None:
    result = evaluate_expression(text)
    assert result.value is None
    assert result.warnings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("some x in [1, 2, 3] satisfies x > 2", True),
        ("some x in [1, 2, 3] satisfies x > 3", False),
        ("every x in [1, 2, 3] satisfies x > 0", True),
        ("every x in [1, 2, 3] satisfies x > 1", False),
        ("some x in [] satisfies x > 0", False),
        ("every x in [] satisfies x > 0", True),
        ("some x in [1, 2], y in [2, 3] satisfies x = y", True),
        ("every x in [1, 2], y in [3, 4] satisfies x < y", True),
        ("some x in 1..5 satisfies x = 4", True),
        ("some x in [1, null] satisfies x > 1", None),
        ("some x in [null, 2] satisfies x > 1", True),
        ("every x in [1, null] satisfies x > 0", None),
        ("every x in [null, 0] satisfies x > 0", False),
        ("some x in 5 satisfies x > 1", None),
    ],
)
def test_quantifiers(text: str, expected: Any) -> None:
    assert value(text) is expected


def test_list_with_a_missing_variable_holds_null() -> None:
    result = evaluate_expression("[1, x]")
    assert result.value == [D(1), None]
    assert result.warnings == ("No variable found with name 'x'",)


def test_filter_items_that_are_contexts_shadow_item_only_by_their_own_entries() -> None:
    scope = {"rows": [{"item": D(1), "v": D(2)}, {"v": D(3)}]}
    assert value("rows[item = 1].v", **scope) == [D(2)]
    assert value("rows[v > 2]", **scope) == [{"v": D(3)}]


def test_a_function_called_inside_a_filter_sees_the_current_item() -> None:
    assert value("[1, 2, 3][(function() item > 1)()]") == [D(2), D(3)]
