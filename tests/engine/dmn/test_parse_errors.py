"""Models Zeebe would reject at deployment are rejected at parse time, naming file, element and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from dmn_builders import decision_table, definitions

from engine.dmn import DecisionEvaluationError, DmnParseError, parse_dmn


def test_malformed_xml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.dmn"
    path.write_text("<definitions><decision></definitions>")
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(path, source_name="broken.dmn")
    assert str(caught.value).startswith("broken.dmn: invalid XML")


def test_xml_that_is_not_dmn_is_rejected() -> None:
    with pytest.raises(DmnParseError, match="not a DMN model"):
        parse_dmn(b'<definitions xmlns="http://example.com/other"/>', "other.dmn")


def test_entities_are_refused_rather_than_expanded() -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="a" name="a" namespace="n">'
        "&x;</definitions>"
    )
    with pytest.raises(DmnParseError, match="invalid XML"):
        parse_dmn(xml, "evil.dmn")


def test_duplicate_decision_id() -> None:
    body = decision_table("UNIQUE", ["a"], ["r"], [("r1", ["1"], ["1"])], decision_id="sla") * 2
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(definitions(body), "sla.dmn")
    assert str(caught.value) == "sla.dmn: decision 'sla': duplicate decision id"


def test_missing_required_decision() -> None:
    body = (
        '<decision id="route" name="route"><informationRequirement>'
        '<requiredDecision href="#missing"/></informationRequirement>'
        "<literalExpression><text>1</text></literalExpression></decision>"
    )
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(definitions(body), "route.dmn")
    assert str(caught.value) == "route.dmn: decision 'route': required decision '#missing' not found"


def test_unknown_hit_policy() -> None:
    body = decision_table("SOMETIMES", ["a"], ["r"], [("r1", ["1"], ["1"])])
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(definitions(body), "t.dmn")
    assert str(caught.value) == "t.dmn: decisionTable 'd_table': unknown hit policy 'SOMETIMES'"


def test_unknown_aggregation() -> None:
    body = decision_table("COLLECT", ["a"], ["r"], [("r1", ["1"], ["1"])], aggregation="AVERAGE")
    with pytest.raises(DmnParseError, match="unknown aggregation 'AVERAGE'"):
        parse_dmn(definitions(body), "t.dmn")


def test_invalid_feel_in_an_input_entry_names_the_rule() -> None:
    body = decision_table("UNIQUE", ["amount"], ["r"], [("r1", ["> 1"], ["1"]), ("r3", [">>= 1"], ["2"])])
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(definitions(body), "sla.dmn")
    message = str(caught.value)
    assert message.startswith("sla.dmn: rule 'r3': ")
    assert ">>= 1" in message


def test_invalid_feel_in_an_output_entry_names_the_rule() -> None:
    body = decision_table("UNIQUE", ["amount"], ["r"], [("r7", ["1"], ["1 +"])])
    with pytest.raises(DmnParseError, match=r"^t.dmn: rule 'r7': "):
        parse_dmn(definitions(body), "t.dmn")


BROKEN_LITERAL = "<text>(1 +</text></literalExpression>"


def test_invalid_feel_in_a_literal_expression_names_the_decision() -> None:
    body = f'<decision id="calc" name="calc"><literalExpression>{BROKEN_LITERAL}</decision>'
    with pytest.raises(DmnParseError, match=r"^t\.dmn: decision 'calc': "):
        parse_dmn(definitions(body), "t.dmn")


def test_invalid_feel_in_an_identified_literal_expression_names_it() -> None:
    body = f'<decision id="c" name="c"><literalExpression id="le1">{BROKEN_LITERAL}</decision>'
    with pytest.raises(DmnParseError, match=r"^t\.dmn: literalExpression 'le1': "):
        parse_dmn(definitions(body), "t.dmn")


def test_rule_with_the_wrong_number_of_entries() -> None:
    body = decision_table("UNIQUE", ["a", "b"], ["r"], [("r1", ["1"], ["1"])])
    with pytest.raises(DmnParseError, match="rule 'r1': expected 2 input and 1 output entries"):
        parse_dmn(definitions(body), "t.dmn")


def test_compound_output_needs_names() -> None:
    body = decision_table("UNIQUE", ["a"], ["x", "y"], [("r1", ["1"], ["1", "2"])]).replace(' name="y"', "")
    with pytest.raises(
        DmnParseError, match="output 'o2': an output of a table with several outputs needs a name"
    ):
        parse_dmn(definitions(body), "t.dmn")


def test_missing_file() -> None:
    with pytest.raises(DmnParseError, match=r"nowhere\.dmn: cannot read the file"):
        parse_dmn(Path("nowhere.dmn"))


def test_lazy_parse_keeps_invalid_feel_and_fails_only_the_decision_that_uses_it() -> None:
    broken = decision_table("UNIQUE", ["x"], ["r"], [("r9", [">>= 1"], ["1"])], decision_id="broken")
    fine = decision_table("UNIQUE", ["x"], ["r"], [("r1", ["-"], ["2"])], decision_id="fine")
    model = parse_dmn(definitions(broken + fine), "t.dmn", lazy=True)
    assert model.evaluate("fine", {"x": 1}).output == 2
    with pytest.raises(DecisionEvaluationError, match="rule 'r9'") as caught:
        model.evaluate("broken", {"x": 1})
    assert caught.value.decision_id == "broken"


def test_cyclic_decision_requirements() -> None:
    def requiring(decision: str, required: str) -> str:
        return (
            f'<decision id="{decision}" name="{decision}"><informationRequirement>'
            f'<requiredDecision href="#{required}"/></informationRequirement>'
            "<literalExpression><text>1</text></literalExpression></decision>"
        )

    with pytest.raises(DmnParseError, match=r"cyclic decision requirements: a -> b -> a"):
        parse_dmn(definitions(requiring("a", "b") + requiring("b", "a")), "t.dmn")


def test_duplicate_ids_of_other_elements() -> None:
    body = decision_table("UNIQUE", ["a"], ["r"], [("r1", ["1"], ["1"]), ("r1", ["2"], ["2"])])
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(definitions(body), "t.dmn")
    assert str(caught.value) == "t.dmn: rule 'r1': duplicate id"


def test_empty_output_entry_is_rejected_as_zeebe_does() -> None:
    body = decision_table("UNIQUE", ["x"], ["r"], [("r5", ["-"], [""])])
    with pytest.raises(DmnParseError, match=r"^t\.dmn: rule 'r5': the FEEL expression must not be empty"):
        parse_dmn(definitions(body), "t.dmn")


def test_decision_without_logic_is_rejected_unless_lazy() -> None:
    body = '<decision id="empty" name="empty"/>'
    with pytest.raises(DmnParseError, match=r"^t\.dmn: decision 'empty': the decision has no decision logic"):
        parse_dmn(definitions(body), "t.dmn")
    assert parse_dmn(definitions(body), "t.dmn", lazy=True).evaluate("empty", {}).output is None


def test_recursive_knowledge_models_are_rejected_unless_lazy() -> None:
    body = (
        '<businessKnowledgeModel id="fact" name="fact">'
        '<knowledgeRequirement><requiredKnowledge href="#fact"/></knowledgeRequirement>'
        '<encapsulatedLogic><formalParameter name="n"/>'
        "<literalExpression><text>if n &lt;= 1 then 1 else n * fact(n - 1)</text></literalExpression>"
        "</encapsulatedLogic></businessKnowledgeModel>"
        '<decision id="d" name="d">'
        '<knowledgeRequirement><requiredKnowledge href="#fact"/></knowledgeRequirement>'
        "<literalExpression><text>fact(5)</text></literalExpression></decision>"
    )
    with pytest.raises(
        DmnParseError, match=r"business knowledge model 'fact': cyclic knowledge requirements"
    ):
        parse_dmn(definitions(body), "t.dmn")
    assert parse_dmn(definitions(body), "t.dmn", lazy=True).evaluate("d", {}).output == 120


def test_invocation_of_an_unknown_knowledge_model() -> None:
    body = (
        '<decision id="d" name="d"><invocation id="inv"><literalExpression><text>missing</text>'
        "</literalExpression></invocation></decision>"
    )
    with pytest.raises(DmnParseError, match=r"invocation 'inv': no business knowledge model found with name"):
        parse_dmn(definitions(body), "t.dmn")
