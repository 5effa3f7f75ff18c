"""Escalation, signal, link and terminate events."""

from __future__ import annotations

from typing import Any

from engine.testing import (
    RecordStream,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    escalation,
    link,
    process,
    signal,
    terminate,
)


def _instances_of(engine: Any, process_id: str) -> list[int]:
    stream = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").with_intent("ELEMENT_ACTIVATED")
    return stream.where(bpmnElementType="PROCESS", bpmnProcessId=process_id).keys()


# ---------------------------------------------------------------------- escalation
def _escalating_sub(code: str, catch: str | None, interrupting: bool) -> Any:
    return (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: (
                s.start_event("ss")
                .intermediate_throw_event("raise", escalation(code))
                .service_task("after_raise", job_type="after")
                .end_event("se")
            ),
        )
        .end_event("normal")
        .boundary_event("caught", escalation(catch), attached_to="sub", interrupting=interrupting)
        .service_task("handle", job_type="handle")
        .end_event("handled")
    )


def test_escalation_caught_by_non_interrupting_boundary_both_continue(engine: Any) -> None:
    """An escalation is non-critical: with a non-interrupting catch, both the throw path and the catch
    path continue. https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/"""
    pi = deploy_and_start(engine, _escalating_sub("LATE", "LATE", interrupting=False))
    assert_that(engine, pi).is_waiting_at("after_raise", "handle").has_passed("raise")


def test_escalation_caught_by_interrupting_boundary_terminates_scope(engine: Any) -> None:
    """An interrupting escalation boundary event terminates the subprocess.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    pi = deploy_and_start(engine, _escalating_sub("LATE", "LATE", interrupting=True))
    assert_that(engine, pi).is_waiting_exactly_at("handle").has_terminated("sub").has_not_activated(
        "after_raise"
    )


def test_escalation_with_other_code_not_caught(engine: Any) -> None:
    """A catch event with another code does not catch the escalation; the throw path continues.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    pi = deploy_and_start(engine, _escalating_sub("LATE", "OTHER", interrupting=False))
    assert_that(engine, pi).is_waiting_exactly_at("sub", "after_raise").has_not_activated("caught")


def test_catch_all_escalation(engine: Any) -> None:
    """An escalation catch event without a code catches every escalation.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    pi = deploy_and_start(engine, _escalating_sub("ANY", None, interrupting=False))
    assert_that(engine, pi).is_waiting_at("handle", "after_raise")


def test_uncaught_escalation_continues_without_incident(engine: Any) -> None:
    """An escalation nobody catches is not an error: no incident, the process goes on.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#unhandled-escalations"""
    builder = (
        process("p").start_event("s").intermediate_throw_event("raise", escalation("LATE")).end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_no_incidents()


def test_uncaught_escalation_writes_not_escalated(engine: Any) -> None:
    """Zeebe records an uncaught escalation as ESCALATION NOT_ESCALATED.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#unhandled-escalations"""
    builder = process("p").start_event("s").end_event("raise", escalation("LATE"))
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed()
    assert RecordStream.of(engine).events().of_type("ESCALATION").intents() == ["NOT_ESCALATED"]


def test_caught_escalation_writes_escalated(engine: Any) -> None:
    """A caught escalation is recorded as ESCALATION ESCALATED with its code.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/"""
    deploy_and_start(engine, _escalating_sub("LATE", "LATE", interrupting=False))
    record = RecordStream.of(engine).events().of_type("ESCALATION").first()
    assert record.intent == "ESCALATED"
    assert record.value["escalationCode"] == "LATE"


def test_escalation_end_event_caught(engine: Any) -> None:
    """An escalation end event ends its path and escalates to the enclosing scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#throwing-the-escalation"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").end_event("raise", escalation("LATE")))
        .end_event("normal")
        .boundary_event("caught", escalation("LATE"), attached_to="sub", interrupting=False)
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("handled").has_passed("normal")


def test_escalation_event_subprocess_non_interrupting(engine: Any) -> None:
    """A non-interrupting escalation event subprocess catches escalations from its scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_throw_event("raise", escalation("LATE"))
        .service_task("task", job_type="work")
        .end_event("e")
        .event_sub_process(
            "on_late",
            lambda e: (
                e.start_event("esc_start", escalation("LATE"), interrupting=False)
                .service_task("notify", job_type="notify")
                .end_event("esc_end")
            ),
        )
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_waiting_at("task", "notify")


def test_escalation_from_called_process_caught_on_call_activity(engine: Any) -> None:
    """An escalation thrown in a called process is propagated to the call activity's boundary events.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    child = (
        process("child")
        .start_event("cs")
        .intermediate_throw_event("raise", escalation("LATE"))
        .end_event("ce")
    )
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("normal")
        .boundary_event("caught", escalation("LATE"), attached_to="call", interrupting=False)
        .end_event("handled")
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    assert_that(engine, pi).is_completed().has_passed("handled").has_passed("normal")


def test_escalation_code_expression(engine: Any) -> None:
    """A throwing escalation event may compute its code with a FEEL expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#defining-the-escalation"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").end_event("raise", escalation("= code")))
        .end_event("normal")
        .boundary_event("caught", escalation("LATE"), attached_to="sub")
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder, {"code": "LATE"})
    assert_that(engine, pi).is_completed().has_passed("handled").has_not_passed("normal")


