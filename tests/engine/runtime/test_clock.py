"""The controlled clock fires due timers in order, each at its own instant."""

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


def test_advance_fires_each_timer_at_its_due_instant(engine: Engine, clock: ControlledClock) -> None:
    start = clock.now()
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
    pi = engine.create_instance("p")
    clock.advance("P5D")
    triggered = [r for r in engine.records if r.value_type == "TIMER" and r.intent == "TRIGGERED"]
    assert [r.timestamp for r in triggered] == [
        to_ms(start + dt.timedelta(days=1)),
        to_ms(start + dt.timedelta(days=3)),
    ]
    assert engine.instance(pi.key).state == "COMPLETED"
    assert clock.now() == start + dt.timedelta(days=5)


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
