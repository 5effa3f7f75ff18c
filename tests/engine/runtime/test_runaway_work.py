"""Runaway work in a model becomes an incident on its element, and the engine serves the next command.

The expressions are those that held the single writer for seconds to minutes before evaluations ran
under a budget (issue #18): a script task over 20,000 × 20,000 items, a splitting pattern that
backtracks over 60,000 spaces, a loop of sequence flows with no wait state.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

import pytest

from engine.feel import budget
from engine.runtime import Engine
from engine.runtime.errors import DeploymentRejected
from engine.runtime.processing import MAX_ACTIVATIONS_PER_SCOPE
from tests.engine.runtime.conftest import END, START, bpmn, chain, flow, serves_the_next_command, service


@pytest.fixture
def tight_budget() -> Iterator[budget.Limits]:
    """Small limits, so a runaway evaluation stops within a fraction of a second."""
    limits = budget.Limits(steps=50_000, seconds=0.3)
    previous = budget.configure(limits)
    yield limits
    budget.configure(previous)


def _script(expression: str, result: str = "r", eid: str = "s") -> str:
    return (
        f'<bpmn:scriptTask id="{eid}"><bpmn:extensionElements>'
        f"<zeebe:script expression={quoteattr(expression)} resultVariable={quoteattr(result)}/>"
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )


def _deploy_script(engine: Engine, expression: str) -> None:
    engine.deploy([("p.bpmn", bpmn(START + _script(expression) + END + chain("start", "s", "end")))])


def test_script_task_over_a_product_of_two_large_ranges_becomes_a_step_budget_incident(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    _deploy_script(engine, "=for i in 1..20000, j in 1..20000 return i * j")
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert incident.element_id == "s"
    assert "'s'" in incident.error_message
    assert "步数预算" in incident.error_message
    assert str(tight_budget.steps) in incident.error_message
    serves_the_next_command(engine)


def test_backtracking_split_becomes_a_time_budget_incident(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    # a project form's separator pattern: over a long run of spaces it backtracks quadratically
    _deploy_script(engine, '=split(text, "\\s*[,，、]\\s*")')
    pi = engine.create_instance("p", {"text": " " * 60_000}).key
    [incident] = engine.incidents(pi)
    assert incident.element_id == "s"
    assert "时间预算" in incident.error_message
    serves_the_next_command(engine)


def test_nested_quantifier_pattern_answers_within_the_budget(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    _deploy_script(engine, '=matches(text, "(a+)+$")')
    pi = engine.create_instance("p", {"text": "a" * 27 + "!"}).key
    assert engine.incidents(pi) == []
    assert engine.instance(pi).state == "COMPLETED"
    [result] = [r for r in engine.records if r.value_type == "VARIABLE" and r.value["name"] == "r"]
    assert result.value["value"] == "false"


def test_string_doubled_by_recursion_becomes_a_size_budget_incident(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    _deploy_script(engine, '={f: function(s, n) if n = 0 then s else f(s + s, n - 1), r: f("x", 40)}.r')
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert "字符串长度预算" in incident.error_message
    serves_the_next_command(engine)


def test_runaway_condition_on_a_gateway_becomes_an_incident_on_the_gateway(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    body = (
        START
        + '<bpmn:exclusiveGateway id="g" default="f2"/>'
        + END
        + flow("f0", "start", "g")
        + flow("f1", "g", "end", "=count(for i in 1..1000, j in 1..1000 return i) > 5")
        + flow("f2", "g", "end")
    )
    engine.deploy([("p.bpmn", bpmn(body))])
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert incident.element_id == "g"
    assert "预算" in incident.error_message


def test_resolving_a_budget_incident_evaluates_again_under_a_fresh_budget(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    _deploy_script(engine, "=count(for i in 1..n return i)")
    pi = engine.create_instance("p", {"n": 200_000}).key
    [incident] = engine.incidents(pi)
    engine.set_variables(pi, {"n": 10})
    engine.resolve_incident(incident.key)
    assert engine.incidents(pi) == []
    assert engine.instance(pi).state == "COMPLETED"


def test_loop_with_no_wait_state_becomes_an_incident_and_the_engineserves_the_next_command(
    engine: Engine,
) -> None:
    body = (
        START
        + '<bpmn:exclusiveGateway id="g"/>'
        + _script("=1", eid="again")
        + flow("f0", "start", "g")
        + flow("f1", "g", "again")
        + flow("f2", "again", "g")
    )
    engine.deploy([("p.bpmn", bpmn(body))])
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert incident.element_id in {"g", "again"}
    assert str(MAX_ACTIVATIONS_PER_SCOPE) in incident.error_message
    assert "等待状态" in incident.error_message
    serves_the_next_command(engine)


def test_a_multi_instance_over_many_items_is_not_taken_for_a_loop(engine: Engine) -> None:
    items = MAX_ACTIVATIONS_PER_SCOPE + 5
    task = (
        '<bpmn:scriptTask id="s"><bpmn:multiInstanceLoopCharacteristics isSequential="false">'
        '<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/>'
        "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>"
        '<bpmn:extensionElements><zeebe:script expression="=item" resultVariable="r"/>'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )
    engine.deploy([("p.bpmn", bpmn(START + task + END + chain("start", "s", "end")))])
    pi = engine.create_instance("p", {"items": list(range(items))}).key
    assert engine.incidents(pi) == []
    assert engine.instance(pi).state == "COMPLETED"


def test_service_task_beside_the_budgets_is_unaffected(engine: Engine, tight_budget: budget.Limits) -> None:
    engine.deploy([("p.bpmn", bpmn(START + service("t", "work") + END + chain("start", "t", "end")))])
    pi = engine.create_instance("p").key
    [job] = engine.activate_jobs("work", "w", 60_000, 1)
    engine.complete_job(job.key, {"done": True})
    assert engine.instance(pi).state == "COMPLETED"


def test_runaway_timer_start_expression_rejects_the_deployment(
    engine: Engine, tight_budget: budget.Limits
) -> None:
    start = (
        '<bpmn:startEvent id="start"><bpmn:timerEventDefinition><bpmn:timeCycle>'
        '=string join(for i in 1..20000, j in 1..20000 return "R/PT1H", "")'
        "</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
    )
    with pytest.raises(DeploymentRejected, match=r"Element: start: .*步数预算"):
        engine.deploy([("p.bpmn", bpmn(start + END + chain("start", "end")))])
    serves_the_next_command(engine)
