"""The management clock endpoint (Zeebe's /actuator/clock on its management port): it reads the
actor clock always, and changes it only where the clock is controlled (``--clock-controlled``,
``ZEEBE_CLOCK_CONTROLLED``); the engine clock follows the actor clock unless ``PUT /v2/clock``
pinned it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from engine.__main__ import parse_options
from engine.clock import ControlledClock, SystemClock, to_ms
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from engine.testing import assert_that
from engine.testing.builder import process
from engine.testing.events import timer_duration
from tests.engine.gateway.conftest import START, LoopThread

HOUR_MS = 3_600_000
PAST = to_ms(dt.datetime(2021, 10, 31, 9, 36, 4, 533_000, tzinfo=dt.UTC))


class Management:
    def __init__(self, engine: Engine, running: RunningGateway) -> None:
        self.engine = engine
        self.running = running

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.running.management_port}/actuator/clock"

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.running.rest_port}/v2"

    def post(self, operation: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{self.url}/{operation}", json=body)


Starter = Callable[[bool], Management]
"""Starts an engine on the system clock with the management endpoint; True: clock controlled."""


@pytest.fixture
def start_management() -> Iterator[Starter]:
    loop = LoopThread()
    started: list[Management] = []

    def start(controlled: bool) -> Management:
        engine = Engine.in_memory(clock=SystemClock())
        running = loop.run(start_gateway(engine, management_port=0, clock_controlled=controlled))
        started.append(Management(engine, running))
        return started[-1]

    yield start
    for served in started:
        loop.run(served.running.stop(grace_seconds=0.5))
    loop.close()


def waits_an_hour() -> bytes:
    return (
        process("waits_an_hour")
        .start_event("start")
        .intermediate_catch_event("wait", timer_duration("PT1H"))
        .end_event("end")
        .to_xml()
    )


def test_an_uncontrolled_clock_is_read_but_refuses_changes_with_403(
    start_management: Starter,
) -> None:
    served = start_management(False)
    before = int(time.time() * 1000)

    read = httpx.get(served.url)
    assert read.status_code == 200
    assert read.json()["epochMilli"] >= before

    pin = served.post("pin", {"epochMilli": PAST})
    assert (pin.status_code, pin.json()) == (
        403,
        "Expected to pin the clock to the given time, but it is immutable",
    )
    add = served.post("add", {"offsetMilli": HOUR_MS})
    assert (add.status_code, add.json()) == (403, "Expected to add time to the clock, but it is immutable")
    reset = httpx.delete(served.url)
    assert (reset.status_code, reset.json()) == (
        403,
        "Expected to reset the clock, but the clock is immutable",
    )
    assert served.engine.clock.now_ms() >= before


def test_malformed_changes_are_400_before_the_clock_is_asked(
    start_management: Starter,
) -> None:
    served = start_management(False)

    assert served.post("pin", {}).json() == "Expected pin the clock to the given `epochMilli`, but none given"
    assert served.post("add", {"offsetMilli": "1h"}).status_code == 400
    unknown = served.post("rewind", {"epochMilli": PAST})
    assert unknown.status_code == 400
    assert "no operation named `rewind`" in unknown.json()


def test_a_controlled_clock_is_pinned_and_the_engine_follows(
    start_management: Starter,
) -> None:
    served = start_management(True)

    response = served.post("pin", {"epochMilli": PAST})

    assert response.status_code == 200
    assert response.json() == {"epochMilli": PAST, "instant": "2021-10-31T09:36:04.533Z"}
    assert served.engine.clock.now_ms() == PAST


def test_adding_time_fires_what_fell_due_at_the_new_instant(
    start_management: Starter,
) -> None:
    served = start_management(True)
    engine = served.engine
    served.post("pin", {"epochMilli": PAST})
    engine.deploy([("wait.bpmn", waits_an_hour())])
    instance = engine.create_instance("waits_an_hour")

    response = served.post("add", {"offsetMilli": 2 * HOUR_MS})

    assert response.json()["epochMilli"] == PAST + 2 * HOUR_MS
    assert_that(engine, instance.key).is_completed()
    [fired] = [r for r in engine.records if r.value_type == "TIMER" and r.intent == "TRIGGERED"]
    # the due-date checker sees only the clock's current instant (DueDateTimerChecker.java)
    assert (fired.value["dueDate"], fired.timestamp) == (PAST + HOUR_MS, PAST + 2 * HOUR_MS)


def test_a_rest_pin_holds_the_engine_clock_until_reset(
    start_management: Starter,
) -> None:
    served = start_management(True)
    served.post("pin", {"epochMilli": PAST})
    assert httpx.put(f"{served.rest_url}/clock", json={"timestamp": PAST + 5}).status_code == 204

    served.post("add", {"offsetMilli": HOUR_MS})
    assert served.engine.clock.now_ms() == PAST + 5
    assert httpx.get(served.url).json()["epochMilli"] == PAST + HOUR_MS

    assert httpx.post(f"{served.rest_url}/clock/reset").status_code == 204
    assert served.engine.clock.now_ms() == PAST + HOUR_MS


def test_deleting_the_modification_returns_to_system_time(
    start_management: Starter,
) -> None:
    served = start_management(True)
    served.post("pin", {"epochMilli": PAST})
    before = int(time.time() * 1000)

    response = httpx.delete(served.url)

    assert response.status_code == 200
    assert response.json()["epochMilli"] >= before
    assert served.engine.clock.now_ms() >= before


def test_the_management_endpoint_needs_the_system_clock() -> None:
    loop = LoopThread()
    try:
        engine = Engine.in_memory(clock=ControlledClock(start=START))
        with pytest.raises(ValueError, match="needs an engine on the system clock, not ControlledClock"):
            loop.run(start_gateway(engine, management_port=0))
        engine.close()
    finally:
        loop.close()


def test_the_flag_and_zeebes_variable_control_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZEEBE_CLOCK_CONTROLLED", raising=False)
    default = parse_options([])
    assert (default.clock_controlled, default.management_port) == (False, None)
    flagged = parse_options(["--clock-controlled"])
    assert (flagged.clock_controlled, flagged.management_port) == (True, 9600)
    read_only = parse_options(["--management-port", "9700"])
    assert (read_only.clock_controlled, read_only.management_port) == (False, 9700)

    monkeypatch.setenv("ZEEBE_CLOCK_CONTROLLED", "TRUE")
    from_env = parse_options(["--management-port", "0"])
    assert (from_env.clock_controlled, from_env.management_port) == (True, 0)


def test_an_unreadable_zeebe_clock_controlled_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZEEBE_CLOCK_CONTROLLED", "maybe")

    with pytest.raises(SystemExit):
        parse_options([])

    assert "ZEEBE_CLOCK_CONTROLLED must be true or false, got 'maybe'" in capsys.readouterr().err
