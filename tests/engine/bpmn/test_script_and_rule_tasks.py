"""Script tasks with FEEL expressions and business rule tasks calling DMN decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.testing import RecordStream, assert_that, deploy_and_start, deploy_resources, process

DIAGRAMS = Path(__file__).parent / "diagrams"


def test_script_task_feel_result_variable(engine: Any) -> None:
    """A script task with a FEEL expression stores the result in its result variable and completes.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#feel-expression"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression="= price * quantity", result_variable="total")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"price": 25, "quantity": 4})
    assert_that(engine, pi).is_completed().has_variable("total", 100)


def test_script_task_creates_no_job(engine: Any) -> None:
    """A FEEL script task is evaluated by the engine: no job is created.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#feel-expression"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression="= 1", result_variable="r")
        .end_event("e")
    )
    deploy_and_start(engine, builder)
    assert RecordStream.of(engine).events().of_type("JOB").intents() == []


def test_script_task_context_result(engine: Any) -> None:
    """The result may be any FEEL value, e.g. a context, stored as a JSON object.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#feel-expression"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression="= {name: applicant, large: amount > 100}", result_variable="summary")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"applicant": "区卫健局", "amount": 500})
    assert_that(engine, pi).has_variable("summary", {"name": "区卫健局", "large": True})


def test_script_task_result_propagates_to_process(engine: Any) -> None:
    """The result variable is set like a completion variable: propagated to the process scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#feel-expression"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: (
                s.start_event("ss")
                .script_task("calc", expression="= 2 * 21", result_variable="answer")
                .end_event("se")
            ),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_variable("answer", 42)


def test_script_task_output_mapping(engine: Any) -> None:
    """With output mappings the result variable is local and only the mapped values are propagated.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#variable-mappings"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression="= 3", result_variable="raw", outputs={"doubled": "= raw * 2"})
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_variable("doubled", 6).has_no_variable("raw")


def test_script_task_date_arithmetic(engine: Any) -> None:
    """FEEL temporal values are stored as their ISO strings.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#feel-expression"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression='= date("2026-09-30") + duration("P5D")', result_variable="due")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).has_variable("due", "2026-10-05")


def test_business_rule_task_evaluates_decision(engine: Any) -> None:
    """A business rule task with a called decision evaluates it and stores the result.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/#defining-a-called-decision"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": 6000000})
    assert_that(engine, pi).is_completed().has_variable("route", "expert-review")


def test_business_rule_task_writes_decision_evaluation(engine: Any) -> None:
    """Evaluating the decision writes a DECISION_EVALUATION EVALUATED record for the instance.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": 10})
    record = RecordStream.of(engine).events().of_type("DECISION_EVALUATION").first()
    assert record.intent == "EVALUATED"
    assert record.value["decisionId"] == "route"
    assert record.value["processInstanceKey"] == pi.key
    assert_that(engine, pi).has_variable("route", "simple")


def test_business_rule_task_missing_decision_raises_incident(engine: Any) -> None:
    """Calling a decision that is not deployed raises a CALLED_DECISION_ERROR incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="nowhere", result_variable="r")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).has_incident("CALLED_DECISION_ERROR", "decide")


def test_business_rule_incident_resolved_after_deploying_decision(engine: Any) -> None:
    """After deploying the missing decision, resolving the incident evaluates it.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"amount": 5})
    incident = assert_that(engine, pi).incident("CALLED_DECISION_ERROR")
    deploy_resources(engine, DIAGRAMS / "route.dmn")
    engine.resolve_incident(incident.key)
    assert_that(engine, pi).is_completed().has_variable("route", "simple")


def test_decision_no_match_unique_gives_null(engine: Any) -> None:
    """A UNIQUE table without a matching rule gives null (not an incident).
    https://docs.camunda.io/docs/components/modeler/dmn/decision-table-hit-policy/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": None})
    assert_that(engine, pi).is_completed().has_variable("route", None)


def test_evaluate_decision_directly(engine: Any) -> None:
    """A deployed decision can be evaluated on its own (EvaluateDecision).
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#evaluatedecision-rpc"""
    deploy_resources(engine, DIAGRAMS / "route.dmn")
    result = engine.evaluate_decision(decision_id="route", variables={"amount": 2000000})
    assert result.output == "expert-review"
