"""Error events: thrown by end events and workers, caught by code or catch-all on boundary events
and event subprocesses, across call activities; unhandled errors become incidents.
https://docs.camunda.io/docs/components/modeler/bpmn/error-events/"""

from __future__ import annotations

from typing import Any

from engine.testing import (
    MultiInstance,
    activate_one,
    assert_that,
    deploy_and_start,
    deploy_resources,
    error,
    process,
)


def _sub_throwing(code: str, catch: str | None) -> Any:
    return (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").end_event("throw", error(code)))
        .end_event("normal")
        .boundary_event("caught", error(catch), attached_to="sub")
        .end_event("handled")
    )


def test_error_end_event_caught_by_boundary_with_same_code(engine: Any) -> None:
    """An error end event in a subprocess is caught by the subprocess's boundary event with that code.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    pi = deploy_and_start(engine, _sub_throwing("E1", "E1"))
    assert_that(engine, pi).is_completed().has_passed("caught").has_passed("handled").has_not_passed("normal")


def test_error_caught_terminates_the_subprocess(engine: Any) -> None:
    """The catching boundary event is interrupting: the subprocess is terminated, not completed.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    pi = deploy_and_start(engine, _sub_throwing("E1", "E1"))
    assert_that(engine, pi).has_terminated("sub").has_not_passed("sub")


def test_error_with_other_code_is_not_caught(engine: Any) -> None:
    """A boundary event with another code does not catch the error: UNHANDLED_ERROR_EVENT incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#unhandled-errors"""
    pi = deploy_and_start(engine, _sub_throwing("E1", "E2"))
    assert_that(engine, pi).has_incident("UNHANDLED_ERROR_EVENT").has_not_passed("handled")


def test_catch_all_error_boundary(engine: Any) -> None:
    """An error catch event without error code catches any error.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    pi = deploy_and_start(engine, _sub_throwing("ANY_CODE", None))
    assert_that(engine, pi).is_completed().has_passed("handled")


def test_specific_code_preferred_over_catch_all(engine: Any) -> None:
    """When a catch event with the exact code and a catch-all exist in the same scope, the exact one wins.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").end_event("throw", error("E1")))
        .end_event("normal")
        .boundary_event("catch_all", error(None), attached_to="sub")
        .end_event("by_all")
        .boundary_event("catch_e1", error("E1"), attached_to="sub")
        .end_event("by_code")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("by_code").has_not_activated("catch_all")


def test_error_from_job_worker_caught_by_boundary(engine: Any) -> None:
    """A worker's ThrowError is handled like an error thrown by the task.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#throwing-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("check", job_type="check")
        .end_event("ok")
        .boundary_event("invalid", error("INVALID"), attached_to="check")
        .end_event("rejected")
    )
    pi = deploy_and_start(engine, builder)
    engine.throw_error(activate_one(engine, "check").key, error_code="INVALID", error_message="bad")
    assert_that(engine, pi).is_completed().has_passed("rejected")


def test_error_propagates_to_outer_scope(engine: Any) -> None:
    """An error not caught in its scope is propagated to the enclosing scopes.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "outer",
            lambda o: (
                o.start_event("os")
                .sub_process("inner", lambda i: i.start_event("is").end_event("throw", error("E1")))
                .end_event("oe")
            ),
        )
        .end_event("normal")
        .boundary_event("caught", error("E1"), attached_to="outer")
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_terminated("inner").has_terminated("outer").has_passed(
        "handled"
    )


def test_innermost_catch_event_wins(engine: Any) -> None:
    """The error is caught by the nearest catch event in the scope hierarchy.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "outer",
            lambda o: (
                o.start_event("os")
                .sub_process("inner", lambda i: i.start_event("is").end_event("throw", error("E1")))
                .end_event("oe")
                .boundary_event("inner_catch", error("E1"), attached_to="inner")
                .end_event("inner_handled")
            ),
        )
        .end_event("normal")
        .boundary_event("outer_catch", error("E1"), attached_to="outer")
        .end_event("outer_handled")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("inner_handled").has_passed("normal")
    assert_that(engine, pi).has_not_activated("outer_catch")


def test_error_event_subprocess_catches(engine: Any) -> None:
    """An error start event of an event subprocess catches errors thrown in its scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("ok")
        .event_sub_process("on_error", lambda e: e.start_event("err_start", error("E1")).end_event("err_end"))
    )
    pi = deploy_and_start(engine, builder)
    engine.throw_error(activate_one(engine, "work").key, error_code="E1", error_message="")
    assert_that(engine, pi).is_completed().has_terminated("task").has_passed("err_end")


