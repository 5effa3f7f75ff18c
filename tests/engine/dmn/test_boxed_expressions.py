"""Boxed expressions: contexts, invocations of knowledge models, relations, lists, DMN 1.4 boxed forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dmn_builders import definitions

from engine.dmn import parse_dmn

DMN15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def literal(text: str) -> str:
    return f"<literalExpression><text>{text}</text></literalExpression>"


def decide(body: str, variables: dict[str, Any] | None = None, decision: str = "d", ns: str = DMN15) -> Any:
    return parse_dmn(definitions(body, ns), "t.dmn").evaluate(decision, variables or {}).output


def test_context_entries_see_earlier_entries_and_the_last_unnamed_entry_is_the_result() -> None:
    body = (
        '<decision id="d" name="d"><context>'
        f'<contextEntry><variable name="base"/>{literal("10")}</contextEntry>'
        f'<contextEntry><variable name="double"/>{literal("base * 2")}</contextEntry>'
        f"<contextEntry>{literal('double + 1')}</contextEntry>"
        "</context></decision>"
    )
    assert decide(body) == Decimal(21)


def test_context_without_result_entry_is_a_context() -> None:
    body = (
        '<decision id="d" name="d"><context>'
        f'<contextEntry><variable name="a"/>{literal("1")}</contextEntry>'
        f'<contextEntry><variable name="b"/>{literal("a + 1")}</contextEntry>'
        "</context></decision>"
    )
    assert decide(body) == {"a": Decimal(1), "b": Decimal(2)}


BKM = (
    '<businessKnowledgeModel id="fee" name="fee"><encapsulatedLogic>'
    '<formalParameter name="amount" typeRef="number"/><formalParameter name="rate" typeRef="number"/>'
    f"{literal('amount * rate')}</encapsulatedLogic></businessKnowledgeModel>"
)


def test_invocation_binds_parameters_by_name() -> None:
    body = (
        BKM + '<decision id="d" name="d"><knowledgeRequirement><requiredKnowledge href="#fee"/>'
        "</knowledgeRequirement><invocation><literalExpression><text>fee</text></literalExpression>"
        f'<binding><parameter name="rate"/>{literal("0.5")}</binding>'
        f'<binding><parameter name="amount"/>{literal("100")}</binding>'
        "</invocation></decision>"
    )
    assert decide(body) == Decimal(50)


def test_knowledge_model_is_a_function_in_feel() -> None:
    body = (
        BKM + '<decision id="d" name="d"><knowledgeRequirement><requiredKnowledge href="#fee"/>'
        f"</knowledgeRequirement>{literal('fee(200, 0.1)')}</decision>"
    )
    assert decide(body) == Decimal(20)


def test_relation_is_a_list_of_contexts() -> None:
    body = (
        '<decision id="d" name="d"><relation><column name="region"/><column name="days"/>'
        f"<row>{literal('&quot;LG&quot;')}{literal('5')}</row><row>{literal('&quot;HY&quot;')}{literal('7')}</row>"
        "</relation></decision>"
    )
    assert decide(body) == [{"region": "LG", "days": Decimal(5)}, {"region": "HY", "days": Decimal(7)}]


def test_list() -> None:
    body = f'<decision id="d" name="d"><list>{literal("1")}{literal("1 + 1")}</list></decision>'
    assert decide(body) == [Decimal(1), Decimal(2)]


def test_boxed_conditional() -> None:
    body = (
        '<decision id="d" name="d"><conditional>'
        f"<if>{literal('x > 5')}</if><then>{literal('&quot;big&quot;')}</then>"
        f"<else>{literal('&quot;small&quot;')}</else></conditional></decision>"
    )
    assert decide(body, {"x": 7}) == "big"
    assert decide(body, {"x": 1}) == "small"


def test_boxed_filter_binds_item() -> None:
    body = (
        '<decision id="d" name="d"><filter>'
        f"<in>{literal('[1, 5, 10]')}</in><match>{literal('item > 2')}</match></filter></decision>"
    )
    assert decide(body) == [Decimal(5), Decimal(10)]


def test_boxed_for_some_every() -> None:
    def iterator(kind: str, part: str, body: str) -> str:
        return (
            f'<decision id="d" name="d"><{kind} iteratorVariable="n">'
            f"<in>{literal('[1, 2, 3]')}</in><{part}>{literal(body)}</{part}></{kind}></decision>"
        )

    assert decide(iterator("for", "return", "n * n")) == [Decimal(1), Decimal(4), Decimal(9)]
    assert decide(iterator("some", "satisfies", "n > 2")) is True
    assert decide(iterator("every", "satisfies", "n > 2")) is False


def test_function_definition_closes_over_its_scope() -> None:
    body = (
        '<decision id="d" name="d"><context>'
        f'<contextEntry><variable name="k"/>{literal("3")}</contextEntry>'
        '<contextEntry><variable name="times k"/><functionDefinition><formalParameter name="v"/>'
        f"{literal('v * k')}</functionDefinition></contextEntry>"
        f"<contextEntry>{literal('times k(2)')}</contextEntry>"
        "</context></decision>"
    )
    assert decide(body) == Decimal(6)


SERVICE = (
    '<inputData id="amount" name="amount"/>'
    '<decision id="base" name="base">' + literal("amount * 2") + "</decision>"
    '<decision id="total" name="total"><informationRequirement><requiredDecision href="#base"/>'
    "</informationRequirement>"
    '<informationRequirement><requiredInput href="#amount"/></informationRequirement>'
    f"{literal('base + amount')}</decision>"
    '<decisionService id="svc" name="svc"><outputDecision href="#total"/>'
    '<inputDecision href="#base"/><inputData href="#amount"/></decisionService>'
)


def test_decision_service_takes_input_data_then_input_decisions() -> None:
    body = (
        SERVICE + '<decision id="d" name="d"><knowledgeRequirement><requiredKnowledge href="#svc"/>'
        f"</knowledgeRequirement>{literal('svc(1, 100)')}</decision>"
    )
    assert decide(body) == Decimal(101)


def test_decision_service_invoked_directly() -> None:
    model = parse_dmn(definitions(SERVICE, DMN15), "t.dmn")
    assert model.evaluate_decision_service("svc", {"amount": 1, "base": 10}) == {"total": Decimal(11)}


@pytest.mark.parametrize(
    "namespace",
    [
        "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
        "http://www.omg.org/spec/DMN/20180521/MODEL/",
        "https://www.omg.org/spec/DMN/20191111/MODEL/",
        "https://www.omg.org/spec/DMN/20211108/MODEL/",
        DMN15,
    ],
)
def test_every_dmn_version_namespace(namespace: str) -> None:
    assert decide(f'<decision id="d" name="d">{literal("1 + 2")}</decision>', ns=namespace) == Decimal(3)


def test_imported_model_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "common.dmn").write_text(
        definitions(
            '<itemDefinition name="tAmount"><typeRef>number</typeRef></itemDefinition>'
            '<businessKnowledgeModel id="half" name="half"><encapsulatedLogic>'
            f'<formalParameter name="v"/>{literal("v / 2")}</encapsulatedLogic></businessKnowledgeModel>',
            DMN15,
            "http://govit.test/common",
        )
    )
    (tmp_path / "main.dmn").write_text(
        definitions(
            '<import namespace="http://govit.test/common" name="common" '
            f'importType="{DMN15}"/>'
            '<inputData id="a" name="amount"><variable name="amount" typeRef="common.tAmount"/></inputData>'
            '<decision id="d" name="d">'
            '<informationRequirement><requiredInput href="#a"/></informationRequirement>'
            '<knowledgeRequirement><requiredKnowledge href="http://govit.test/common#half"/>'
            f"</knowledgeRequirement>{literal('common.half(amount)')}</decision>",
            DMN15,
        )
    )
    model = parse_dmn(tmp_path / "main.dmn")
    assert model.evaluate("d", {"amount": 10}).output == Decimal(5)
    assert model.evaluate("d", {"amount": "ten"}).output is None


def test_decision_service_with_several_outputs_is_a_context() -> None:
    body = (
        '<decision id="a" name="a">' + literal("x + 1") + "</decision>"
        '<decision id="b" name="b">' + literal("x * 2") + "</decision>"
        '<inputData id="x" name="x"/>'
        '<decisionService id="svc" name="svc"><outputDecision href="#a"/><outputDecision href="#b"/>'
        '<inputData href="#x"/></decisionService>'
        '<decision id="d" name="d"><knowledgeRequirement><requiredKnowledge href="#svc"/>'
        f"</knowledgeRequirement>{literal('svc(5)')}</decision>"
    )
    assert decide(body) == {"a": Decimal(6), "b": Decimal(10)}


def test_input_data_of_an_imported_model_by_namespace(tmp_path: Path) -> None:
    (tmp_path / "people.dmn").write_text(
        definitions(
            '<inputData id="n" name="name"/>'
            '<decision id="greet" name="greet"><informationRequirement><requiredInput href="#n"/>'
            f"</informationRequirement>{literal('&quot;Hello, &quot; + name')}</decision>",
            DMN15,
            "http://govit.test/people",
        )
    )
    (tmp_path / "main.dmn").write_text(
        definitions(
            f'<import namespace="http://govit.test/people" name="people" importType="{DMN15}"/>'
            '<decision id="d" name="d"><informationRequirement>'
            '<requiredDecision href="http://govit.test/people#greet"/></informationRequirement>'
            f"{literal('people.greet + &quot;!&quot;')}</decision>",
            DMN15,
        )
    )
    model = parse_dmn(tmp_path / "main.dmn")
    result = model.evaluate("d", {}, imported_inputs={"http://govit.test/people": {"name": "Li"}})
    assert result.output == "Hello, Li!"
    assert [d.decision_id for d in result.evaluated_decisions] == ["greet", "d"]


def test_boxed_iterators_and_conditionals_are_unknown_to_zeebe() -> None:
    body = f'<decision id="d" name="d"><list>{literal("1")}</list></decision>'
    model = parse_dmn(definitions(body, DMN15), "t.dmn")
    assert model.evaluate("d", {}).evaluated_decisions[0].decision_type == "LIST"
    body = (
        '<decision id="d" name="d"><for iteratorVariable="n">'
        f"<in>{literal('[1]')}</in><return>{literal('n')}</return></for></decision>"
    )
    model = parse_dmn(definitions(body, DMN15), "t.dmn")
    assert model.evaluate("d", {}).evaluated_decisions[0].decision_type == "UNKNOWN"


def test_instance_of_an_item_definition_checks_its_structure_not_its_allowed_values() -> None:
    body = (
        '<itemDefinition name="tSmall"><typeRef>number</typeRef>'
        "<allowedValues><text>[0..9]</text></allowedValues></itemDefinition>"
        '<itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef></itemComponent>'
        "</itemDefinition>"
        '<decision id="d" name="d">'
        + literal(
            '[12 instance of tSmall, "x" instance of tSmall, {name: "Li", age: 3} instance of tPerson, '
            "{age: 3} instance of tPerson, null instance of tSmall]"
        )
        + "</decision>"
    )
    assert decide(body) == [True, False, True, False, False]
