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
    assert table.inputs == [EvaluatedInput("route_i1", "amount", Decimal(6000000))]
    assert table.matched_rules == [
        MatchedRule(
            "study",
            1,
            "LG-11-3",
            [
                EvaluatedOutput("route_o1", "needsStudy", True),
                EvaluatedOutput("route_o2", "reviewers", Decimal(3)),
            ],
        )
    ]


def test_rule_index_is_one_based_and_annotation_absent_when_not_given() -> None:
    table = parse_dmn(ROUTE, "route.dmn").evaluate("route", {"amount": 10}).evaluated_decisions[-1]
    assert [(r.rule_id, r.rule_index, r.annotation) for r in table.matched_rules] == [("simple", 2, None)]


def test_model_names_its_decisions_and_requirements_graph() -> None:
    model = parse_dmn(ROUTE, "route.dmn")
    assert (model.id, model.name, model.source_name) == ("defs", "test", "route.dmn")
    assert {d.id: d.name for d in model.decisions.values()} == {"route": "route", "summary": "Route Summary"}


def test_decision_can_be_asked_by_name() -> None:
    assert parse_dmn(ROUTE, "route.dmn").evaluate("Route Summary", {"amount": 1}).output == "simple"


def test_unknown_decision_is_an_evaluation_error() -> None:
    with pytest.raises(DecisionEvaluationError) as caught:
        parse_dmn(ROUTE, "route.dmn").evaluate("nope", {})
    assert (
        caught.value.message == "Expected to evaluate decision 'nope', but no decision found with id 'nope'"
    )


def test_output_and_input_names_as_zeebe_reports_them() -> None:
    xml = definitions(decision_table("UNIQUE", ["amount * 100 + a very long expression text"], ["days"], []))
    xml = xml.replace('label="amount * 100 + a very long expression text"', "")
    xml = xml.replace('name="days">', 'name="days" label="Review days">')
    xml = xml.replace(
        "</decisionTable>",
        '<rule id="r"><inputEntry><text>-</text></inputEntry>'
        "<outputEntry><text>5</text></outputEntry></rule></decisionTable>",
    )
    table = parse_dmn(xml, "t.dmn").evaluate("d", {"amount": 1, "a very long expression text": 1})
    decision = table.evaluated_decisions[0]
    assert decision.inputs[0].input_name == "amount * 100 + a very long exp"
    assert decision.matched_rules[0].outputs[0].output_name == "Review days"


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
    assert caught.value.message.startswith("Expected to evaluate decision 'outer', but multiple values")
    assert [d.decision_id for d in caught.value.evaluated_decisions] == ["inner"]


def test_description_serves_as_annotation_when_there_is_no_annotation_entry() -> None:
    xml = definitions(decision_table("UNIQUE", ["x"], ["r"], [("a", ["-"], ["1"])])).replace(
        '<rule id="a">', '<rule id="a"><description>HY-3-2 review deadline</description>'
    )
    table = parse_dmn(xml, "t.dmn").evaluate("d", {"x": 1}).evaluated_decisions[-1]
    assert table.matched_rules[0].annotation == "HY-3-2 review deadline"


ALLOWED = definitions(
    '<itemDefinition name="tRegion"><typeRef>string</typeRef>'
    '<allowedValues><text>"LG","HY","LZ","TH","YB"</text></allowedValues></itemDefinition>'
    '<itemDefinition name="tAmounts" isCollection="true"><typeRef>number</typeRef></itemDefinition>'
    '<inputData id="region" name="region"><variable name="region" typeRef="tRegion"/></inputData>'
    '<inputData id="amounts" name="amounts"><variable name="amounts" typeRef="tAmounts"/></inputData>'
    '<decision id="d" name="d">'
    '<informationRequirement><requiredInput href="#region"/></informationRequirement>'
    '<informationRequirement><requiredInput href="#amounts"/></informationRequirement>'
    "<literalExpression><text>[region, amounts]</text></literalExpression></decision>"
)


def test_item_definitions_check_allowed_values_and_collections() -> None:
    model = parse_dmn(ALLOWED, "t.dmn")
    assert model.evaluate("d", {"region": "LG", "amounts": [1, 2]}).output == ["LG", [Decimal(1), Decimal(2)]]
    assert model.evaluate("d", {"region": "Beijing", "amounts": 7}).output == [None, [Decimal(7)]]
    assert model.evaluate("d", {"region": ["HY"], "amounts": ["x"]}).output == ["HY", None]


def test_list_hit_policies_without_a_match_give_null_as_in_camunda() -> None:
    for policy in ("COLLECT", "RULE ORDER", "OUTPUT ORDER"):
        xml = definitions(decision_table(policy, ["x"], ["r"], [("a", ["< 0"], ["1"])]))
        assert parse_dmn(xml, "t.dmn").evaluate("d", {"x": 5}).output is None


def test_table_type_refs_do_not_convert_values_as_in_camunda() -> None:
    # Modeler's default typeRef is "string"; Camunda still compares the numbers and returns raw outputs.
    xml = definitions(decision_table("UNIQUE", ["amount"], ["days"], [("r", ["> 5"], ['"7"'])]))
    xml = xml.replace("<inputExpression>", '<inputExpression typeRef="string">')
    xml = xml.replace('<output id="o1" name="days">', '<output id="o1" name="days" typeRef="number">')
    assert parse_dmn(xml, "t.dmn").evaluate("d", {"amount": 10}).output == "7"


def test_failure_inside_a_knowledge_model_fails_the_calling_decision() -> None:
    table = decision_table("UNIQUE", ["x"], ["r"], [("a", ["-"], ["1"]), ("b", ["-"], ["2"])])
    table = table[table.index("<decisionTable") : table.index("</decision>")]
    xml = definitions(
        '<businessKnowledgeModel id="pick" name="pick"><encapsulatedLogic><formalParameter name="x"/>'
        f"{table}</encapsulatedLogic></businessKnowledgeModel>"
        '<decision id="caller" name="caller"><knowledgeRequirement><requiredKnowledge href="#pick"/>'
        "</knowledgeRequirement><literalExpression><text>pick(1) + 1</text></literalExpression></decision>"
    )
    with pytest.raises(DecisionEvaluationError) as caught:
        parse_dmn(xml, "t.dmn").evaluate("caller", {})
    assert caught.value.decision_id == "caller"
    assert "business knowledge model 'pick' failed: multiple values" in caught.value.message


def test_a_required_decision_without_variable_is_in_scope_by_its_id() -> None:
    # Camunda Modeler writes no <variable> for decision tables; dmn-scala then names the result by id.
    xml = definitions(
        decision_table("UNIQUE", ["x"], ["r"], [("a", ["-"], ["5"])], decision_id="Decision_0abc").replace(
            'name="Decision_0abc"', 'name="Base amount"'
        )
        + '<decision id="total" name="Total"><variable name="Total"/><informationRequirement>'
        '<requiredDecision href="#Decision_0abc"/></informationRequirement>'
        "<literalExpression><text>Decision_0abc * 2</text></literalExpression></decision>"
    )
    assert parse_dmn(xml, "t.dmn").evaluate("total", {"x": 1}).output == 10
