"""Timer events: durations, dates and cycles on catch, boundary and start events; timers never fire
early and are cancelled with their scope. https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from engine.feel.clock import system_zone
from engine.testing import (
    RecordStream,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    process,
    process_instances,
    timer_cycle,
    timer_date,
    timer_duration,
)

HOUR_MS = 3_600_000


def _timers(engine: Any) -> RecordStream:
    return RecordStream.of(engine).events().of_type("TIMER")


def _catch(timer: Any) -> Any:
    return process("p").start_event("s").intermediate_catch_event("wait", timer).end_event("e")


def test_duration_timer_creates_timer_with_due_date(engine: Any) -> None:
    """Entering a duration timer catch event creates a timer due at now + duration.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    now = engine.clock.now_ms()
    pi = deploy_and_start(engine, _catch(timer_duration("PT1H")))
    timer = _timers(engine).with_intent("CREATED").first()
    assert timer.value["dueDate"] == now + HOUR_MS
    assert timer.value["targetElementId"] == "wait"
    assert timer.value["processInstanceKey"] == pi.key
    assert_that(engine, pi).is_waiting_at("wait")


def test_duration_timer_never_fires_early(engine: Any) -> None:
    """A timer does not fire before its due date.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""
    pi = deploy_and_start(engine, _catch(timer_duration("PT1H")))
    engine.clock.advance("PT59M59S")
    assert_that(engine, pi).is_waiting_at("wait")
    assert "TRIGGERED" not in _timers(engine).intents()


def test_duration_timer_fires_when_due(engine: Any) -> None:
    """When the duration has passed, the timer triggers (TIMER TRIGGERED) and the flow continues.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    pi = deploy_and_start(engine, _catch(timer_duration("PT1H")))
    engine.clock.advance("PT1H")
    assert_that(engine, pi).is_completed().has_passed("wait")
    assert _timers(engine).intents() == ["CREATED", "TRIGGERED"]


def test_duration_expression(engine: Any) -> None:
    """A duration may be a FEEL expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    pi = deploy_and_start(engine, _catch(timer_duration("= reminder")), {"reminder": "PT30M"})
    engine.clock.advance("PT29M")
    assert_that(engine, pi).is_waiting_at("wait")
    engine.clock.advance("PT1M")
    assert_that(engine, pi).is_completed()


def test_duration_in_days(engine: Any) -> None:
    """P5D is five days.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    pi = deploy_and_start(engine, _catch(timer_duration("P5D")))
    engine.clock.advance("P4DT23H")
    assert_that(engine, pi).is_waiting_at("wait")
    engine.clock.advance("PT1H")
    assert_that(engine, pi).is_completed()


def test_invalid_duration_expression_result_raises_incident(engine: Any) -> None:
    """A duration expression that does not give a duration creates an EXTRACT_VALUE_ERROR incident.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = deploy_and_start(engine, _catch(timer_duration("= reminder")), {"reminder": "soon"})
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "wait")


def test_date_timer_fires_at_the_date(engine: Any) -> None:
    """A date timer fires at the given instant (with zone offset).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    pi = deploy_and_start(engine, _catch(timer_date("2026-10-08T09:00:00+08:00")))
    engine.clock.advance_to("2026-10-08T08:59:59+08:00")
    assert_that(engine, pi).is_waiting_at("wait")
    engine.clock.advance_to("2026-10-08T09:00:00+08:00")
    assert_that(engine, pi).is_completed()


def test_date_timer_in_utc(engine: Any) -> None:
    """A date with Z is UTC: 01:00Z equals 09:00 in Beijing.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    pi = deploy_and_start(engine, _catch(timer_date("2026-10-01T01:00:00Z")))
    engine.clock.advance_to("2026-10-01T08:59:00+08:00")
    assert_that(engine, pi).is_waiting_at("wait")
    engine.clock.advance_to("2026-10-01T09:00:00+08:00")
    assert_that(engine, pi).is_completed()


def test_date_expression(engine: Any) -> None:
    """A date may be a FEEL expression giving a date and time.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    builder = _catch(timer_date("= date and time(dueDate)"))
    pi = deploy_and_start(engine, builder, {"dueDate": "2026-10-02T09:00:00+08:00"})
    engine.clock.advance("P2D")
    assert_that(engine, pi).is_completed()


