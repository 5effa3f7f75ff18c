"""Deployment validation of subprocess start events (Zeebe's SubProcessValidator) and gateway edge
cases fixed in Zeebe (camunda/camunda#13936)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from engine.testing import (
    assert_that,
    deploy_and_start,
    deploy_resources,
    message,
    process,
    timer_duration,
)


def test_embedded_subprocess_start_event_must_be_none(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """An embedded subprocess may only start with a none start event (Zeebe: "Start events in
    subprocesses must be of type none").
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda b: b.start_event("ss", timer_duration("PT1H")).end_event("se"))
        .end_event("e")
    )
    with pytest.raises(deployment_rejected, match="sub"):
        deploy_resources(engine, builder)


def test_embedded_subprocess_needs_exactly_one_start_event(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """An embedded subprocess must have exactly one (none) start event.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda b: b.manual_task("only_task").end_event("se"))
        .end_event("e")
    )
    with pytest.raises(deployment_rejected, match="sub"):
        deploy_resources(engine, builder)


def test_event_subprocess_start_event_needs_a_trigger(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """The start event of an event subprocess must be a message, timer, error, signal or escalation event.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .event_sub_process("esp", lambda b: b.start_event("plain").end_event("ee"))
    )
    with pytest.raises(deployment_rejected):
        deploy_resources(engine, builder)


def test_inclusive_gateway_single_false_condition_raises_incident(engine: Any) -> None:
    """An inclusive gateway whose only outgoing flow has a false condition raises an incident
    (camunda/camunda#13936). https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    builder = process("p").start_event("s").inclusive_gateway("gw").flow(condition="= false").end_event("e")
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).has_incident("CONDITION_ERROR", "gw").has_not_passed("e")


def test_inclusive_gateway_single_true_condition_taken(engine: Any) -> None:
    """An inclusive gateway whose only outgoing flow has a true condition takes it.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    builder = process("p").start_event("s").inclusive_gateway("gw").flow(condition="= true").end_event("e")
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed()


def test_parallel_gateway_pass_through(engine: Any) -> None:
    """A parallel gateway with one incoming and one outgoing flow passes the token through.
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    pi = deploy_and_start(engine, process("p").start_event("s").parallel_gateway("gw").end_event("e"))
    assert_that(engine, pi).is_completed().has_passed("gw", times=1)


def test_event_based_gateway_first_of_two_messages(engine: Any) -> None:
    """With two message events after an event-based gateway, the first message to arrive wins.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .event_based_gateway("gw")
        .intermediate_catch_event("approved", message("approved", "= id"))
        .end_event("e_ok")
        .move_to("gw")
        .intermediate_catch_event("rejected", message("rejected", "= id"))
        .end_event("e_no")
    )
    pi = deploy_and_start(engine, builder, {"id": "x"})
    engine.publish_message("rejected", "x")
    engine.publish_message("approved", "x")
    assert_that(engine, pi).is_completed().has_passed("e_no").has_not_activated("approved")


def test_non_interrupting_message_on_user_task_keeps_task_open(engine: Any) -> None:
    """A non-interrupting message boundary event on a user task leaves the task open.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review")
        .end_event("e")
        .boundary_event("question", message("question", "= id"), attached_to="review", interrupting=False)
        .end_event("answered")
    )
    pi = deploy_and_start(engine, builder, {"id": "q"})
    engine.publish_message("question", "q")
    assert_that(engine, pi).has_passed("answered").is_waiting_at("review")
    assert len(engine.user_tasks(process_instance_key=pi.key)) == 1


def _assert_rejected(engine: Any, rejected: type[Exception], builder: Any, element_id: str) -> None:
    with pytest.raises(rejected) as info:
        deploy_resources(engine, builder)
    assert element_id in str(info.value)


def test_script_task_without_implementation_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A script task needs a zeebe:script or a zeebe:taskDefinition.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/"""
    builder = process("p").start_event("s").script_task("calc").end_event("e")
    _assert_rejected(engine, deployment_rejected, builder, "calc")


def test_script_without_result_variable_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A FEEL script task must name its result variable.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/#feel-expression"""
    builder = process("p").start_event("s").script_task("calc", expression="= 1 + 1").end_event("e")
    _assert_rejected(engine, deployment_rejected, builder, "calc")


def test_business_rule_task_without_implementation_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A business rule task needs a zeebe:calledDecision or a zeebe:taskDefinition.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = process("p").start_event("s").business_rule_task("decide").end_event("e")
    _assert_rejected(engine, deployment_rejected, builder, "decide")


def test_empty_job_type_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """The job type of a task definition must not be empty.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/#task-definition"""
    builder = process("p").start_event("s").service_task("t", job_type="").end_event("e")
    _assert_rejected(engine, deployment_rejected, builder, "t")


def test_invalid_feel_in_assignee_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """An assignee expression that does not parse is rejected at deployment.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    builder = process("p").start_event("s").user_task("review", assignee="= owner +").end_event("e")
    _assert_rejected(engine, deployment_rejected, builder, "review")


def test_invalid_feel_in_timer_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A timer expression that does not parse is rejected at deployment.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("wait", timer_duration("= duration("))
        .end_event("e")
    )
    _assert_rejected(engine, deployment_rejected, builder, "wait")


def test_receive_task_without_message_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A receive task must reference a message.
    https://docs.camunda.io/docs/components/modeler/bpmn/receive-tasks/"""
    xml = (
        process("p")
        .start_event("s")
        .receive_task("receive", message=message("m", "= k"))
        .end_event("e")
        .to_xml()
    )
    xml = re.sub(rb' messageRef="[^"]*"', b"", xml)
    with pytest.raises(deployment_rejected):
        engine.deploy([("p.bpmn", xml)])