def test_boundary_preferred_over_event_subprocess_of_outer_scope(engine: Any) -> None:
    """A boundary event on the throwing activity is nearer than the process's error event subprocess.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("ok")
        .boundary_event("boundary", error("E1"), attached_to="task")
        .end_event("by_boundary")
        .event_sub_process("on_error", lambda e: e.start_event("err_start", error("E1")).end_event("err_end"))
    )
    pi = deploy_and_start(engine, builder)
    engine.throw_error(activate_one(engine, "work").key, error_code="E1", error_message="")
    assert_that(engine, pi).is_completed().has_passed("by_boundary").has_not_activated("err_start")


def test_unhandled_error_end_event_creates_incident(engine: Any) -> None:
    """An error end event without a matching catch event creates an UNHANDLED_ERROR_EVENT incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#unhandled-errors"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("throw", error("E1")))
    incident = assert_that(engine, pi).has_incident("UNHANDLED_ERROR_EVENT", "throw").incident()
    assert "E1" in incident.value["errorMessage"]


def test_unhandled_job_error_incident_message_names_code(engine: Any) -> None:
    """The incident for an uncaught worker error names the error code.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#unhandled-errors"""
    builder = process("p").start_event("s").service_task("task", job_type="work").end_event("e")
    pi = deploy_and_start(engine, builder)
    engine.throw_error(activate_one(engine, "work").key, error_code="NO_BUDGET", error_message="")
    incident = assert_that(engine, pi).incident("UNHANDLED_ERROR_EVENT")
    assert "NO_BUDGET" in incident.value["errorMessage"]


def test_error_from_called_process_caught_on_call_activity(engine: Any) -> None:
    """An error thrown in a called process and not caught there is caught by a boundary event on the
    call activity. https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    child = process("child").start_event("cs").end_event("throw", error("REJECTED"))
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("normal")
        .boundary_event("rejected", error("REJECTED"), attached_to="call")
        .end_event("handled")
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    assert_that(engine, pi).is_completed().has_passed("handled").has_terminated("call")


def test_error_in_called_process_terminates_child(engine: Any) -> None:
    """When the parent catches the child's error, the child instance is terminated.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    child = (
        process("child")
        .start_event("cs")
        .parallel_gateway("fork")
        .service_task("long", job_type="long")
        .end_event("ce")
        .move_to("fork")
        .end_event("throw", error("REJECTED"))
    )
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("normal")
        .boundary_event("rejected", error("REJECTED"), attached_to="call")
        .end_event("handled")
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    (child_key,) = assert_that(engine, pi).called_instances("child")
    assert_that(engine, child_key).is_terminated()
    assert_that(engine, pi).is_completed()


def test_uncaught_error_in_child_creates_incident_in_child(engine: Any) -> None:
    """An error caught nowhere (neither child nor parent) raises the incident at the throwing element.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#unhandled-errors"""
    child = process("child").start_event("cs").end_event("throw", error("X"))
    parent = process("parent").start_event("s").call_activity("call", process_id="child").end_event("e")
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    (child_key,) = assert_that(engine, pi).called_instances("child")
    assert_that(engine, child_key).has_incident("UNHANDLED_ERROR_EVENT", "throw")


def test_error_code_expression_on_end_event(engine: Any) -> None:
    """The error code of a throwing error event may be a FEEL expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#defining-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").end_event("throw", error("= reason")))
        .end_event("normal")
        .boundary_event("caught", error("LATE"), attached_to="sub")
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder, {"reason": "LATE"})
    assert_that(engine, pi).is_completed().has_passed("handled")


def test_error_boundary_on_multi_instance_body(engine: Any) -> None:
    """An error in one instance, caught on the multi-instance activity, terminates all three instances
    and the multi-instance body (all four carry the activity's element id).
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work", multi_instance=MultiInstance("= items", "item"))
        .end_event("ok")
        .boundary_event("failed", error("E1"), attached_to="task")
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder, {"items": [1, 2, 3]})
    jobs = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=3)
    engine.throw_error(jobs[0].key, error_code="E1", error_message="")
    assert_that(engine, pi).is_completed().has_passed("handled").has_terminated("task", times=4)
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=3) == []
