"""Event subprocess rules in detail: an interrupting one fires once and closes the other event
subprocesses' subscriptions, while the scope's own boundary events stay; event subprocesses inside
embedded subprocesses live and die with them.
https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""

from __future__ import annotations

from typing import Any

from engine.testing import (
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    error,
    escalation,
    message,
    process,
    timer_cycle,
    timer_duration,
)


def test_interrupting_event_subprocess_fires_only_once(engine: Any) -> None:
    """After an interrupting event subprocess started, its subscription is closed: a second message
    starts nothing. https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("main", job_type="main")
        .end_event("e")
        .event_sub_process(
            "esp",
            lambda b: (
                b.start_event("cancel", message("cancel", "= id"))
                .service_task("cleanup", job_type="cleanup")
                .end_event("ee")
            ),
        )
    )
    pi = deploy_and_start(engine, builder, {"id": "1"})
    engine.publish_message("cancel", "1")
    engine.publish_message("cancel", "1")
    assert_that(engine, pi).has_activated("esp", times=1)


def test_interrupting_closes_other_event_subprocesses(engine: Any) -> None:
    """An interrupting event subprocess closes the subscriptions of the other event subprocesses.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("main", job_type="main")
        .end_event("e")
        .event_sub_process(
            "stop",
            lambda b: (
                b.start_event("stop_start", message("stop", "= id"))
                .service_task("stopping", job_type="stopping")
                .end_event("stopped")
            ),
        )
        .event_sub_process(
            "note",
            lambda b: b.start_event("note_start", message("note", "= id"), interrupting=False).end_event(
                "noted"
            ),
        )
    )
    pi = deploy_and_start(engine, builder, {"id": "1"})
    engine.publish_message("stop", "1")
    engine.publish_message("note", "1")
    assert_that(engine, pi).has_not_activated("note").is_waiting_at("stopping")


def test_boundary_event_of_subprocess_survives_inner_interrupting_event_subprocess(engine: Any) -> None:
    """When an interrupting event subprocess runs inside a subprocess, the subprocess's own boundary
    events still apply. https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("inner", job_type="inner")
                .end_event("se")
                .event_sub_process(
                    "esp",
                    lambda e: (
                        e.start_event("stop", message("stop", "= id"))
                        .service_task("handle", job_type="handle")
                        .end_event("ee")
                    ),
                )
            ),
        )
        .end_event("e")
        .boundary_event("late", timer_duration("P1D"), attached_to="sub")
        .end_event("timed_out")
    )
    pi = deploy_and_start(engine, builder, {"id": "1"})
    engine.publish_message("stop", "1")
    assert_that(engine, pi).is_waiting_at("handle")
    engine.clock.advance("P1D")
    assert_that(engine, pi).is_completed().has_passed("timed_out").has_terminated("handle")


def test_error_event_subprocess_inside_subprocess_then_outer_flow_continues(engine: Any) -> None:
    """An error event subprocess inside a subprocess handles the error; the subprocess then completes
    and the outer flow continues. https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("check", job_type="check")
                .end_event("se")
                .event_sub_process(
                    "on_error", lambda e: e.start_event("err", error("BAD")).end_event("handled")
                )
            ),
        )
        .end_event("after")
    )
    pi = deploy_and_start(engine, builder)
    engine.throw_error(activate_one(engine, "check").key, error_code="BAD", error_message="")
    assert_that(engine, pi).is_completed().has_passed("handled").has_passed("sub").has_passed("after")


def test_interrupting_escalation_event_subprocess(engine: Any) -> None:
    """An interrupting escalation event subprocess terminates the rest of the scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("long", job_type="long")
        .end_event("e1")
        .move_to("fork")
        .intermediate_throw_event("raise", escalation("STOP"))
        .end_event("e2")
        .event_sub_process("on_stop", lambda b: b.start_event("esc", escalation("STOP")).end_event("stopped"))
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_terminated("long").has_passed("stopped")


def test_event_subprocess_timer_cancelled_with_its_subprocess(engine: Any) -> None:
    """Timers of an event subprocess inside a subprocess are cancelled when the subprocess completes.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("inner", job_type="inner")
                .end_event("se")
                .event_sub_process(
                    "tick",
                    lambda e: e.start_event(
                        "every_hour", timer_cycle("R/PT1H"), interrupting=False
                    ).end_event("ticked"),
                )
            ),
        )
        .service_task("after", job_type="after")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    complete_jobs(engine, "inner")
    engine.clock.advance("PT5H")
    assert_that(engine, pi).has_activated("tick", times=1).is_waiting_at("after")
    assert RecordStream.of(engine).events().of_type("TIMER").intents()[-1] == "CANCELED"


def test_event_subprocess_sees_subprocess_local_variables(engine: Any) -> None:
    """An event subprocess inside a subprocess sees the subprocess's local variables.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-scopes"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("inner", job_type="inner")
                .end_event("se")
                .event_sub_process(
                    "esp",
                    lambda e: (
                        e.start_event("note", message("note", "= id"), interrupting=False)
                        .service_task("read", job_type="read")
                        .end_event("ee")
                    ),
                )
            ),
            inputs={"stage": '= "second-review"'},
        )
        .end_event("e")
    )
    deploy_and_start(engine, builder, {"id": "1"})
    engine.publish_message("note", "1")
    assert activate_one(engine, "read").variables["stage"] == "second-review"
