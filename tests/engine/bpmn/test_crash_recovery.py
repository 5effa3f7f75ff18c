"""Crash recovery: a durable engine killed with SIGKILL under load resumes every instance from its
data directory; nothing acknowledged is lost, no job is completed twice and no timer is lost.
https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from engine.testing import RecordStream, assert_that, complete_jobs

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DRIVER = Path(__file__).parent / "crash" / "driver.py"
START = "2026-09-30T09:00:00+08:00"
INSTANCES = 400
KILL_AFTER_COMPLETIONS = 60


def _run_driver_until_killed(data_dir: Path) -> tuple[set[int], set[int]]:
    """Start the driver, SIGKILL it once it acknowledged enough completions; return what it acknowledged."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), str(INSTANCES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    created: set[int] = set()
    completed: set[int] = set()
    assert child.stdout is not None
    for line in child.stdout:
        kind, _, key = line.strip().partition(" ")
        if kind == "created":
            created.add(int(key))
        elif kind == "completed":
            completed.add(int(key))
            if len(completed) >= KILL_AFTER_COMPLETIONS:
                child.send_signal(signal.SIGKILL)
                break
        elif kind == "finished":
            break
    child.wait(timeout=60)
    assert child.stderr is not None
    if child.returncode != -signal.SIGKILL:
        pytest.fail(f"the driver was not killed mid-load (exit {child.returncode}): {child.stderr.read()}")
    return created, completed


@pytest.mark.slow
def test_sigkill_under_load_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    """Every acknowledged command survives SIGKILL; after reopening, every instance completes with
    exactly one job completion and one timer trigger."""
    from engine.clock import ControlledClock
    from engine.runtime import Engine

    created, completed = _run_driver_until_killed(tmp_path)
    assert created and completed

    engine = Engine.open(tmp_path, clock=ControlledClock(start=START))
    try:
        events = RecordStream.of(engine).events()
        started = set(
            events.of_type("PROCESS_INSTANCE")
            .with_intent("ELEMENT_ACTIVATED")
            .where(bpmnElementType="PROCESS", bpmnProcessId="crash")
            .keys()
        )
        assert created <= started, f"acknowledged instances lost: {sorted(created - started)[:5]}"
        durable_completions = set(events.of_type("JOB").with_intent("COMPLETED").keys())
        assert completed <= durable_completions, (
            f"acknowledged completions lost: {sorted(completed - durable_completions)[:5]}"
        )

        engine.clock.advance("PT2M")  # jobs the killed driver had activated time out
        while complete_jobs(engine, "crash-work"):
            pass
        engine.clock.advance("PT2H")  # every timer falls due

        snapshot = RecordStream.of(engine)
        events = snapshot.events()
        job_completions = Counter(events.of_type("JOB").with_intent("COMPLETED").values("processInstanceKey"))
        timer_triggers = Counter(
            events.of_type("TIMER").with_intent("TRIGGERED").values("processInstanceKey")
        )
        for key in started:
            assert_that(snapshot, key).is_completed().has_passed("work", times=1).has_passed("wait", times=1)
            assert job_completions[key] == 1, f"instance {key}: {job_completions[key]} job completions"
            assert timer_triggers[key] == 1, f"instance {key}: {timer_triggers[key]} timer triggers"
    finally:
        engine.close()
