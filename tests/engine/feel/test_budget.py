"""Every FEEL evaluation runs under a step, size and time budget (issue #18, item 4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engine.dmn import parse_dmn
from engine.dmn.errors import DecisionEvaluationError
from engine.feel import budget, compile_expression, evaluate_expression


@pytest.fixture
def tight() -> Iterator[budget.Limits]:
    limits = budget.Limits(steps=20_000, items=5_000, characters=50_000, seconds=0.3)
    previous = budget.configure(limits)
    yield limits
    budget.configure(previous)


def _exceeds(text: str, scope: dict[str, object] | None = None) -> budget.BudgetExceeded:
    with pytest.raises(budget.BudgetExceeded) as caught:
        evaluate_expression(text, scope)
    return caught.value


def test_nested_iteration_over_large_ranges_exceeds_the_step_budget(tight: budget.Limits) -> None:
    exceeded = _exceeds("for i in 1..20000, j in 1..20000 return i * j")
    assert exceeded.budget == "步数"
    assert "20000 步" in str(exceeded)


def test_a_range_is_charged_before_it_is_built(tight: budget.Limits) -> None:
    assert _exceeds("count(for i in 1..5000000 return i)").budget == "步数"


def test_filter_and_quantifiers_are_charged_per_item(tight: budget.Limits) -> None:
    items = list(range(4_000))
    assert _exceeds("for x in xs return xs[item > x]", {"xs": items}).budget == "步数"
    assert _exceeds("every x in xs satisfies some y in xs satisfies y >= x", {"xs": items}).budget == "步数"


def test_recursion_without_end_in_breadth_exceeds_the_step_budget(tight: budget.Limits) -> None:
    exceeded = _exceeds("{fib: function(n) if n < 2 then n else fib(n - 1) + fib(n - 2), r: fib(40)}.r")
    assert exceeded.budget in {"步数", "时间"}


def test_string_doubling_exceeds_the_size_budget(tight: budget.Limits) -> None:
    exceeded = _exceeds('{f: function(s, n) if n = 0 then s else f(s + s, n - 1), r: f("x", 40)}.r')
    assert exceeded.budget == "字符串长度"


def test_list_built_by_a_function_exceeds_the_size_budget(tight: budget.Limits) -> None:
    doubling = "{f: function(l, n) if n = 0 then l else f(concatenate(l, l), n - 1), r: f([1], 30)}.r"
    exceeded = _exceeds(doubling)
    assert exceeded.budget in {"列表长度", "步数"}


def test_backtracking_pattern_stops_at_the_time_budget(tight: budget.Limits) -> None:
    exceeded = _exceeds('split(x, "\\s*[,，、]\\s*")', {"x": " " * 60_000})
    assert exceeded.budget == "时间"
    assert "0.3 秒" in str(exceeded)


def test_patterns_keep_their_results_within_the_budget(tight: budget.Limits) -> None:
    assert evaluate_expression('split("a, b，c、d", "\\s*[,，、]\\s*")').value == ["a", "b", "c", "d"]
    assert evaluate_expression('matches(x, "(a+)+$")', {"x": "a" * 27 + "!"}).value is False
    swapped = evaluate_expression('replace("2026-12-07", "(\\d+)-(\\d+)-(\\d+)", "$3.$2.$1")')
    assert swapped.value == "07.12.2026"
    assert evaluate_expression('extract("a1b22c333", "\\d+")').value == ["1", "22", "333"]


def test_each_evaluation_gets_a_fresh_budget(tight: budget.Limits) -> None:
    expression = compile_expression("count(for i in 1..n return i)", ["n"])
    for _ in range(10):
        # 3,000 steps each: ten of them together would exceed one budget of 20,000
        assert expression.evaluate({"n": compile_expression("3000").evaluate().value}).value == 3000


def test_a_decision_and_its_table_share_one_budget(tight: budget.Limits) -> None:
    rules = "".join(
        f'<rule id="r{i}"><inputEntry id="i{i}"><text>count(for x in 1..1000 return x) = {i}</text>'
        f'</inputEntry><outputEntry id="o{i}"><text>"{i}"</text></outputEntry></rule>'
        for i in range(40)
    )
    dmn = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" '
        'namespace="http://example.org/d"><decision id="big" name="big">'
        '<decisionTable id="t" hitPolicy="COLLECT">'
        '<input id="in"><inputExpression id="e"><text>1</text></inputExpression></input>'
        f'<output id="out" name="o"/>{rules}</decisionTable></decision></definitions>'
    )
    model = parse_dmn(dmn.encode())
    # every rule alone stays far inside the budget; forty of them together do not
    with pytest.raises(DecisionEvaluationError, match="步数预算"):
        model.evaluate("big", {})
