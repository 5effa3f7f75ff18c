"""Embedded subprocesses and event subprocesses (interrupting and non-interrupting)."""

from __future__ import annotations

from typing import Any

from engine.testing import (
    RecordStream,
    assert_that,
    complete_jobs,
    deploy_and_start,
    message,
    process,
    timer_cycle,
    timer_duration,
)


def _sub(**options: Any) -> Any:
    return (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: s.start_event("ss").service_task("inner", job_type="inner").end_event("se"),
            **options,
        )
        .end_event("e")
    )


def test_embedded_subprocess_runs_its_inner_flow(engine: Any) -> None:
    """An embedded subprocess starts at its none start event and completes when its flow ends.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    pi = deploy_and_start(engine, _sub())
    assert_that(engine, pi).is_waiting_at("sub", "inner")
    complete_jobs(engine, "inner")
    assert_that(engine, pi).is_completed().has_passed_in_order("ss", "inner", "se", "sub", "e")


def test_subprocess_is_flow_scope_of_its_elements(engine: Any) -> None:
    """Inner elements have the subprocess instance as their flow scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    pi = deploy_and_start(engine, _sub())
    records = RecordStream.of(engine).events().process_instance(pi.key)
    sub = records.where(elementId="sub").first()
    assert sub.value["bpmnElementType"] == "SUB_PROCESS"
    assert sub.value["flowScopeKey"] == pi.key
    assert records.where(elementId="inner").first().value["flowScopeKey"] == sub.key


def test_subprocess_event_order(engine: Any) -> None:
    """The subprocess is ACTIVATED before its start event, and COMPLETING after its end event.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    pi = deploy_and_start(
        engine,
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").end_event("se"))
        .end_event("e"),
    )
    order = [
        (r.value["elementId"], r.intent)
        for r in RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi.key)
    ]
    assert order.index(("sub", "ELEMENT_ACTIVATED")) < order.index(("ss", "ELEMENT_ACTIVATING"))
    assert order.index(("se", "ELEMENT_COMPLETED")) < order.index(("sub", "ELEMENT_COMPLETING"))


def test_subprocess_local_variables_via_input_mapping(engine: Any) -> None:
    """Input mappings on a subprocess create local variables, invisible outside it.
    https://docs.camunda.io/docs/components/concepts/variables/#input-mappings"""
    pi = deploy_and_start(engine, _sub(inputs={"local": "= 1"}))
    assert_that(engine, pi).has_local_variable("sub", "local", 1).has_no_variable("local")
    complete_jobs(engine, "inner")
    assert_that(engine, pi).is_completed().has_no_variable("local")


def test_subprocess_output_mapping(engine: Any) -> None:
    """Output mappings of a subprocess copy values to the outer scope when it completes.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    pi = deploy_and_start(engine, _sub(inputs={"local": "= 1"}, outputs={"result": "= local + 1"}))
    complete_jobs(engine, "inner")
    assert_that(engine, pi).is_completed().has_variable("result", 2)


def test_boundary_timer_on_subprocess_terminates_inner_elements(engine: Any) -> None:
    """Interrupting a subprocess terminates everything inside it.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    builder = _sub().boundary_event("too_late", timer_duration("PT1H"), attached_to="sub").end_event("late")
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    assert_that(engine, pi).is_completed().has_terminated("inner").has_terminated("sub").has_passed("late")


def test_nested_subprocesses(engine: Any) -> None:
    """Subprocesses can be nested.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "outer",
            lambda o: (
                o.start_event("os")
                .sub_process(
                    "inner", lambda i: i.start_event("is").service_task("t", job_type="t").end_event("ie")
                )
                .end_event("oe")
            ),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_waiting_at("outer", "inner", "t")
    complete_jobs(engine, "t")
    assert_that(engine, pi).is_completed()


def test_subprocess_with_parallel_branches_completes_after_all(engine: Any) -> None:
    """A subprocess completes only when no token is left inside it.
    https://docs.camunda.io/docs/components/modeler/bpmn/embedded-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: (
                s.start_event("ss")
                .parallel_gateway("f")
                .service_task("a", job_type="a")
                .end_event("ea")
                .move_to("f")
                .service_task("b", job_type="b")
                .end_event("eb")
            ),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "a")
    assert_that(engine, pi).is_waiting_at("sub", "b")
    complete_jobs(engine, "b")
    assert_that(engine, pi).is_completed()


