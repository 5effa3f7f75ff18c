"""The engine clock over REST (``PUT /v2/clock``, ``POST /v2/clock/reset``), with Zeebe's semantics:
a pinned clock stands still, pinning again moves it (backwards too), timers that fell due on the
way forward fire in due order at the pinned instant, and every pin and reset is a CLOCK command and
event in the log.

Zeebe 8.8: the PIN's side effect only moves the stream clock (zeebe/engine/.../clock/
ClockProcessor.java); the due-date checker then writes a TRIGGER for every timer due before
``clock.millis()`` (.../timer/DueDateTimerChecker.java), and each is processed at that instant."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from engine.clock import SystemClock, to_ms
from engine.gateway.serve import start_gateway
from engine.runtime import Engine
from engine.runtime.errors import InvalidArgument
from engine.testing import assert_that
from engine.testing.builder import process
from engine.testing.events import timer_duration
from tests.engine.gateway.conftest import START, LoopThread, Served

START_MS = to_ms(dt.datetime.fromisoformat(START))
HOUR_MS = 3_600_000


def waits(process_id: str, duration: str) -> bytes:
    """Start, an intermediate timer, end."""
    return (
        process(process_id)
        .start_event("start")
        .intermediate_catch_event("wait", timer_duration(duration))
        .end_event("end")
        .to_xml()
    )


def review_with_deadline() -> bytes:
    """A user task with an interrupting timer boundary event after one hour."""
    return (
        process("review_deadline")
        .start_event("start")
        .user_task("review", name="Review application")
        .end_event("reviewed")
        .boundary_event("overdue", timer_duration("PT1H"), attached_to="review")
        .end_event("escalated")
        .to_xml()
    )


def pin(gateway: Served, body: Any) -> httpx.Response:
    return httpx.put(f"{gateway.rest_url}/v2/clock", json=body)


def reset(gateway: Served) -> httpx.Response:
    return httpx.post(f"{gateway.rest_url}/v2/clock/reset")


def clock_records(engine: Engine) -> list[tuple[str, str, dict[str, Any]]]:
    return [(r.record_type, r.intent, r.value) for r in engine.records if r.value_type == "CLOCK"]


def timer_triggers(engine: Engine) -> list[tuple[int, int]]:
    """(due date, record timestamp) of every TIMER TRIGGERED event, in log order."""
    return [
        (r.value["dueDate"], r.timestamp)
        for r in engine.records
        if r.value_type == "TIMER" and r.intent == "TRIGGERED"
    ]


def test_pin_forward_fires_an_intermediate_timer_at_the_pinned_instant(controlled_gateway: Served) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("wait.bpmn", waits("waits_an_hour", "PT1H"))])
    instance = engine.create_instance("waits_an_hour")

    response = pin(controlled_gateway, {"timestamp": START_MS + 2 * HOUR_MS})

    assert response.status_code == 204
    assert response.content == b""
    assert_that(engine, instance.key).is_completed().has_passed("wait")
    assert timer_triggers(engine) == [(START_MS + HOUR_MS, START_MS + 2 * HOUR_MS)]
    assert engine.clock.now_ms() == START_MS + 2 * HOUR_MS


def test_timers_falling_due_on_the_way_fire_in_due_order_at_the_pinned_instant(
    controlled_gateway: Served,
) -> None:
    engine = controlled_gateway.engine
    engine.deploy(
        [("late.bpmn", waits("waits_three_hours", "PT3H")), ("soon.bpmn", waits("waits_one_hour", "PT1H"))]
    )
    late = engine.create_instance("waits_three_hours")
    soon = engine.create_instance("waits_one_hour")

    assert pin(controlled_gateway, {"timestamp": START_MS + 4 * HOUR_MS}).status_code == 204

    assert_that(engine, late.key).is_completed()
    assert_that(engine, soon.key).is_completed()
    assert timer_triggers(engine) == [
        (START_MS + HOUR_MS, START_MS + 4 * HOUR_MS),
        (START_MS + 3 * HOUR_MS, START_MS + 4 * HOUR_MS),
    ]


def test_a_timer_created_by_a_late_trigger_counts_from_the_pinned_instant(controlled_gateway: Served) -> None:
    """The second timer of a sequence is created when the first fires, at the pinned instant, so
    it is not due yet: a user passes each due date in turn to see both fire."""
    engine = controlled_gateway.engine
    twice = (
        process("waits_twice")
        .start_event("start")
        .intermediate_catch_event("first", timer_duration("PT1H"))
        .intermediate_catch_event("second", timer_duration("PT1H"))
        .end_event("end")
        .to_xml()
    )
    engine.deploy([("twice.bpmn", twice)])
    instance = engine.create_instance("waits_twice")

    assert pin(controlled_gateway, {"timestamp": START_MS + 3 * HOUR_MS}).status_code == 204
    assert_that(engine, instance.key).is_waiting_at("second")
    second = next(
        r for r in engine.records if r.value_type == "TIMER" and r.value["targetElementId"] == "second"
    )
    assert second.value["dueDate"] == START_MS + 4 * HOUR_MS

    assert pin(controlled_gateway, {"timestamp": START_MS + 4 * HOUR_MS}).status_code == 204
    assert_that(engine, instance.key).is_completed()
    assert timer_triggers(engine) == [
        (START_MS + HOUR_MS, START_MS + 3 * HOUR_MS),
        (START_MS + 4 * HOUR_MS, START_MS + 4 * HOUR_MS),
    ]


def test_a_pinned_clock_stands_still_and_a_pin_short_of_the_boundary_timer_fires_nothing(
    controlled_gateway: Served,
) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("review.bpmn", review_with_deadline())])
    instance = engine.create_instance("review_deadline")

    assert pin(controlled_gateway, {"timestamp": START_MS + HOUR_MS - 1}).status_code == 204
    assert_that(engine, instance.key).is_waiting_at("review")
    assert engine.clock.now_ms() == START_MS + HOUR_MS - 1

    assert pin(controlled_gateway, {"timestamp": START_MS + HOUR_MS}).status_code == 204
    assert_that(engine, instance.key).is_completed().has_passed("overdue").has_not_passed("reviewed")


def test_pin_backwards_is_allowed_and_timers_keep_their_due_dates(controlled_gateway: Served) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("review.bpmn", review_with_deadline())])
    instance = engine.create_instance("review_deadline")
    day_before = START_MS - 24 * HOUR_MS

    assert pin(controlled_gateway, {"timestamp": day_before}).status_code == 204

    assert engine.clock.now_ms() == day_before
    assert_that(engine, instance.key).is_waiting_at("review")
    assert pin(controlled_gateway, {"timestamp": START_MS + HOUR_MS}).status_code == 204
    assert_that(engine, instance.key).has_passed("overdue")
    assert timer_triggers(engine) == [(START_MS + HOUR_MS, START_MS + HOUR_MS)]


def test_every_pin_is_a_clock_command_and_its_pinned_event(controlled_gateway: Served) -> None:
    engine = controlled_gateway.engine

    pin(controlled_gateway, {"timestamp": START_MS + 5})
    reset(controlled_gateway)

    assert clock_records(engine) == [
        ("COMMAND", "PIN", {"time": START_MS + 5}),
        ("EVENT", "PINNED", {"time": START_MS + 5}),
        ("COMMAND", "RESET", {"time": 0}),
        ("EVENT", "RESETTED", {"time": 0}),
    ]
    pinned = next(r for r in engine.records if r.intent == "PINNED")
    assert pinned.key > 0


def test_reset_returns_a_pinned_system_clock_to_system_time_and_fires_what_fell_due(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("wait.bpmn", waits("waits_an_hour", "PT1H"))])
    pinned_at = to_ms(dt.datetime(2020, 1, 6, 9, tzinfo=dt.UTC))
    assert pin(gateway, {"timestamp": pinned_at}).status_code == 204
    instance = engine.create_instance("waits_an_hour")
    assert engine.clock.now_ms() == pinned_at
    assert_that(engine, instance.key).is_waiting_at("wait")

    before_reset = int(time.time() * 1000)
    assert reset(gateway).status_code == 204

    assert engine.clock.now_ms() >= before_reset
    assert_that(engine, instance.key).is_completed()
    [(due, fired_at)] = timer_triggers(engine)
    assert due == pinned_at + HOUR_MS
    assert fired_at >= before_reset


def test_reset_moves_a_controlled_clock_to_system_time(controlled_gateway: Served) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("wait.bpmn", waits("waits_an_hour", "PT1H"))])
    instance = engine.create_instance("waits_an_hour")
    before_reset = int(time.time() * 1000)

    assert reset(controlled_gateway).status_code == 204

    assert engine.clock.now_ms() >= before_reset
    assert_that(engine, instance.key).is_completed()


def test_the_clock_is_pinnable_without_any_setting_as_in_camunda(gateway: Served) -> None:
    """Zeebe's stream clock is always controllable: ``zeebe.clock.controlled`` only governs the
    actor clock of the management endpoint, so ``PUT /v2/clock`` answers 204 on a default engine."""
    assert pin(gateway, {"timestamp": 0}).status_code == 204
    assert gateway.engine.clock.now_ms() == 0


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "No timestamp provided"),
        ({"timestamp": None}, "No timestamp provided"),
        ({"timestamp": -1}, "The value for timestamp is '-1' but must be not negative"),
        ({"timestamp": "1790000000000"}, "The value for timestamp is '1790000000000' but must be an integer"),
        ({"timestamp": 1.5}, "The value for timestamp is '1.5' but must be an integer"),
        ({"timestamp": True}, "The value for timestamp is 'true' but must be an integer"),
        (
            {"timestamp": 10**16},
            "The value for timestamp is '10000000000000000' but must be before the year 10000",
        ),
    ],
)
def test_a_bad_timestamp_is_a_400_naming_the_field(
    controlled_gateway: Served, body: Any, detail: str
) -> None:
    response = pin(controlled_gateway, body)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["title"] == "INVALID_ARGUMENT"
    assert problem["detail"] == detail
    assert problem["instance"] == "/v2/clock"
    assert controlled_gateway.engine.clock.now_ms() == START_MS
    assert clock_records(controlled_gateway.engine) == []


def test_a_pin_without_a_body_is_a_400(controlled_gateway: Served) -> None:
    response = httpx.put(f"{controlled_gateway.rest_url}/v2/clock")

    assert response.status_code == 400
    assert "JSON body" in response.json()["detail"]


def test_the_engine_rejects_a_negative_pin_as_zeebe_does(controlled_gateway: Served) -> None:
    engine = controlled_gateway.engine

    with pytest.raises(InvalidArgument, match="Expected pin time to be not negative but it was -5"):
        engine.pin_clock(-5)

    assert [(kind, intent) for kind, intent, _ in clock_records(engine)] == [
        ("COMMAND", "PIN"),
        ("COMMAND_REJECTION", "PIN"),
    ]
    assert engine.clock.now_ms() == START_MS


def test_a_reopened_engine_stands_where_it_was_pinned_until_reset(tmp_path: Path) -> None:
    """Zeebe keeps the pin in its state (ClockPinnedApplier), so a restart does not unpin the clock."""
    loop = LoopThread()
    try:
        engine = Engine.open(tmp_path, clock=SystemClock())
        running = loop.run(start_gateway(engine))
        rest_url = f"http://127.0.0.1:{running.rest_port}/v2/clock"
        assert httpx.put(rest_url, json={"timestamp": START_MS}).status_code == 204
        loop.run(running.stop(grace_seconds=0.5))

        with Engine.open(tmp_path, clock=SystemClock()) as reopened:
            assert reopened.clock.now_ms() == START_MS
            reopened.reset_clock()
        before = int(time.time() * 1000)
        with Engine.open(tmp_path, clock=SystemClock()) as again:
            assert again.clock.now_ms() >= before
    finally:
        loop.close()