def test_date_in_the_past_fires_at_once(engine: Any) -> None:
    """A date that has already passed makes the timer due immediately.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    pi = deploy_and_start(engine, _catch(timer_date("2020-01-01T00:00:00Z")))
    engine.clock.advance("PT1S")
    assert_that(engine, pi).is_completed()


def test_interrupting_timer_boundary_terminates_activity(engine: Any) -> None:
    """An interrupting timer boundary event terminates the activity when due.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review")
        .end_event("reviewed")
        .boundary_event("overdue", timer_duration("P5D"), attached_to="review")
        .end_event("escalated")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("P5D")
    assert_that(engine, pi).is_completed().has_terminated("review").has_passed("escalated")


def test_non_interrupting_timer_boundary_keeps_activity(engine: Any) -> None:
    """A non-interrupting timer boundary event runs its flow, the activity stays.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event("remind", timer_duration("P3D"), attached_to="task", interrupting=False)
        .service_task("send_reminder", job_type="remind")
        .end_event("reminded")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("P3D")
    assert_that(engine, pi).is_waiting_at("task", "send_reminder")
    complete_jobs(engine, "remind")
    complete_jobs(engine, "work")
    assert_that(engine, pi).is_completed()


def test_non_interrupting_cycle_boundary_fires_repeatedly(engine: Any) -> None:
    """A non-interrupting boundary timer with a cycle fires once per cycle, as often as repeated.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event("remind", timer_cycle("R3/PT1H"), attached_to="task", interrupting=False)
        .end_event("reminded")
    )
    pi = deploy_and_start(engine, builder)
    for _ in range(5):
        engine.clock.advance("PT1H")
    assert_that(engine, pi).has_passed("reminded", times=3).is_waiting_at("task")


def _cycle_reminder() -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event("remind", timer_cycle("R/PT1H"), attached_to="task", interrupting=False)
        .end_event("reminded")
    )


def test_a_late_cycle_fires_once_and_continues_an_interval_after_the_late_instant(engine: Any) -> None:
    """Moved five hours past its due date at once, a cycle timer fires once, not once per missed
    hour, and its next occurrence is one interval after the instant it fired: Zeebe 8.8's
    TimerTriggerProcessor reschedules through CatchEventBehavior.subscribeToTimerEvent with
    ``timer.getDueDate(clock.millis())``, and an Interval whose start (last due + interval) lies
    before that instant resolves to the instant plus one interval (camunda/camunda#10054)."""
    pi = deploy_and_start(engine, _cycle_reminder())
    start = engine.clock.now_ms()
    engine.clock.advance("PT5H30M")
    assert_that(engine, pi).has_passed("reminded", times=1)
    created = _timers(engine).with_intent("CREATED").values("dueDate")
    assert created == [start + HOUR_MS, start + 5 * HOUR_MS + 30 * 60_000 + HOUR_MS]


def test_a_cycle_fired_less_than_an_interval_late_keeps_its_cadence(engine: Any) -> None:
    """When the next occurrence (last due + interval) still lies ahead, it is kept."""
    pi = deploy_and_start(engine, _cycle_reminder())
    start = engine.clock.now_ms()
    engine.clock.advance("PT1H30M")
    assert_that(engine, pi).has_passed("reminded", times=1)
    assert _timers(engine).with_intent("CREATED").values("dueDate") == [start + HOUR_MS, start + 2 * HOUR_MS]


