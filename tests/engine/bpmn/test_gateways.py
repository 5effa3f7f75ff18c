"""Exclusive, parallel, inclusive and event-based gateways."""

from __future__ import annotations

from typing import Any

from engine.testing import (
    RecordStream,
    assert_that,
    complete_jobs,
    deploy_and_start,
    message,
    process,
    timer_duration,
)

XOR = "https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"


def _xor(default: bool = True) -> Any:
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow("to_big", condition="= amount > 1000")
        .end_event("big")
        .move_to("gw")
        .flow("to_medium", condition="= amount > 100")
        .end_event("medium")
    )
    if default:
        builder.move_to("gw").flow("to_small", default=True).end_event("small")
    return builder


# ---------------------------------------------------------------------- exclusive gateway
def test_exclusive_gateway_takes_the_flow_whose_condition_is_true(engine: Any) -> None:
    """The exclusive gateway takes the sequence flow whose condition is fulfilled.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    pi = deploy_and_start(engine, _xor(), {"amount": 500})
    assert_that(engine, pi).is_completed().has_passed("medium").has_not_passed("big", "small")


def test_exclusive_gateway_takes_first_true_condition_in_xml_order(engine: Any) -> None:
    """When several conditions are true, the first in XML order is taken, and only it.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    pi = deploy_and_start(engine, _xor(), {"amount": 5000})
    assert_that(engine, pi).is_completed().has_passed("big").has_not_passed("medium", "small")


def test_exclusive_gateway_takes_default_flow_when_nothing_matches(engine: Any) -> None:
    """If no condition is fulfilled the default flow is taken.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    pi = deploy_and_start(engine, _xor(), {"amount": 5})
    assert_that(engine, pi).is_completed().has_passed("to_small").has_passed("small")


def test_exclusive_gateway_without_default_raises_condition_incident(engine: Any) -> None:
    """No fulfilled condition and no default flow: a CONDITION_ERROR incident at the gateway.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    pi = deploy_and_start(engine, _xor(default=False), {"amount": 5})
    assert_that(engine, pi).is_active().has_incident("CONDITION_ERROR", "gw")


def test_exclusive_gateway_incident_resolved_after_variable_update(engine: Any) -> None:
    """After fixing the variable and resolving the incident the gateway is re-evaluated.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = deploy_and_start(engine, _xor(default=False), {"amount": 5})
    incident = assert_that(engine, pi).incident("CONDITION_ERROR")
    engine.set_variables(pi.key, {"amount": 2000})
    engine.resolve_incident(incident.key)
    assert_that(engine, pi).is_completed().has_passed("big").has_no_incidents()


def test_exclusive_gateway_non_boolean_condition_raises_incident(engine: Any) -> None:
    """A condition that does not evaluate to a boolean cannot be applied: CONDITION_ERROR.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/#conditions"""
    pi = deploy_and_start(engine, _xor(default=False), {"amount": "many"})
    assert_that(engine, pi).has_incident("CONDITION_ERROR", "gw")


def test_exclusive_gateway_records(engine: Any) -> None:
    """The gateway is activated and completed, then the chosen flow is taken.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    pi = deploy_and_start(engine, _xor(), {"amount": 500})
    assert_that(engine, pi).has_intents(
        "gw", "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED", "ELEMENT_COMPLETING", "ELEMENT_COMPLETED"
    ).has_passed("to_medium", times=1).has_not_passed("to_big", "to_small")


def test_exclusive_gateway_with_single_unconditional_flow(engine: Any) -> None:
    """A gateway with one outgoing flow without condition just passes through.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    pi = deploy_and_start(engine, process("p").start_event("s").exclusive_gateway("gw").end_event("e"))
    assert_that(engine, pi).is_completed().has_passed("gw")


def test_exclusive_gateway_joins_with_pass_through(engine: Any) -> None:
    """A joining exclusive gateway passes each arriving token through: two tokens, two passes.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .manual_task("a")
        .exclusive_gateway("join")
        .end_event("e")
        .move_to("fork")
        .manual_task("b")
        .connect_to("join")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("join", times=2).has_passed("e", times=2)


def test_exclusive_gateway_loop(engine: Any) -> None:
    """A loop back through an exclusive gateway re-enters the task until the condition holds.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("join")
        .service_task("work", job_type="work")
        .exclusive_gateway("check")
        .flow(condition="= done")
        .end_event("e")
        .move_to("check")
        .flow(default=True)
        .connect_to("join")
    )
    pi = deploy_and_start(engine, builder, {"done": False})
    complete_jobs(engine, "work", {"done": False})
    complete_jobs(engine, "work", {"done": True})
    assert_that(engine, pi).is_completed().has_passed("work", times=2)