# ---------------------------------------------------------------------- signal
def test_signal_start_event_creates_instance(engine: Any) -> None:
    """Broadcasting a signal creates an instance of each process with a matching signal start event.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-start-events"""
    deploy_resources(engine, process("a").start_event("sa", signal("policy-changed")).end_event("ea"))
    deploy_resources(engine, process("b").start_event("sb", signal("policy-changed")).end_event("eb"))
    engine.broadcast_signal("policy-changed", variables={"policy": "2026-01"})
    (a_key,) = _instances_of(engine, "a")
    assert len(_instances_of(engine, "b")) == 1
    assert_that(engine, a_key).is_completed().has_variable("policy", "2026-01")


def test_signal_start_subscription_on_deploy(engine: Any) -> None:
    """Deploying a signal start event opens a SIGNAL_SUBSCRIPTION.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-start-events"""
    deploy_resources(engine, process("a").start_event("sa", signal("go")).end_event("ea"))
    subscriptions = RecordStream.of(engine).events().of_type("SIGNAL_SUBSCRIPTION").with_intent("CREATED")
    assert subscriptions.values("signalName") == ["go"]


def test_signal_catch_event_triggers_all_waiting_instances(engine: Any) -> None:
    """A signal triggers every waiting signal catch event with that name (no correlation key).
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-intermediate-catch-events"""
    builder = process("p").start_event("s").intermediate_catch_event("wait", signal("go")).end_event("e")
    deploy_resources(engine, builder)
    first = engine.create_instance("p", variables={})
    second = engine.create_instance("p", variables={})
    engine.broadcast_signal("go", variables={"x": 1})
    assert_that(engine, first).is_completed().has_variable("x", 1)
    assert_that(engine, second).is_completed()


def test_signal_with_other_name_is_ignored(engine: Any) -> None:
    """A signal with another name does not trigger the catch event.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").intermediate_catch_event("wait", signal("go")).end_event("e")
    )
    engine.broadcast_signal("stop")
    assert_that(engine, pi).is_waiting_at("wait")


def test_signal_is_not_buffered(engine: Any) -> None:
    """A signal broadcast before the catch event is entered is lost (signals are not buffered).
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/"""
    deploy_resources(
        engine, process("p").start_event("s").intermediate_catch_event("wait", signal("go")).end_event("e")
    )
    engine.broadcast_signal("go")
    pi = engine.create_instance("p", variables={})
    assert_that(engine, pi).is_waiting_at("wait")


def test_signal_boundary_interrupting(engine: Any) -> None:
    """An interrupting signal boundary event terminates its activity.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event("withdrawn", signal("withdraw"), attached_to="task")
        .end_event("stopped")
    )
    pi = deploy_and_start(engine, builder)
    engine.broadcast_signal("withdraw")
    assert_that(engine, pi).is_completed().has_terminated("task").has_passed("stopped")


def test_signal_boundary_non_interrupting(engine: Any) -> None:
    """A non-interrupting signal boundary event leaves the activity active.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event("note", signal("notice"), attached_to="task", interrupting=False)
        .end_event("noted")
    )
    pi = deploy_and_start(engine, builder)
    engine.broadcast_signal("notice")
    assert_that(engine, pi).is_waiting_at("task").has_passed("noted")


def test_signal_throw_event_broadcasts(engine: Any) -> None:
    """An intermediate signal throw event broadcasts the signal to other processes.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-intermediate-throw-events"""
    waiting = (
        process("waiting").start_event("s").intermediate_catch_event("wait", signal("ready")).end_event("e")
    )
    thrower = (
        process("thrower")
        .start_event("s")
        .intermediate_throw_event("announce", signal("ready"))
        .end_event("e")
    )
    deploy_resources(engine, waiting, thrower)
    waiter = engine.create_instance("waiting", variables={})
    sender = engine.create_instance("thrower", variables={})
    assert_that(engine, sender).is_completed()
    assert_that(engine, waiter).is_completed()


def test_signal_end_event_broadcasts(engine: Any) -> None:
    """A signal end event broadcasts the signal and ends the path.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-end-events"""
    deploy_resources(engine, process("started").start_event("s", signal("finished")).end_event("e"))
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("announce", signal("finished")))
    assert_that(engine, pi).is_completed()
    assert len(_instances_of(engine, "started")) == 1


def test_signal_broadcast_record(engine: Any) -> None:
    """Broadcasting writes SIGNAL BROADCASTED with the signal name.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/"""
    engine.broadcast_signal("anything")
    record = RecordStream.of(engine).events().of_type("SIGNAL").first()
    assert record.intent == "BROADCASTED"
    assert record.value["signalName"] == "anything"


def test_signal_event_subprocess_interrupting(engine: Any) -> None:
    """An interrupting signal event subprocess terminates the rest of its scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("e")
        .event_sub_process("on_stop", lambda e: e.start_event("stop", signal("stop")).end_event("stopped"))
    )
    pi = deploy_and_start(engine, builder)
    engine.broadcast_signal("stop")
    assert_that(engine, pi).is_completed().has_terminated("task").has_passed("stopped")


