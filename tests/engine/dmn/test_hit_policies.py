"""Every hit policy, as dmn-scala (Camunda 8) applies it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from dmn_builders import decision_table, definitions

from engine.dmn import DecisionEvaluationError, parse_dmn

# Three overlapping rules over one input: x < 10, x < 20, x < 30.
RULES = [
    ("small", ["< 10"], ['"low"', "1"]),
    ("medium", ["< 20"], ['"mid"', "2"]),
    ("large", ["< 30"], ['"high"', "3"]),
]


def evaluate(hit_policy: str, x: int, *, aggregation: str | None = None, outputs: int = 2, **kw: Any) -> Any:
    names = ["level", "score"][:outputs]
    rules = [(rid, entries, results[:outputs]) for rid, entries, results in RULES]
    xml = definitions(decision_table(hit_policy, ["x"], names, rules, aggregation=aggregation, **kw))
    return parse_dmn(xml, "t.dmn").evaluate("d", {"x": x})


def test_unique_single_match() -> None:
    assert evaluate("UNIQUE", 25).output == {"level": "high", "score": Decimal(3)}


def test_unique_no_match_is_null() -> None:
    assert evaluate("UNIQUE", 99).output is None


def test_unique_with_several_matches_is_an_evaluation_error() -> None:
    with pytest.raises(DecisionEvaluationError) as caught:
        evaluate("UNIQUE", 15)
    assert caught.value.decision_id == "d"
    assert caught.value.message.startswith(
        "Expected to evaluate decision 'd', but multiple values aren't allowed for UNIQUE hit policy"
    )
    [failed] = caught.value.evaluated_decisions  # Zeebe still reports what the table evaluated
    assert [r.rule_id for r in failed.matched_rules] == ["medium", "large"]
    assert failed.inputs[0].value == 15
    assert failed.output is None


def test_first_takes_the_first_match_in_rule_order() -> None:
    result = evaluate("FIRST", 5)
    assert result.output == {"level": "low", "score": Decimal(1)}
    assert [r.rule_id for r in result.evaluated_decisions[-1].matched_rules] == ["small"]


def test_any_with_equal_outputs() -> None:
    xml = definitions(
        decision_table("ANY", ["x"], ["r"], [("a", ["< 10"], ['"yes"']), ("b", ["< 20"], ['"yes"'])])
    )
    assert parse_dmn(xml, "t.dmn").evaluate("d", {"x": 1}).output == "yes"


def test_any_with_different_outputs_is_an_evaluation_error() -> None:
    with pytest.raises(DecisionEvaluationError, match="ANY"):
        evaluate("ANY", 5)


def test_priority_follows_the_output_values_order() -> None:
    result = evaluate("PRIORITY", 5, outputs=1, output_values=['"mid","high","low"'])
    assert result.output == "mid"


def test_output_order_sorts_by_output_values() -> None:
    result = evaluate("OUTPUT ORDER", 5, outputs=1, output_values=['"high","low","mid"'])
    assert result.output == ["high", "low", "mid"]


def test_rule_order_lists_matches_in_rule_order() -> None:
    assert evaluate("RULE ORDER", 15, outputs=1).output == ["mid", "high"]


def test_collect_without_aggregation_lists_compound_outputs() -> None:
    assert evaluate("COLLECT", 15).output == [
        {"level": "mid", "score": Decimal(2)},
        {"level": "high", "score": Decimal(3)},
    ]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [("SUM", Decimal(6)), ("MIN", Decimal(1)), ("MAX", Decimal(3)), ("COUNT", Decimal(3))],
)
def test_collect_aggregations(aggregation: str, expected: Decimal) -> None:
    rules = [(rid, entries, results[1:]) for rid, entries, results in RULES]
    xml = definitions(decision_table("COLLECT", ["x"], ["score"], rules, aggregation=aggregation))
    assert parse_dmn(xml, "t.dmn").evaluate("d", {"x": 1}).output == expected


def test_collect_sum_of_non_numbers_is_an_evaluation_error() -> None:
    rules = [(rid, entries, results[:1]) for rid, entries, results in RULES]
    xml = definitions(decision_table("COLLECT", ["x"], ["level"], rules, aggregation="SUM"))
    with pytest.raises(DecisionEvaluationError, match="expected number"):
        parse_dmn(xml, "t.dmn").evaluate("d", {"x": 1})


def test_no_match_uses_default_output_entries() -> None:
    xml = definitions(decision_table("UNIQUE", ["x"], ["r"], [("a", ["< 10"], ['"low"'])])).replace(
        '<output id="o1" name="r">',
        '<output id="o1" name="r"><defaultOutputEntry><text>"none"</text></defaultOutputEntry>',
    )
    result = parse_dmn(xml, "t.dmn").evaluate("d", {"x": 50})
    assert result.output == "none"
    assert result.evaluated_decisions[-1].matched_rules == []


def test_dash_and_empty_entries_match_anything() -> None:
    xml = definitions(decision_table("UNIQUE", ["x", "y"], ["r"], [("a", ["-", ""], ['"any"'])]))
    assert parse_dmn(xml, "t.dmn").evaluate("d", {"x": 1, "y": "z"}).output == "any"
