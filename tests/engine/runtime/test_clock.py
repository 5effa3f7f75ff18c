"""The controlled clock fires what fell due in due order, all at the instant it moved to, as a
CLOCK PIN moves Zeebe 8.8's stream clock (zeebe/engine/.../clock/ClockProcessor.java) and its
due-date checker triggers every timer due before ``clock.millis()``
(zeebe/engine/.../timer/DueDateTimerChecker.java)."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.clock import ControlledClock, to_ms
from engine.runtime import Engine
from tests.engine.runtime.diagrams import END, START, bpmn, chain


def _timer(eid: str, duration: str) -> str:
    return (
        f'<bpmn:intermediateCatchEvent id="{eid}"><bpmn:timerEventDefinition>'
        f"<bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>"
        "</bpmn:intermediateCatchEvent>"
    )


def _two_waits(engine: Engine) -> int:
    engine.deploy(
        [
            (
                "p.bpmn",
                bpmn(
                    START
                    + _timer("t1", "P1D")
                    + _timer("t2", "P2D")
                    + END
                    + chain("start", "t1", "t2", "end")
                ),
            )
        ]
    )
    return engine.create_instance("p").key


def _triggered(engine: Engine) -> list[tuple[int, int]]:
    return [
        (r.value["dueDate"], r.timestamp)
        for r in engine.records
        if r.value_type == "TIMER" and r.intent == "TRIGGERED"
    ]


def test_advance_fires_a_due_timer_at_the_new_instant(engine: Engine, clock: ControlledClock) -> None:
    start = clock.now()
    pi = _two_waits(engine)
    clock.advance("P5D")
    assert _triggered(engine) == [(to_ms(start + dt.timedelta(days=1)), to_ms(start + dt.timedelta(days=5)))]
    # the second timer was created at the new instant, so it is due two days after it
    assert engine.instance(pi).state == "ACTIVE"
    assert clock.now() == start + dt.timedelta(days=5)
    clock.advance("P2D")
    assert engine.instance(pi).state == "COMPLETED"


def test_advancing_to_each_due_date_in_turn_fires_each_at_its_own_instant(
    engine: Engine, clock: ControlledClock
) -> None:
    start = clock.now()
    pi = _two_waits(engine)
    clock.advance("P1D")
    clock.advance("P2D")
    assert _triggered(engine) == [
        (to_ms(start + dt.timedelta(days=1)), to_ms(start + dt.timedelta(days=1))),
        (to_ms(start + dt.timedelta(days=3)), to_ms(start + dt.timedelta(days=3))),
    ]
    assert engine.instance(pi).state == "COMPLETED"


def test_a_late_timer_sees_the_new_instant_as_feel_now(engine: Engine, clock: ControlledClock) -> None:
    """What follows a late trigger runs at the instant the clock moved to: FEEL now() there."""
    script = (
        '<bpmn:scriptTask id="s"><bpmn:extensionElements>'
        '<zeebe:script expression="=string(now())" resultVariable="at"/>'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )
    engine.deploy(
        [("p.bpmn", bpmn(START + _timer("t1", "PT1H") + script + END + chain("start", "t1", "s", "end")))]
    )
    engine.create_instance("p")
    clock.advance("P3D")
    at = next(r for r in engine.records if r.value_type == "VARIABLE" and r.value["name"] == "at")
    assert "2026-10-03T09:00" in at.value["value"]


def test_advance_short_of_due_fires_nothing(engine: Engine, clock: ControlledClock) -> None:
    engine.deploy([("p.bpmn", bpmn(START + _timer("t1", "PT2H") + END + chain("start", "t1", "end")))])
    pi = engine.create_instance("p")
    clock.advance(dt.timedelta(hours=1, minutes=59))
    assert engine.instance(pi.key).state == "ACTIVE"
    clock.advance("PT1M")
    assert engine.instance(pi.key).state == "COMPLETED"


def test_clock_cannot_go_back(clock: ControlledClock) -> None:
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance_to(clock.now() - dt.timedelta(seconds=1))


def test_start_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="zone offset"):
        ControlledClock(start="2026-09-30T09:00:00")


def test_feel_now_sees_the_engine_clock(engine: Engine, clock: ControlledClock) -> None:
    script = (
        '<bpmn:scriptTask id="s"><bpmn:extensionElements>'
        '<zeebe:script expression="=string(now())" resultVariable="at"/>'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )
    engine.deploy([("p.bpmn", bpmn(START + script + END + chain("start", "s", "end")))])
    clock.advance("P10D")
    pi = engine.create_instance("p")
    assert engine.instance(pi.key).state == "COMPLETED"
    at = next(r for r in engine.records if r.value_type == "VARIABLE" and r.value["name"] == "at")
    assert "2026-10-10T09:00" in at.value["value"]


def test_cron_cycles_follow_the_clock_zone(engine: Engine, clock: ControlledClock) -> None:
    start = (
        '<bpmn:startEvent id="start"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * *'
        "</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
    )
    engine.deploy([("p.bpmn", bpmn(start + END + chain("start", "end")))])
    clock.advance("P1D")
    created = [r for r in engine.records if r.value_type == "TIMER" and r.intent == "TRIGGERED"]
    local = [dt.datetime.fromtimestamp(r.timestamp / 1000, tz=clock.now().tzinfo) for r in created]
    assert [(t.hour, t.minute) for t in local] == [(9, 0)]


def _service_task(engine: Engine) -> None:
    task = '<bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="work"/>'
    task += "</bpmn:extensionElements></bpmn:serviceTask>"
    engine.deploy([("p.bpmn", bpmn(START + task + END + chain("start", "work", "end")))])
    engine.create_instance("p")


def _job_event(engine: Engine, intent: str) -> tuple[int, ...]:
    return tuple(r.timestamp for r in engine.records if r.value_type == "JOB" and r.intent == intent)


def test_a_job_time_out_passed_fires_at_the_new_instant(engine: Engine, clock: ControlledClock) -> None:
    """Zeebe 8.8's JobTimeoutCheckScheduler collects the jobs whose deadline lies before
    ``clock.millis()`` and writes their TIME_OUT commands, processed at that instant."""
    _service_task(engine)
    assert len(engine.activate_jobs("work", timeout_ms=60_000)) == 1
    clock.advance("PT1H")
    assert _job_event(engine, "TIMED_OUT") == (clock.now_ms(),)


def test_a_retry_back_off_passed_recurs_at_the_new_instant(engine: Engine, clock: ControlledClock) -> None:
    """Zeebe 8.8's JobBackoffChecker (a DueDateChecker) recurs every job whose back-off ended before
    the clock's current instant, processed at that instant."""
    _service_task(engine)
    [job] = engine.activate_jobs("work")
    engine.fail_job(job.key, retries=2, retry_backoff_ms=60_000)
    clock.advance("PT1H")
    assert _job_event(engine, "RECURRED_AFTER_BACKOFF") == (clock.now_ms(),)