def test_condition_on_nested_variable(engine: Any) -> None:
    """Conditions can access nested properties with dot notation.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/#conditions"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow(condition='= order.customer = "Paul"')
        .end_event("paul")
        .move_to("gw")
        .flow(default=True)
        .end_event("other")
    )
    pi = deploy_and_start(engine, builder, {"order": {"customer": "Paul"}})
    assert_that(engine, pi).has_passed("paul")


# ---------------------------------------------------------------------- parallel gateway
def _fork_join() -> Any:
    return (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("a", job_type="a")
        .parallel_gateway("join")
        .end_event("e")
        .move_to("fork")
        .service_task("b", job_type="b")
        .connect_to("join")
    )


def test_parallel_gateway_forks_all_outgoing_flows(engine: Any) -> None:
    """A forking parallel gateway takes every outgoing flow.
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    pi = deploy_and_start(engine, _fork_join())
    assert_that(engine, pi).is_waiting_at("a", "b")


def test_parallel_gateway_join_waits_for_all_incoming(engine: Any) -> None:
    """A joining parallel gateway waits until a token arrived on each incoming flow.
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    pi = deploy_and_start(engine, _fork_join())
    complete_jobs(engine, "a")
    assert_that(engine, pi).is_active().is_waiting_at("b").has_not_activated("join")
    complete_jobs(engine, "b")
    assert_that(engine, pi).is_completed().has_passed("join", times=1).has_passed("e", times=1)


def test_parallel_gateway_conditions_are_ignored(engine: Any) -> None:
    """Conditions on a parallel gateway's outgoing flows are not evaluated (all flows are taken).
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .manual_task("a")
        .end_event("ea")
        .move_to("fork")
        .manual_task("b")
        .end_event("eb")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("a").has_passed("b")


def test_parallel_branches_without_join_complete_process_after_last(engine: Any) -> None:
    """Without a join, the process completes when the last branch ends.
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("a", job_type="a")
        .end_event("ea")
        .move_to("fork")
        .service_task("b", job_type="b")
        .end_event("eb")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "a")
    assert_that(engine, pi).is_active().has_passed("ea")
    complete_jobs(engine, "b")
    assert_that(engine, pi).is_completed()


def test_parallel_gateway_three_branches(engine: Any) -> None:
    """A fork into three branches creates three jobs at once.
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("a", job_type="w")
        .parallel_gateway("join")
        .end_event("e")
        .move_to("fork")
        .service_task("b", job_type="w")
        .connect_to("join")
        .move_to("fork")
        .service_task("c", job_type="w")
        .connect_to("join")
    )
    pi = deploy_and_start(engine, builder)
    assert len(complete_jobs(engine, "w")) == 3
    assert_that(engine, pi).is_completed().has_passed("join", times=1)


# ---------------------------------------------------------------------- inclusive gateway
def _inclusive(default: bool = True) -> Any:
    builder = (
        process("p")
        .start_event("s")
        .inclusive_gateway("fork")
        .flow("to_a", condition='= list contains(parts, "a")')
        .service_task("a", job_type="a")
        .end_event("ea")
        .move_to("fork")
        .flow("to_b", condition='= list contains(parts, "b")')
        .service_task("b", job_type="b")
        .end_event("eb")
    )
    if default:
        builder.move_to("fork").flow("to_none", default=True).end_event("none")
    return builder


def test_inclusive_gateway_takes_every_fulfilled_flow(engine: Any) -> None:
    """A forking inclusive gateway takes all flows whose condition is fulfilled.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    pi = deploy_and_start(engine, _inclusive(), {"parts": ["a", "b"]})
    assert_that(engine, pi).is_waiting_at("a", "b").has_not_passed("to_none")


def test_inclusive_gateway_takes_only_fulfilled_flows(engine: Any) -> None:
    """Flows with a false condition are not taken.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    pi = deploy_and_start(engine, _inclusive(), {"parts": ["b"]})
    assert_that(engine, pi).is_waiting_exactly_at("b").has_not_activated("a")


