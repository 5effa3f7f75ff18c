"""The order of records where Zeebe's processors define it (subscriptions opened while activating,
interrupted activities terminated before the boundary event activates, variables merged while
completing). Facts from Zeebe's element processors and their tests (BoundaryEventTest,
JobWorkerElementTest, MessageCorrelationTest), as the record log is what exporters and Operate read.
https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""

from __future__ import annotations

import datetime as dt
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
from engine.testing.records import element_events as path_records


def _position(engine: Any, pi_key: int, value_type: str, intent: str, **where: Any) -> int:
    stream = RecordStream.of(engine).events().of_type(value_type).with_intent(intent).where(**where)
    if value_type in ("PROCESS_INSTANCE", "VARIABLE", "JOB", "TIMER"):
        stream = stream.process_instance(pi_key)
    return stream.first().position


def test_timer_created_while_catch_event_activates(engine: Any) -> None:
    """A catch event opens its timer before it is ELEMENT_ACTIVATED.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""
    pi = deploy_and_start(
        engine,
        process("p").start_event("s").intermediate_catch_event("wait", timer_duration("PT1H")).end_event("e"),
    )
    timer = _position(engine, pi.key, "TIMER", "CREATED")
    activating = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_ACTIVATING", elementId="wait")
    activated = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_ACTIVATED", elementId="wait")
    assert activating < timer < activated


def test_boundary_timer_created_while_activity_activates(engine: Any) -> None:
    """Boundary event subscriptions are opened while the activity activates.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="w")
        .end_event("e")
        .boundary_event("late", timer_duration("PT1H"), attached_to="task")
        .end_event("le")
    )
    pi = deploy_and_start(engine, builder)
    timer = _position(engine, pi.key, "TIMER", "CREATED")
    activated = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_ACTIVATED", elementId="task")
    assert timer < activated


def test_interrupted_activity_terminated_before_boundary_activates(engine: Any) -> None:
    """An interrupting boundary event: the activity is TERMINATING, its job CANCELED, the activity
    TERMINATED, then the boundary event is activated.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="w")
        .end_event("e")
        .boundary_event("late", timer_duration("PT1H"), attached_to="task")
        .end_event("le")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    triggered = _position(engine, pi.key, "TIMER", "TRIGGERED")
    terminating = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_TERMINATING", elementId="task")
    canceled = _position(engine, pi.key, "JOB", "CANCELED")
    terminated = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_TERMINATED", elementId="task")
    boundary = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_ACTIVATING", elementId="late")
    assert triggered < terminating < canceled < terminated < boundary


def test_non_interrupting_boundary_leaves_activity_activated(engine: Any) -> None:
    """A non-interrupting boundary event activates without the activity leaving ELEMENT_ACTIVATED.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="w")
        .end_event("e")
        .boundary_event("remind", timer_duration("PT1H"), attached_to="task", interrupting=False)
        .end_event("re")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    assert_that(engine, pi).has_intents("task", "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED").has_passed("re")


def test_job_completed_before_task_completes(engine: Any) -> None:
    """JOB COMPLETED comes before the task's ELEMENT_COMPLETING.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("task", job_type="w").end_event("e")
    )
    complete_jobs(engine, "w")
    completed_job = _position(engine, pi.key, "JOB", "COMPLETED")
    completing = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_COMPLETING", elementId="task")
    assert completed_job < completing


def test_completion_variables_merged_while_task_completes(engine: Any) -> None:
    """Job variables are merged while the task completes: between ELEMENT_COMPLETING and ELEMENT_COMPLETED.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-propagation"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("task", job_type="w").end_event("e")
    )
    complete_jobs(engine, "w", {"result": 1})
    completing = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_COMPLETING", elementId="task")
    variable = _position(engine, pi.key, "VARIABLE", "CREATED", name="result")
    completed = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", elementId="task")
    assert completing < variable < completed


def test_message_correlated_before_catch_event_completes(engine: Any) -> None:
    """PROCESS_MESSAGE_SUBSCRIPTION CORRELATED precedes the catch event's ELEMENT_COMPLETING.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", message("m", "= k")).end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"k": "1"})
    engine.publish_message("m", "1")
    correlated = (
        RecordStream.of(engine)
        .events()
        .of_type("PROCESS_MESSAGE_SUBSCRIPTION")
        .with_intent("CORRELATED")
        .process_instance(pi.key)
        .first()
        .position
    )
    completing = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_COMPLETING", elementId="wait")
    assert correlated < completing


