"""A durable engine (Engine.open on a data directory) resumes every instance after close and reopen:
waiting elements, timers that fell due meanwhile, buffered messages, activated jobs, incidents,
user tasks, deployments and the key sequence.
https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.testing import (
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    message,
    process,
    timer_duration,
)

START = "2026-09-30T09:00:00+08:00"


class Reopener:
    """Opens the same data directory again and again, each time on a clock at a given instant."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.current: Any = None

    def open(self, at: str = START) -> Any:
        from engine.clock import ControlledClock
        from engine.runtime import Engine

        if self.current is not None:
            self.current.close()
        self.current = Engine.open(self.data_dir, clock=ControlledClock(start=at))
        return self.current


@pytest.fixture
def reopener(tmp_path: Path) -> Iterator[Reopener]:
    try:
        import engine.runtime  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"engine.runtime cannot be imported: {exc}")
    opener = Reopener(tmp_path)
    yield opener
    if opener.current is not None:
        opener.current.close()


def _task_process() -> Any:
    return process("p").start_event("s").service_task("t", job_type="w").end_event("e")


def test_waiting_instance_resumes_after_reopen(reopener: Reopener) -> None:
    """An instance waiting at a task is still waiting after reopening and completes normally.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    pi = deploy_and_start(engine, _task_process(), {"a": 1})
    engine = reopener.open()
    assert_that(engine, pi).is_waiting_at("t").has_variable("a", 1)
    assert complete_jobs(engine, "w")[0].variables == {"a": 1}
    assert_that(engine, pi).is_completed()


def test_timer_due_while_closed_fires_after_reopen(reopener: Reopener) -> None:
    """A timer that fell due while the engine was closed fires once the reopened clock runs.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", timer_duration("PT1H")).end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine = reopener.open(at="2026-09-30T12:00:00+08:00")
    engine.clock.advance("PT1S")
    assert_that(engine, pi).is_completed()
    assert RecordStream.of(engine).events().of_type("TIMER").intents() == ["CREATED", "TRIGGERED"]


def test_timer_not_yet_due_waits_after_reopen(reopener: Reopener) -> None:
    """A timer not yet due keeps its due date across a reopen (never early).
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", timer_duration("PT1H")).end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine = reopener.open(at="2026-09-30T09:30:00+08:00")
    engine.clock.advance("PT29M")
    assert_that(engine, pi).is_waiting_at("wait")
    engine.clock.advance("PT1M")
    assert_that(engine, pi).is_completed()


def test_buffered_message_survives_reopen(reopener: Reopener) -> None:
    """A buffered message is still correlated after a reopen within its TTL.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", message("m", "= k")).end_event("e")
    )
    deploy_resources(engine, builder)
    engine.publish_message("m", "1", variables={"x": 1}, time_to_live_ms=3_600_000)
    engine = reopener.open(at="2026-09-30T09:10:00+08:00")
    pi = engine.create_instance("p", variables={"k": "1"})
    assert_that(engine, pi).is_completed().has_variable("x", 1)


def test_activated_job_times_out_after_reopen(reopener: Reopener) -> None:
    """A job activated before the engine closed times out and can be activated again after reopen.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    deploy_and_start(engine, _task_process())
    job = engine.activate_jobs("w", worker="gone", timeout_ms=60_000, max_jobs=1)[0]
    engine = reopener.open(at="2026-09-30T09:00:30+08:00")
    assert engine.activate_jobs("w", worker="new", timeout_ms=60_000, max_jobs=1) == []
    engine.clock.advance("PT30S")
    assert activate_one(engine, "w").key == job.key


def test_incident_survives_reopen_and_resolves(reopener: Reopener) -> None:
    """An open incident is still open after reopen and can be resolved.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    pi = deploy_and_start(engine, _task_process())
    job = activate_one(engine, "w")
    engine.fail_job(job.key, retries=0, error_message="down")
    engine = reopener.open()
    incident = assert_that(engine, pi).incident("JOB_NO_RETRIES")
    engine.update_job_retries(job.key, 1)
    engine.resolve_incident(incident.key)
    complete_jobs(engine, "w")
    assert_that(engine, pi).is_completed()


def test_user_task_survives_reopen(reopener: Reopener) -> None:
    """An open user task is listed after reopen and can be completed.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    pi = deploy_and_start(engine, process("p").start_event("s").user_task("u", assignee="li").end_event("e"))
    engine = reopener.open()
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    assert task.assignee == "li"
    engine.complete_user_task(task.key, variables={})
    assert_that(engine, pi).is_completed()


def test_deployments_and_versions_survive_reopen(reopener: Reopener) -> None:
    """Deployed processes survive; the same bytes keep their version, changed bytes get the next one.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    deploy_resources(engine, _task_process())
    engine = reopener.open()
    assert deploy_resources(engine, _task_process()).processes[0].version == 1
    changed = process("p").start_event("s").service_task("t", job_type="w").end_event("other")
    assert deploy_resources(engine, changed).processes[0].version == 2


def test_keys_are_not_reused_after_reopen(reopener: Reopener) -> None:
    """Keys handed out after a reopen are new (greater than every key before).
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    first = deploy_and_start(engine, _task_process())
    before = max(r.key for r in engine.records)
    engine = reopener.open()
    second = engine.create_instance("p", variables={})
    assert second.key > before
    assert second.key != first.key


def test_record_log_positions_continue_after_reopen(reopener: Reopener) -> None:
    """The record log continues after reopen: positions keep increasing by one.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    engine = reopener.open()
    deploy_and_start(engine, _task_process())
    engine = reopener.open()
    engine.create_instance("p", variables={})
    positions = [r.position for r in engine.records]
    assert positions == list(range(positions[0], positions[0] + len(positions)))
