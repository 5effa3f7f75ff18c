"""Compensation events: compensation boundary events with their handlers, intermediate and end
compensation throw events. https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/"""

from __future__ import annotations

from typing import Any

from engine.testing import (
    RecordStream,
    assert_that,
    compensation,
    complete_jobs,
    deploy_and_start,
    process,
)


def _book_then_compensate(end_throw: bool = False) -> Any:
    builder = (
        process("p")
        .start_event("s")
        .service_task("book", job_type="book")
        .boundary_event("undo_book_event", compensation(), attached_to="book")
        .compensation_handler("undo_book", job_type="undo-book")
        .move_to("book")
    )
    if end_throw:
        return builder.end_event("compensate_end", compensation())
    return builder.intermediate_throw_event("compensate", compensation()).end_event("e")


def test_throw_event_invokes_handler_of_completed_activity(engine: Any) -> None:
    """A compensation throw event invokes the handler of every completed compensable activity and waits
    until the handlers complete. https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/"""
    pi = deploy_and_start(engine, _book_then_compensate())
    complete_jobs(engine, "book")
    assert_that(engine, pi).is_waiting_at("compensate", "undo_book")
    complete_jobs(engine, "undo-book")
    assert_that(engine, pi).is_completed().has_passed_in_order("book", "undo_book", "compensate", "e")


def test_compensation_end_event(engine: Any) -> None:
    """A compensation end event triggers compensation and ends its path once the handlers completed.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/"""
    pi = deploy_and_start(engine, _book_then_compensate(end_throw=True))
    complete_jobs(engine, "book")
    assert_that(engine, pi).is_waiting_at("compensate_end", "undo_book")
    complete_jobs(engine, "undo-book")
    assert_that(engine, pi).is_completed()


def test_handler_of_not_completed_activity_not_invoked(engine: Any) -> None:
    """Handlers of activities that did not complete are not invoked.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/#triggering-compensation"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow(condition="= book")
        .service_task("book", job_type="book")
        .boundary_event("undo_event", compensation(), attached_to="book")
        .compensation_handler("undo_book", job_type="undo-book")
        .move_to("book")
        .exclusive_gateway("join")
        .intermediate_throw_event("compensate", compensation())
        .end_event("e")
        .move_to("gw")
        .flow(default=True)
        .connect_to("join")
    )
    pi = deploy_and_start(engine, builder, {"book": False})
    assert_that(engine, pi).is_completed().has_not_activated("undo_book")


def test_all_handlers_invoked_at_once(engine: Any) -> None:
    """All handlers of completed activities are invoked at once.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/#triggering-compensation"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("a", job_type="a")
        .boundary_event("ca", compensation(), attached_to="a")
        .compensation_handler("undo_a", job_type="undo")
        .move_to("a")
        .service_task("b", job_type="b")
        .boundary_event("cb", compensation(), attached_to="b")
        .compensation_handler("undo_b", job_type="undo")
        .move_to("b")
        .intermediate_throw_event("compensate", compensation())
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "a")
    complete_jobs(engine, "b")
    jobs = engine.activate_jobs("undo", worker="w", timeout_ms=60_000, max_jobs=10)
    assert sorted(j.element_id for j in jobs) == ["undo_a", "undo_b"]
    for job in jobs:
        engine.complete_job(job.key, variables={})
    assert_that(engine, pi).is_completed()


def test_activity_ref_compensates_only_that_activity(engine: Any) -> None:
    """A throw event with an activity reference invokes only that activity's handler.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/#triggering-compensation"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("a", job_type="a")
        .boundary_event("ca", compensation(), attached_to="a")
        .compensation_handler("undo_a", job_type="undo")
        .move_to("a")
        .service_task("b", job_type="b")
        .boundary_event("cb", compensation(), attached_to="b")
        .compensation_handler("undo_b", job_type="undo")
        .move_to("b")
        .intermediate_throw_event("compensate", compensation(activity="b"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "a")
    complete_jobs(engine, "b")
    assert [j.element_id for j in complete_jobs(engine, "undo")] == ["undo_b"]
    assert_that(engine, pi).is_completed().has_not_activated("undo_a")


def test_handler_sees_process_variables(engine: Any) -> None:
    """The handler runs in the process scope and sees its variables.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/"""
    pi = deploy_and_start(engine, _book_then_compensate())
    complete_jobs(engine, "book", {"bookingId": "B-7"})
    (job,) = complete_jobs(engine, "undo-book")
    assert job.variables["bookingId"] == "B-7"
    assert_that(engine, pi).is_completed()


def test_compensation_of_activity_inside_completed_subprocess(engine: Any) -> None:
    """Compensation thrown after a subprocess completed reaches the handlers of its inner activities.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("book", job_type="book")
                .boundary_event("cb", compensation(), attached_to="book")
                .compensation_handler("undo_book", job_type="undo-book")
                .move_to("book")
                .end_event("se")
            ),
        )
        .intermediate_throw_event("compensate", compensation())
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "book")
    assert [j.element_id for j in complete_jobs(engine, "undo-book")] == ["undo_book"]
    assert_that(engine, pi).is_completed()


def test_compensation_subscription_records(engine: Any) -> None:
    """A completed compensable activity opens a COMPENSATION_SUBSCRIPTION (CREATED), which is TRIGGERED
    by the throw event and COMPLETED with its handler.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/"""
    deploy_and_start(engine, _book_then_compensate())
    complete_jobs(engine, "book")
    complete_jobs(engine, "undo-book")
    intents = RecordStream.of(engine).events().of_type("COMPENSATION_SUBSCRIPTION").intents()
    assert intents[:3] == ["CREATED", "TRIGGERED", "COMPLETED"]


def test_throw_without_compensable_activities_passes(engine: Any) -> None:
    """A compensation throw event with nothing to compensate completes at once.
    https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/#triggering-compensation"""
    builder = (
        process("p").start_event("s").intermediate_throw_event("compensate", compensation()).end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed()
