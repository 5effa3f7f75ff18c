"""The durable engine resumes every instance after a restart or a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from engine.clock import ControlledClock
from engine.runtime import Engine, NotFound
from tests.engine.runtime.diagrams import END, START, bpmn, chain, service

PROJECT = Path(__file__).resolve().parents[3]

TIMER_TASK = bpmn(
    START
    + service("a", "work")
    + '<bpmn:boundaryEvent id="late" attachedToRef="a"><bpmn:timerEventDefinition>'
    "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    + '<bpmn:endEvent id="timed_out"/>'
    + END
    + chain("start", "a", "end")
    + '<bpmn:sequenceFlow id="ft" sourceRef="late" targetRef="timed_out"/>'
)


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def test_reopened_engine_continues_an_instance_and_keeps_the_log(tmp_path: Path) -> None:
    first = Engine.open(tmp_path, clock=_clock())
    first.deploy([("p.bpmn", TIMER_TASK)])
    pi = first.create_instance("p", {"amount": 5})
    job = first.activate_jobs("work", "w1")[0]
    positions = len(first.records)
    first.close()

    second = Engine.open(tmp_path, clock=_clock())
    assert len(second.records) == positions
    assert [r.position for r in second.records] == list(range(1, positions + 1))
    second.complete_job(job.key, {"done": True})
    status = second.instance(pi.key)
    assert status.state == "COMPLETED"
    old_keys = {r.key for r in second.records[:positions]}
    new_instances = [
        r.key
        for r in second.records[positions:]
        if r.value_type == "PROCESS_INSTANCE" and r.intent == "ELEMENT_ACTIVATING"
    ]
    assert new_instances
    assert min(new_instances) > max(old_keys)  # the key generator resumes, keys are never reused
    second.close()


def test_timer_survives_restart_and_fires_once(tmp_path: Path) -> None:
    first = Engine.open(tmp_path, clock=_clock())
    first.deploy([("p.bpmn", TIMER_TASK)])
    pi = first.create_instance("p")
    first.close()

    clock = _clock()
    second = Engine.open(tmp_path, clock=clock)
    clock.advance("PT2H")
    assert second.instance(pi.key).state == "COMPLETED"
    triggered = [r for r in second.records if r.value_type == "TIMER" and r.intent == "TRIGGERED"]
    assert len(triggered) == 1
    second.close()


def test_completed_job_cannot_complete_twice_after_restart(tmp_path: Path) -> None:
    first = Engine.open(tmp_path, clock=_clock())
    first.deploy([("p.bpmn", TIMER_TASK)])
    first.create_instance("p")
    job = first.activate_jobs("work", "w1")[0]
    first.complete_job(job.key)
    first.close()

    second = Engine.open(tmp_path, clock=_clock())
    try:
        second.complete_job(job.key)
    except NotFound:
        pass
    else:
        raise AssertionError("a completed job was completed again after the restart")
    finally:
        second.close()


def test_kill_9_loses_no_committed_command(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.clock import ControlledClock
        from engine.runtime import Engine
        from tests.engine.store.test_sqlite_recovery import TIMER_TASK
        clock = ControlledClock(start="2026-09-30T09:00:00+08:00")
        engine = Engine.open(Path({str(tmp_path)!r}), clock=clock)
        engine.deploy([("p.bpmn", TIMER_TASK)])
        for i in range(20):
            engine.create_instance("p", {{"i": i}})
        jobs = engine.activate_jobs("work", "w", max_jobs=5)
        for job in jobs:
            engine.complete_job(job.key)
        print(",".join(str(j.key) for j in jobs), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT, check=False
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    completed = [int(k) for k in run.stdout.strip().split(",")]

    engine = Engine.open(tmp_path, clock=_clock())
    remaining = engine.activate_jobs("work", "w2", max_jobs=100)
    assert len(remaining) == 15
    assert not set(completed) & {j.key for j in remaining}
    for job in remaining:
        engine.complete_job(job.key)
    ended = [
        r
        for r in engine.records
        if r.value_type == "PROCESS_INSTANCE"
        and r.intent == "ELEMENT_COMPLETED"
        and r.value["bpmnElementType"] == "PROCESS"
    ]
    assert len(ended) == 20
    engine.close()
    assert os.path.exists(tmp_path / "engine.sqlite3")