# ---------------------------------------------------------------------- event subprocesses
def _with_event_sub(start: Any, interrupting: bool) -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("main", job_type="main")
        .end_event("e")
        .event_sub_process(
            "esp",
            lambda e: (
                e.start_event("esp_start", start, interrupting=interrupting)
                .service_task("handler", job_type="handler")
                .end_event("esp_end")
            ),
        )
    )


def test_interrupting_event_subprocess_terminates_scope(engine: Any) -> None:
    """An interrupting event subprocess terminates all other active elements of its scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(message("cancel", "= id"), True), {"id": "1"})
    engine.publish_message("cancel", "1")
    assert_that(engine, pi).is_waiting_exactly_at("esp", "handler").has_terminated("main")
    complete_jobs(engine, "handler")
    assert_that(engine, pi).is_completed().has_not_passed("e")


def test_non_interrupting_event_subprocess_runs_in_parallel(engine: Any) -> None:
    """A non-interrupting event subprocess runs alongside the rest of the scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(message("note", "= id"), False), {"id": "1"})
    engine.publish_message("note", "1")
    assert_that(engine, pi).is_waiting_at("main", "handler")
    complete_jobs(engine, "main")
    assert_that(engine, pi).is_active()
    complete_jobs(engine, "handler")
    assert_that(engine, pi).is_completed()


def test_non_interrupting_timer_event_subprocess_fires_per_cycle(engine: Any) -> None:
    """A non-interrupting timer event subprocess with a cycle starts once per cycle.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(timer_cycle("R2/P1D"), False))
    for _ in range(3):
        engine.clock.advance("P1D")
    assert_that(engine, pi).has_activated("esp", times=2).is_waiting_at("main")


def test_interrupting_timer_event_subprocess(engine: Any) -> None:
    """An interrupting timer event subprocess fires once and interrupts.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(timer_duration("P10D"), True))
    engine.clock.advance("P10D")
    assert_that(engine, pi).has_terminated("main").is_waiting_at("handler")


def test_event_subprocess_subscription_closed_when_scope_completes(engine: Any) -> None:
    """The event subprocess's subscriptions live only while its scope is active.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(message("note", "= id"), False), {"id": "1"})
    assert_that(engine, pi).is_waiting_for_message("note", "1")
    complete_jobs(engine, "main")
    assert_that(engine, pi).is_completed().is_not_waiting_for_message("note")


def test_event_subprocess_element_type(engine: Any) -> None:
    """An event subprocess is recorded as EVENT_SUB_PROCESS with the process as flow scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(message("note", "= id"), False), {"id": "1"})
    engine.publish_message("note", "1")
    esp = RecordStream.of(engine).events().process_instance(pi.key).where(elementId="esp").first()
    assert esp.value["bpmnElementType"] == "EVENT_SUB_PROCESS"
    assert esp.value["flowScopeKey"] == pi.key


def test_event_subprocess_sees_scope_variables(engine: Any) -> None:
    """An event subprocess can read the variables of its enclosing scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(message("note", "= id"), False), {"id": "1", "owner": "li"})
    engine.publish_message("note", "1")
    job = engine.activate_jobs("handler", worker="w", timeout_ms=60_000, max_jobs=1)[0]
    assert job.variables["owner"] == "li"
    assert_that(engine, pi).is_active()


def test_event_subprocess_inside_subprocess(engine: Any) -> None:
    """An event subprocess inside an embedded subprocess only interrupts that subprocess.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: (
                s.start_event("ss")
                .service_task("inner", job_type="inner")
                .end_event("se")
                .event_sub_process(
                    "esp", lambda e: e.start_event("t", timer_duration("PT1H")).end_event("esp_end")
                )
            ),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    assert_that(engine, pi).is_completed().has_terminated("inner").has_passed("sub").has_passed("e")


def test_non_interrupting_message_event_subprocess_repeats(engine: Any) -> None:
    """Each matching message starts another instance of a non-interrupting event subprocess.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    pi = deploy_and_start(engine, _with_event_sub(message("note", "= id"), False), {"id": "1"})
    engine.publish_message("note", "1")
    engine.publish_message("note", "1")
    assert_that(engine, pi).has_activated("esp", times=2)