def test_a_cycle_fired_exactly_an_interval_late_moves_a_full_interval_on(engine: Any) -> None:
    """A next occurrence at the very instant of the late trigger is overdue too, so the timer does
    not fire twice at that instant (Interval.toEpochMilli: a start at or before ``from``)."""
    pi = deploy_and_start(engine, _cycle_reminder())
    start = engine.clock.now_ms()
    engine.clock.advance("PT2H")
    assert_that(engine, pi).has_passed("reminded", times=1)
    assert _timers(engine).with_intent("CREATED").values("dueDate") == [start + HOUR_MS, start + 3 * HOUR_MS]


def test_timer_cancelled_when_activity_completes(engine: Any) -> None:
    """A boundary timer is cancelled (TIMER CANCELED) when its activity completes first.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event("overdue", timer_duration("PT1H"), attached_to="task")
        .end_event("late")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "work")
    assert _timers(engine).intents() == ["CREATED", "CANCELED"]
    engine.clock.advance("PT2H")
    assert_that(engine, pi).is_completed().has_not_activated("overdue")


def test_timer_start_event_with_date_creates_instance(engine: Any) -> None:
    """A timer start event with a date creates one instance at that date.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-start-events"""
    deploy_resources(
        engine, process("t").start_event("at", timer_date("2026-10-01T09:00:00+08:00")).end_event("e")
    )
    assert process_instances(engine, "t") == []
    engine.clock.advance("P1D")
    assert len(process_instances(engine, "t")) == 1
    engine.clock.advance("P10D")
    assert len(process_instances(engine, "t")) == 1


def test_timer_start_event_with_cycle_creates_repeatedly(engine: Any) -> None:
    """A timer start event with R3/PT1H creates an instance each hour, three times.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-start-events"""
    deploy_resources(engine, process("t").start_event("hourly", timer_cycle("R3/PT1H")).end_event("e"))
    engine.clock.advance("PT1H")
    assert len(process_instances(engine, "t")) == 1
    for _ in range(10):
        engine.clock.advance("PT1H")
    assert len(process_instances(engine, "t")) == 3


def test_a_late_timer_start_cycle_creates_one_instance_for_the_gap(engine: Any) -> None:
    """A start event cycle passed by ten hours at once creates one instance, then the next an
    interval later (TimerTriggerProcessor reschedules start events as catch events; #10054)."""
    deploy_resources(engine, process("t").start_event("hourly", timer_cycle("R3/PT1H")).end_event("e"))
    engine.clock.advance("PT10H")
    assert len(process_instances(engine, "t")) == 1
    engine.clock.advance("PT1H")
    assert len(process_instances(engine, "t")) == 2


def test_timer_start_event_instance_records_start_event(engine: Any) -> None:
    """An instance created by a timer starts at the timer start event.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-start-events"""
    deploy_resources(engine, process("t").start_event("hourly", timer_cycle("R1/PT1H")).end_event("e"))
    engine.clock.advance("PT1H")
    (instance,) = process_instances(engine, "t")
    assert_that(engine, instance).is_completed().has_passed("hourly")


def test_new_version_cancels_old_timer_start_event(engine: Any) -> None:
    """Deploying a new version replaces the old version's timer start event (old timer CANCELED).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-start-events"""
    deploy_resources(engine, process("t").start_event("hourly", timer_cycle("R5/PT1H")).end_event("v1"))
    deploy_resources(engine, process("t").start_event("hourly", timer_cycle("R5/PT1H")).end_event("v2"))
    assert "CANCELED" in _timers(engine).intents()
    engine.clock.advance("PT1H")
    created = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").with_intent("ELEMENT_ACTIVATED")
    assert created.where(bpmnElementType="PROCESS", bpmnProcessId="t").values("version") == [2]


def test_cycle_with_start_date(engine: Any) -> None:
    """A cycle may start at a date: R2/2026-10-01T09:00:00+08:00/P1D fires on Oct 1 and Oct 2.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    deploy_resources(
        engine,
        process("t").start_event("daily", timer_cycle("R2/2026-10-01T09:00:00+08:00/P1D")).end_event("e"),
    )
    engine.clock.advance_to("2026-10-01T08:00:00+08:00")
    assert process_instances(engine, "t") == []
    engine.clock.advance_to("2026-10-01T09:00:00+08:00")
    engine.clock.advance_to("2026-10-02T09:00:00+08:00")
    engine.clock.advance_to("2026-10-05T09:00:00+08:00")
    assert len(process_instances(engine, "t")) == 2


def test_timers_fire_in_due_order(engine: Any) -> None:
    """Two timers due at different times, passed at once, fire in due order at the new instant.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .intermediate_catch_event("late", timer_duration("PT2H"))
        .end_event("e1")
        .move_to("fork")
        .intermediate_catch_event("early", timer_duration("PT1H"))
        .end_event("e2")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT3H")
    assert_that(engine, pi).is_completed().has_passed_in_order("early", "late")
    fired_at = _timers(engine).with_intent("TRIGGERED").records
    assert {r.timestamp for r in fired_at} == {engine.clock.now_ms()}
    triggered = _timers(engine).with_intent("TRIGGERED").values("targetElementId")
    assert triggered == ["early", "late"]


# A timer date without an offset: camunda/camunda zeebe/engine/src/main/java/io/camunda/zeebe/engine/
# processing/common/ExpressionProcessor.java (evaluateDateTimeExpression) takes a DATE_TIME result
# or reads a STRING with ZonedDateTime.parse, which needs an offset; zeebe/expression-language/.../
# el/impl/FeelEvaluationResult.java makes a FEEL local date-time a DATE_TIME at
# ZoneId.systemDefault(); zeebe/engine/.../deployment/model/validation/
# TimerCatchEventExpressionValidator.java evaluates static timer expressions at deployment.


def test_static_date_without_offset_rejects_the_deployment(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A static timeDate is checked when deployed; "2026-10-01T09:00:00" has no offset, so
    ZonedDateTime.parse fails and the deployment is rejected naming the element."""
    with pytest.raises(deployment_rejected) as info:
        deploy_resources(engine, _catch(timer_date("2026-10-01T09:00:00")))
    assert "wait" in str(info.value)
    assert (
        "Invalid timer date expression (Invalid date-time format '2026-10-01T09:00:00' "
        "for expression '2026-10-01T09:00:00'.)"
    ) in str(info.value)


def test_date_string_without_offset_from_an_expression_raises_an_incident(engine: Any) -> None:
    """A FEEL expression whose result is a string without an offset is an EXTRACT_VALUE_ERROR
    incident at the timer event, worded as ExpressionProcessor words it."""
    pi = deploy_and_start(engine, _catch(timer_date("=dueText")), {"dueText": "2026-10-01T09:00:00"})
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "wait")
    [incident] = engine.incidents(pi.key)
    assert (
        incident.error_message == "Invalid date-time format '2026-10-01T09:00:00' for expression 'dueText'."
    )


def test_date_that_is_no_date_time_names_zeebes_result_type(engine: Any) -> None:
    """A date timer whose expression gives a date (not a date-time) fails the type check with
    Zeebe's ResultType name, DATE."""
    pi = deploy_and_start(engine, _catch(timer_date('=date("2026-10-01")')))
    [incident] = engine.incidents(pi.key)
    assert incident.error_message == (
        "Expected result of the expression 'date(\"2026-10-01\")' to be one of '[DATE_TIME, STRING]', "
        "but was 'DATE'."
    )


@pytest.fixture
def shanghai_system_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    system_zone.cache_clear()
    yield
    monkeypatch.undo()
    system_zone.cache_clear()


@pytest.mark.usefixtures("shanghai_system_zone")
def test_local_date_time_from_feel_is_taken_in_the_system_zone(engine: Any) -> None:
    """A FEEL local date-time is a DATE_TIME placed in the system's default zone: with the system
    in Asia/Shanghai, 09:00 local is 01:00Z."""
    deploy_and_start(engine, _catch(timer_date('=date and time("2026-10-01T09:00:00")')))
    timer = _timers(engine).with_intent("CREATED").first()
    assert timer.value["dueDate"] == int(dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC).timestamp() * 1000)