def test_parallel_join_activated_once_after_both_flows(engine: Any) -> None:
    """The joining parallel gateway is activated once, after both incoming flows were taken.
    https://docs.camunda.io/docs/components/modeler/bpmn/parallel-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .flow("to_a")
        .service_task("a", job_type="a")
        .flow("a_join")
        .parallel_gateway("join")
        .end_event("e")
        .move_to("fork")
        .flow("to_b")
        .service_task("b", job_type="b")
        .flow("b_join")
        .connect_to("join")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "b")
    complete_jobs(engine, "a")
    events = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi.key)
    labels = [(r.value["elementId"], r.intent) for r in events]
    join_activating = labels.index(("join", "ELEMENT_ACTIVATING"))
    assert labels.index(("a_join", "SEQUENCE_FLOW_TAKEN")) < join_activating
    assert labels.index(("b_join", "SEQUENCE_FLOW_TAKEN")) < join_activating
    assert labels.count(("join", "ELEMENT_ACTIVATING")) == 1


def test_process_completes_after_last_end_event(engine: Any) -> None:
    """The process is COMPLETING only after its last end event COMPLETED.
    https://docs.camunda.io/docs/components/modeler/bpmn/none-events/#none-end-events"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    labels = [(r.value["elementId"], r.intent) for r in path_records(engine, pi.key)]
    assert labels.index(("e", "ELEMENT_COMPLETED")) < labels.index(("p", "ELEMENT_COMPLETING"))


def test_timer_not_fired_one_millisecond_early(engine: Any) -> None:
    """A timer never fires before its due instant, not even by a millisecond.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""
    pi = deploy_and_start(
        engine,
        process("p").start_event("s").intermediate_catch_event("wait", timer_duration("PT5M")).end_event("e"),
    )
    engine.clock.advance(dt.timedelta(minutes=5) - dt.timedelta(milliseconds=1))
    assert_that(engine, pi).is_waiting_at("wait")
    engine.clock.advance(dt.timedelta(milliseconds=1))
    assert_that(engine, pi).is_completed()


def test_timer_trigger_timestamp_is_the_instant_the_clock_moved_to(engine: Any) -> None:
    """When the clock moves past a due date, the timer fires at the instant the clock moved to, not
    at its due date: Zeebe 8.8's DueDateTimerChecker triggers the timers due before
    ``clock.millis()``, and the TRIGGER is processed at that instant.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""
    pi = deploy_and_start(
        engine,
        process("p").start_event("s").intermediate_catch_event("wait", timer_duration("PT1H")).end_event("e"),
    )
    created = RecordStream.of(engine).events().of_type("TIMER").with_intent("CREATED").first()
    engine.clock.advance("P1D")
    triggered = RecordStream.of(engine).events().of_type("TIMER").with_intent("TRIGGERED").first()
    assert triggered.value["dueDate"] == created.value["dueDate"]
    assert triggered.timestamp == engine.clock.now_ms() == created.value["dueDate"] + 23 * 3_600_000
    assert_that(engine, pi).is_completed()


def test_boundary_timer_cancelled_while_activity_completes(engine: Any) -> None:
    """Completing the activity closes its boundary subscriptions between ELEMENT_COMPLETING and
    ELEMENT_COMPLETED (Zeebe BoundaryEventTest: JOB COMPLETED, COMPLETING, TIMER CANCELED, COMPLETED).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="w")
        .end_event("e")
        .boundary_event("remind", timer_duration("PT1H"), attached_to="task", interrupting=False)
        .end_event("re")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "w")
    job_completed = _position(engine, pi.key, "JOB", "COMPLETED")
    completing = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_COMPLETING", elementId="task")
    canceled = _position(engine, pi.key, "TIMER", "CANCELED")
    completed = _position(engine, pi.key, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", elementId="task")
    assert job_completed < completing < canceled < completed


def test_cycle_timer_recreated_right_after_trigger(engine: Any) -> None:
    """A non-interrupting cycle timer writes TRIGGERED and then CREATED for the next repetition.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="w")
        .end_event("e")
        .boundary_event("tick", timer_cycle("R2/PT1H"), attached_to="task", interrupting=False)
        .end_event("ticked")
    )
    deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    assert RecordStream.of(engine).events().of_type("TIMER").intents() == ["CREATED", "TRIGGERED", "CREATED"]
