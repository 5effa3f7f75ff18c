"""The real-time timer thread wakes when work falls due (or sooner work is scheduled), not per command."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from engine.clock import ControlledClock, SystemClock
from engine.runtime import Engine
from engine.runtime import engine as engine_module
from engine.testing.builder import process
from engine.testing.events import timer_duration

# Generous: only reached when the thread failed to wake; a passing test waits for the timer alone.
_PATIENCE_S = 10.0


def _timer_process(process_id: str, duration: str) -> tuple[str, bytes]:
    return (
        process(process_id)
        .start_event("start")
        .intermediate_catch_event("wait", timer_duration(duration))
        .end_event("end")
        .resource()
    )


def _service_process() -> tuple[str, bytes]:
    return (
        process("work").start_event("start").service_task("task", job_type="work").end_event("end").resource()
    )


def _wait_until_completed(engine: Engine, instance_key: int) -> str:
    deadline = time.monotonic() + _PATIENCE_S
    while (state := engine.instance(instance_key).state) == "ACTIVE" and time.monotonic() < deadline:
        engine.wait_for_change(0.1)
    return state


def _fired_no_earlier_than_due(engine: Engine, instance_key: int) -> bool:
    timer_records = [
        r for r in engine.records if r.value_type == "TIMER" and r.value["processInstanceKey"] == instance_key
    ]
    created = next(r for r in timer_records if r.intent == "CREATED")
    triggered = next(r for r in timer_records if r.intent == "TRIGGERED")
    return bool(triggered.timestamp >= created.value["dueDate"])


class _RunDueWorkSpy:
    def __init__(self, engine: Engine) -> None:
        self.calls = 0
        self._run = engine.run_due_work

    def __call__(self) -> None:
        self.calls += 1
        self._run()


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = Engine.in_memory(clock=SystemClock())
    yield eng
    eng.close()


@pytest.fixture
def long_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the timer thread sleep until the due instant itself rather than re-reading the clock
    every half second, so that only a wake-up can make it fire sooner work."""
    monkeypatch.setattr(engine_module, "_LONGEST_SLEEP_MS", 60_000)


def test_a_timer_fires_on_time_without_any_further_command(engine: Engine) -> None:
    engine.deploy([_timer_process("short", "PT0.3S")])
    instance = engine.create_instance("short")

    assert _wait_until_completed(engine, instance.key) == "COMPLETED"
    assert _fired_no_earlier_than_due(engine, instance.key)


@pytest.mark.usefixtures("long_sleeps")
def test_a_timer_scheduled_before_the_one_the_thread_sleeps_for_fires_at_its_own_time(engine: Engine) -> None:
    engine.deploy([_timer_process("long", "PT30S"), _timer_process("short", "PT0.3S")])
    waiting = engine.create_instance("long")
    time.sleep(0.1)  # let the thread go to sleep until the long timer is due
    sooner = engine.create_instance("short")

    assert _wait_until_completed(engine, sooner.key) == "COMPLETED"
    assert _fired_no_earlier_than_due(engine, sooner.key)
    assert engine.instance(waiting.key).state == "ACTIVE"


@pytest.mark.usefixtures("long_sleeps")
def test_commands_with_nothing_due_do_not_wake_the_timer_thread(engine: Engine) -> None:
    spy = _RunDueWorkSpy(engine)
    engine.run_due_work = spy  # type: ignore[method-assign]
    engine.deploy([_service_process(), _timer_process("short", "PT0.2S")])
    for _ in range(50):
        engine.create_instance("work")
        # each activation schedules a job deadline, later than the instant the thread sleeps until
        for job in engine.activate_jobs("work", timeout_ms=300_000):
            engine.complete_job(job.key)
    assert spy.calls == 0

    sooner = engine.create_instance("short")
    assert _wait_until_completed(engine, sooner.key) == "COMPLETED"
    assert spy.calls >= 1


def test_due_work_that_finds_nothing_due_calls_no_listener() -> None:
    clock = ControlledClock(start="2026-09-30T09:00:00+08:00")
    with Engine.in_memory(clock=clock) as engine:
        engine.deploy([_timer_process("hour", "PT1H")])
        engine.create_instance("hour")
        calls: list[None] = []
        engine.add_listener(lambda: calls.append(None))

        clock.advance("PT59M")
        assert calls == []
        clock.advance("PT1M")
        assert calls != []


@pytest.mark.usefixtures("long_sleeps")
def test_closing_wakes_the_sleeping_timer_thread() -> None:
    before = set(threading.enumerate())
    engine = Engine.in_memory(clock=SystemClock())
    engine.deploy([_timer_process("long", "PT30S")])
    engine.create_instance("long")
    (timer_thread,) = [t for t in set(threading.enumerate()) - before if t.name == "engine-timers"]
    time.sleep(0.1)  # let the thread go to sleep until the timer is due

    engine.close()
    assert not timer_thread.is_alive()
