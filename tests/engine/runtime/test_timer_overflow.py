"""Timers whose due date lies beyond year 9999: an incident or a clear rejection, never an internal error.

Before, ``P999999999Y`` answered ``INTERNAL: ValueError: year 1000002026 is out of range`` and left the
in-memory engine refusing every further command; so did any timer once the clock was pinned at the
end of year 9999 (issue #18, item 5).
"""

from __future__ import annotations

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.runtime.clock_commands import LATEST_PIN_MS
from engine.runtime.errors import DeploymentRejected, InvalidArgument
from tests.engine.runtime.conftest import END, START, bpmn, chain, serves_the_next_command


def _timer(value: str, kind: str = "timeDuration") -> str:
    return (
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>'
        f"<bpmn:{kind}>{value}</bpmn:{kind}>"
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    )


def _deploy_timer(engine: Engine, value: str, kind: str = "timeDuration") -> None:
    engine.deploy([("p.bpmn", bpmn(START + _timer(value, kind) + END + chain("start", "wait", "end")))])


@pytest.mark.parametrize("value", ["P999999999Y", '=duration("P999999999Y")', '=@"P999999999Y"'])
def test_duration_past_year_9999_becomes_an_incident_on_the_timer(engine: Engine, value: str) -> None:
    _deploy_timer(engine, value)
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert incident.element_id == "wait"
    assert incident.error_type == "EXTRACT_VALUE_ERROR"
    assert "9999" in incident.error_message
    assert "P999999999Y" in incident.error_message
    serves_the_next_command(engine)


def test_cycle_past_year_9999_becomes_an_incident_on_the_boundary_timer(engine: Engine) -> None:
    task = '<bpmn:userTask id="task"/>'
    boundary = (
        '<bpmn:boundaryEvent id="remind" attachedToRef="task" cancelActivity="false">'
        "<bpmn:timerEventDefinition><bpmn:timeCycle>R3/P999999999Y</bpmn:timeCycle>"
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    )
    engine.deploy([("p.bpmn", bpmn(START + task + boundary + END + chain("start", "task", "end")))])
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert incident.element_id == "task"
    assert "9999" in incident.error_message


@pytest.mark.parametrize("value", ["P99999999999D", "PT99999999999999999999S"])
def test_duration_beyond_any_instant_is_rejected_at_deployment(engine: Engine, value: str) -> None:
    with pytest.raises(DeploymentRejected, match=r"Element: wait[\s\S]*out of range"):
        _deploy_timer(engine, value)
    serves_the_next_command(engine)


def test_any_timer_on_a_clock_pinned_at_the_end_of_9999_becomes_an_incident(
    engine: Engine, clock: ControlledClock
) -> None:
    _deploy_timer(engine, "P1D")
    engine.pin_clock(LATEST_PIN_MS)
    pi = engine.create_instance("p").key
    [incident] = engine.incidents(pi)
    assert incident.element_id == "wait"
    assert "9999" in incident.error_message
    serves_the_next_command(engine)


@pytest.mark.parametrize("epoch_ms", [LATEST_PIN_MS + 1, 2**62])
def test_pinning_the_clock_beyond_9999_is_rejected(engine: Engine, epoch_ms: int) -> None:
    with pytest.raises(InvalidArgument, match="9999-12-30"):
        engine.pin_clock(epoch_ms)
    serves_the_next_command(engine)
