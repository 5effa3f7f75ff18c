"""The shape of a decision result (evaluated decisions, inputs, matched rules, outputs), as Zeebe reports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dmn_builders import decision_table, definitions

from engine.dmn import DecisionEvaluationError, EvaluatedInput, EvaluatedOutput, MatchedRule, parse_dmn

ROUTE = definitions(
    '<inputData id="amount_input" name="amount"><variable name="amount" typeRef="number"/></inputData>'
    + decision_table(
        "FIRST",
        ["amount"],
        ["needsStudy", "reviewers"],
        [
            ("study", [">= 5000000"], ["true", "3"], "LG-11-3"),
            ("simple", ["-"], ["false", "1"]),
        ],
        decision_id="route",
        extra='<informationRequirement><requiredInput href="#amount_input"/></informationRequirement>',
    )
    + '<decision id="summary" name="Route Summary">'
    '<informationRequirement><requiredDecision href="#route"/></informationRequirement>'
    '<literalExpression><text>if route.needsStudy then "study" else "simple"</text></literalExpression>'
    "</decision>"
)


def test_required_decisions_come_first_and_the_asked_decision_last() -> None:
    result = parse_dmn(ROUTE, "route.dmn").evaluate("summary", {"amount": 6000000})
    assert result.output == "study"
    assert (result.decision_id, result.decision_name) == ("summary", "Route Summary")
    assert [(d.decision_id, d.decision_type) for d in result.evaluated_decisions] == [
        ("route", "DECISION_TABLE"),
        ("summary", "LITERAL_EXPRESSION"),
    ]


def test_decision_table_audit_lists_inputs_and_matched_rules() -> None:
    table = parse_dmn(ROUTE, "route.dmn").evaluate("route", {"amount": 6000000}).evaluated_decisions[-1]
    assert table.output == {"needsStudy": True, "reviewers": Decimal(3)}
    assert table.inputs == [EvaluatedInput("i1", "amount", Decimal(6000000))]
    assert table.matched_rules == [
        MatchedRule(
            "study",
            1,
            "LG-11-3",
            [EvaluatedOutput("o1", "needsStudy", True), EvaluatedOutput("o2", "reviewers", Decimal(3))],
        )
    ]


def test_rule_index_is_one_based_and_annotation_absent_when_not_given() -> None:
    table = parse_dmn(ROUTE, "route.dmn").evaluate("route", {"amount": 10}).evaluated_decisions[-1]
    assert [(r.rule_id, r.rule_index, r.annotation) for r in table.matched_rules] == [("simple", 2, None)]


def test_decision_can_be_asked_by_name() -> None:
    assert parse_dmn(ROUTE, "route.dmn").evaluate("Route Summary", {"amount": 1}).output == "simple"


def test_unknown_decision_is_an_evaluation_error() -> None:
    with pytest.raises(DecisionEvaluationError, match="no decision found"):
        parse_dmn(ROUTE, "route.dmn").evaluate("nope", {})


def test_input_data_of_the_wrong_type_becomes_null() -> None:
    result = parse_dmn(ROUTE, "route.dmn").evaluate("route", {"amount": "a lot"})
    assert result.evaluated_decisions[-1].inputs[0].value is None
    assert result.output == {"needsStudy": False, "reviewers": Decimal(1)}


def test_failure_in_a_required_decision_names_that_decision() -> None:
    xml = definitions(
        decision_table(
            "UNIQUE", ["x"], ["r"], [("a", ["< 10"], ["1"]), ("b", ["< 20"], ["2"])], decision_id="inner"
        )
        + '<decision id="outer" name="outer"><informationRequirement><requiredDecision href="#inner"/>'
        "</informationRequirement><literalExpression><text>inner + 1</text></literalExpression></decision>"
    )
    with pytest.raises(DecisionEvaluationError) as caught:
        parse_dmn(xml, "t.dmn").evaluate("outer", {"x": 1})
    assert caught.value.decision_id == "inner"
    assert [d.decision_id for d in caught.value.evaluated_decisions] == ["inner"]


def test_description_serves_as_annotation_when_there_is_no_annotation_entry() -> None:
    xml = definitions(decision_table("UNIQUE", ["x"], ["r"], [("a", ["-"], ["1"])])).replace(
        '<rule id="a">', '<rule id="a"><description>HY-3-2 review deadline</description>'
    )
    table = parse_dmn(xml, "t.dmn").evaluate("d", {"x": 1}).evaluated_decisions[-1]
    assert table.matched_rules[0].annotation == "HY-3-2 review deadline"