# ---------------------------------------------------------------------- link
def test_link_throw_continues_at_catch_with_same_name(engine: Any) -> None:
    """A link throw event continues the flow at the link catch event with the same name.
    https://docs.camunda.io/docs/components/modeler/bpmn/link-events/"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_throw_event("go_to_b", link("B"))
        .begin_path()
        .intermediate_catch_event("arrive_b", link("B"))
        .manual_task("after")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed_in_order("go_to_b", "arrive_b", "after")


def test_two_link_throws_share_one_catch(engine: Any) -> None:
    """Several link throw events may target the same link catch event.
    https://docs.camunda.io/docs/components/modeler/bpmn/link-events/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .intermediate_throw_event("throw_1", link("L"))
        .move_to("fork")
        .intermediate_throw_event("throw_2", link("L"))
        .begin_path()
        .intermediate_catch_event("catch", link("L"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("catch", times=2).has_passed("e", times=2)


def test_link_event_type(engine: Any) -> None:
    """Link events are recorded with bpmnEventType LINK.
    https://docs.camunda.io/docs/components/modeler/bpmn/link-events/"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_throw_event("go", link("B"))
        .begin_path()
        .intermediate_catch_event("arrive", link("B"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    records = RecordStream.of(engine).events().process_instance(pi.key)
    assert records.where(elementId="go").first().value["bpmnEventType"] == "LINK"
    assert records.where(elementId="arrive").first().value["bpmnEventType"] == "LINK"


# ---------------------------------------------------------------------- terminate
def test_terminate_end_event_terminates_other_branches(engine: Any) -> None:
    """A terminate end event terminates all active elements of its scope; the process completes.
    https://docs.camunda.io/docs/components/modeler/bpmn/terminate-events/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("task", job_type="work")
        .end_event("e")
        .move_to("fork")
        .end_event("kill", terminate())
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_terminated("task").has_passed("kill")
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1) == []


def test_terminate_end_event_in_subprocess_only_ends_subprocess(engine: Any) -> None:
    """In a subprocess the terminate end event ends the subprocess (completed); the outer flow goes on.
    https://docs.camunda.io/docs/components/modeler/bpmn/terminate-events/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("outer_task", job_type="outer")
        .end_event("outer_end")
        .move_to("fork")
        .sub_process(
            "sub",
            lambda s: (
                s.start_event("ss")
                .parallel_gateway("sfork")
                .service_task("inner_task", job_type="inner")
                .end_event("ie")
                .move_to("sfork")
                .end_event("kill", terminate())
            ),
        )
        .end_event("after_sub")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).has_terminated("inner_task").has_passed("sub").has_passed("after_sub")
    assert_that(engine, pi).is_waiting_at("outer_task")
    complete_jobs(engine, "outer")
    assert_that(engine, pi).is_completed()


def test_terminate_end_event_type(engine: Any) -> None:
    """The terminate end event is recorded with bpmnEventType TERMINATE.
    https://docs.camunda.io/docs/components/modeler/bpmn/terminate-events/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("kill", terminate()))
    record = RecordStream.of(engine).events().process_instance(pi.key).where(elementId="kill").first()
    assert record.value["bpmnEventType"] == "TERMINATE"


def test_terminate_order_terminates_before_completing(engine: Any) -> None:
    """The other elements are terminated before the process completes.
    https://docs.camunda.io/docs/components/modeler/bpmn/terminate-events/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("task", job_type="work")
        .end_event("e")
        .move_to("fork")
        .end_event("kill", terminate())
    )
    pi = deploy_and_start(engine, builder)
    events = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi.key)
    order = [(r.value["elementId"], r.intent) for r in events]
    assert order.index(("task", "ELEMENT_TERMINATED")) < order.index(("p", "ELEMENT_COMPLETED"))