def test_inclusive_gateway_default_flow_when_nothing_matches(engine: Any) -> None:
    """If no condition is fulfilled the default flow is taken.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    pi = deploy_and_start(engine, _inclusive(), {"parts": []})
    assert_that(engine, pi).is_completed().has_passed("none")


def test_inclusive_gateway_without_default_raises_incident(engine: Any) -> None:
    """No fulfilled condition and no default flow: a CONDITION_ERROR incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    pi = deploy_and_start(engine, _inclusive(default=False), {"parts": []})
    assert_that(engine, pi).has_incident("CONDITION_ERROR", "fork")


def test_inclusive_gateway_default_not_taken_when_a_condition_holds(engine: Any) -> None:
    """The default flow is only taken when no other condition holds.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    pi = deploy_and_start(engine, _inclusive(), {"parts": ["a"]})
    assert_that(engine, pi).has_not_passed("to_none").is_waiting_exactly_at("a")


def test_inclusive_gateway_join_waits_for_taken_branches_only(engine: Any) -> None:
    """A joining inclusive gateway waits for the branches that were taken, not for the others.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/#converging"""
    builder = (
        process("p")
        .start_event("s")
        .inclusive_gateway("fork")
        .flow(condition="= a")
        .service_task("task_a", job_type="a")
        .inclusive_gateway("join")
        .end_event("e")
        .move_to("fork")
        .flow(condition="= b")
        .service_task("task_b", job_type="b")
        .connect_to("join")
        .move_to("fork")
        .flow(condition="= c")
        .service_task("task_c", job_type="c")
        .connect_to("join")
    )
    pi = deploy_and_start(engine, builder, {"a": True, "b": True, "c": False})
    complete_jobs(engine, "a")
    assert_that(engine, pi).is_active().has_not_activated("join")
    complete_jobs(engine, "b")
    assert_that(engine, pi).is_completed().has_passed("join", times=1)


# ---------------------------------------------------------------------- event-based gateway
def _event_gateway() -> Any:
    return (
        process("p")
        .start_event("s")
        .event_based_gateway("gw")
        .intermediate_catch_event("paid", message("payment", "= orderId"))
        .end_event("e_paid")
        .move_to("gw")
        .intermediate_catch_event("timeout", timer_duration("PT10M"))
        .end_event("e_timeout")
    )


def test_event_based_gateway_waits_for_first_event(engine: Any) -> None:
    """The event-based gateway waits at its events: it opens a subscription per event.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    pi = deploy_and_start(engine, _event_gateway(), {"orderId": "o-1"})
    assert_that(engine, pi).is_waiting_at("gw").is_waiting_for_message("payment", "o-1")
    timers = RecordStream.of(engine).events().of_type("TIMER").with_intent("CREATED")
    assert timers.values("targetElementId") == ["timeout"]


def test_event_based_gateway_message_wins(engine: Any) -> None:
    """The first event to occur is taken; the other events' subscriptions are closed.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    pi = deploy_and_start(engine, _event_gateway(), {"orderId": "o-1"})
    engine.publish_message("payment", "o-1", variables={"paid": True})
    assert_that(engine, pi).is_completed().has_passed("paid").has_not_activated("timeout")
    assert_that(engine, pi).has_variable("paid", True)
    canceled = RecordStream.of(engine).events().of_type("TIMER").with_intent("CANCELED")
    assert len(canceled) == 1


def test_event_based_gateway_timer_wins(engine: Any) -> None:
    """If the timer is due first, the timer event is taken and the message subscription closed.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    pi = deploy_and_start(engine, _event_gateway(), {"orderId": "o-1"})
    engine.clock.advance("PT10M")
    assert_that(engine, pi).is_completed().has_passed("timeout").has_not_activated("paid")
    assert_that(engine, pi).is_not_waiting_for_message("payment")


def test_event_based_gateway_completes_when_event_occurs(engine: Any) -> None:
    """The gateway stays ACTIVATED until an event occurs, then completes and the event is activated.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    pi = deploy_and_start(engine, _event_gateway(), {"orderId": "o-1"})
    assert_that(engine, pi).has_intents("gw", "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED")
    engine.clock.advance("PT10M")
    assert_that(engine, pi).has_intents(
        "gw", "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED", "ELEMENT_COMPLETING", "ELEMENT_COMPLETED"
    )


def test_event_based_gateway_message_after_timer_is_not_correlated(engine: Any) -> None:
    """Once the timer won, a later message finds no subscription of this instance.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    pi = deploy_and_start(engine, _event_gateway(), {"orderId": "o-1"})
    engine.clock.advance("PT10M")
    engine.publish_message("payment", "o-1", variables={"paid": True})
    assert_that(engine, pi).is_completed().has_no_variable("paid")
