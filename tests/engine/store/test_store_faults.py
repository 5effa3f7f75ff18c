"""Disk full, I/O errors and unstorable values: a clear refusal, nothing half-written, the failed
command rolled back in memory too, no gap in the log, and a resume on its own (issue #18, 5 and 8).

SQLite's ``max_page_count`` makes the store answer SQLITE_FULL exactly as a full disk does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine, NotFound
from engine.runtime.errors import InvalidArgument, ResourceExhausted
from engine.store import StoreUnavailable, UnstorableValue
from tests.engine.store.test_sqlite_recovery import TIMER_TASK


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _connection(engine: Engine) -> sqlite3.Connection:
    db = engine._store._db  # type: ignore[attr-defined]  # the engine's own connection: limits are per connection
    assert isinstance(db, sqlite3.Connection)
    return db


def _fill_the_disk(engine: Engine) -> None:
    """From now on the store can grow by no page: what SQLite says when the disk is full."""
    db = _connection(engine)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def _free_space(engine: Engine) -> None:
    _connection(engine).execute("PRAGMA max_page_count = 1073741823")


def _without_gaps(engine: Engine) -> None:
    positions = [r.position for r in engine.records]
    assert positions == list(range(1, len(positions) + 1))
    on_disk = (
        _connection(engine).execute("SELECT COUNT(*), COALESCE(MAX(position), 0) FROM records").fetchone()
    )
    assert on_disk == (len(positions), len(positions))


def _big_variables() -> dict[str, str]:
    return {"dossier": "材料" * 20_000}  # far more than the free room in the last page


def test_disk_full_is_resource_exhausted_with_the_reason_and_leaves_no_trace(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock(), store_retry_s=3600)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    kept = engine.create_instance("p")
    records_before = len(engine.records)
    _fill_the_disk(engine)
    with pytest.raises(ResourceExhausted) as refused:
        engine.create_instance("p", _big_variables())
    assert isinstance(refused.value, StoreUnavailable)
    assert "the disk is full" in str(refused.value) and "engine.sqlite3" in str(refused.value)
    assert "not applied" in str(refused.value)
    # nothing half-written: not in the log, not in memory (no instance lives on in memory only)
    assert len(engine.records) == records_before
    assert [i.key for i in engine.incidents()] == []
    assert len(engine.jobs("work")) == 1 and engine.jobs("work")[0]["processInstanceKey"] == kept.key
    _without_gaps(engine)
    engine.close()


def test_while_the_store_cannot_write_the_writer_refuses_commands_without_trying_them(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock(), store_retry_s=3600)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    _fill_the_disk(engine)
    with pytest.raises(StoreUnavailable):
        engine.create_instance("p", _big_variables())
    _free_space(engine)
    # a small command would fit now, but the writer stands still until its retry time
    with pytest.raises(StoreUnavailable, match="the disk is full"):
        engine.create_instance("p")
    assert not engine.jobs("work")
    _without_gaps(engine)
    engine.close()


def test_the_engine_resumes_on_its_own_once_space_returns_and_the_log_has_no_gap(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock(), store_retry_s=0)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    engine.create_instance("p")
    _fill_the_disk(engine)
    for _ in range(3):
        with pytest.raises(StoreUnavailable):
            engine.create_instance("p", _big_variables())
    _free_space(engine)
    resumed = engine.create_instance("p", _big_variables())
    assert engine.instance(resumed.key).variables["dossier"].startswith("材料")
    assert len(engine.jobs("work")) == 2
    _without_gaps(engine)
    engine.close()
    reopened = Engine.open(tmp_path, clock=_clock())
    assert len(reopened.jobs("work")) == 2
    _without_gaps(reopened)
    reopened.close()


def test_a_timer_due_while_the_disk_is_full_fires_once_after_space_returns(tmp_path: Path) -> None:
    clock = _clock()
    engine = Engine.open(tmp_path, clock=clock, store_retry_s=0)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    pi = engine.create_instance("p", {"padding": "x" * 3000})
    _fill_the_disk(engine)
    clock.advance("PT2H")  # the timer falls due, but its records do not fit
    assert engine.instance(pi.key).state == "ACTIVE"
    _free_space(engine)
    engine.run_due_work()
    assert engine.instance(pi.key).state == "COMPLETED"
    triggered = [r for r in engine.records if r.value_type == "TIMER" and r.intent == "TRIGGERED"]
    assert len(triggered) == 1
    _without_gaps(engine)
    engine.close()


def test_a_lone_surrogate_is_refused_and_rolled_back_in_memory(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    with pytest.raises(InvalidArgument, match="lone surrogate") as refused:
        engine.create_instance("p", {"name": "\ud800"})
    assert isinstance(refused.value, UnstorableValue)
    # before the fix the instance lived on in memory, its job blocked the type, the log had a gap
    assert engine.jobs("work") == []
    healthy = engine.create_instance("p", {"name": "龙岗"})
    assert [j.process_instance_key for j in engine.activate_jobs("work", "w")] == [healthy.key]
    _without_gaps(engine)
    engine.close()


def test_a_key_beyond_64_bits_is_refused_and_the_engine_serves_the_next_command(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    with pytest.raises(InvalidArgument, match="64-bit"):
        engine.resolve_incident(2**63)
    engine.create_instance("p")
    assert len(engine.jobs("work")) == 1
    _without_gaps(engine)
    engine.close()


def test_an_io_error_is_unavailable_too(tmp_path: Path) -> None:
    from engine.store.faults import classify

    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (3 << 8)  # type: ignore[attr-defined]  # SQLITE_IOERR_WRITE
    classified = classify(error, tmp_path / "engine.sqlite3")
    assert isinstance(classified, StoreUnavailable) and "disk I/O error" in str(classified)
    assert classify(RuntimeError("a defect"), tmp_path) is None


def test_a_job_completion_refused_for_a_full_disk_completes_once_when_space_returns(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock(), store_retry_s=0)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    pi = engine.create_instance("p")
    job = engine.activate_jobs("work", "w")[0]
    _fill_the_disk(engine)
    with pytest.raises(StoreUnavailable):
        engine.complete_job(job.key, _big_variables())
    assert engine.jobs("work")[0]["state"] == "ACTIVATED"  # still the worker's, to complete again
    _free_space(engine)
    engine.complete_job(job.key, _big_variables())
    assert engine.instance(pi.key).state == "COMPLETED"
    with pytest.raises(NotFound):
        engine.complete_job(job.key)  # the retry after an unclear answer completes nothing twice
    completed = [r for r in engine.records if r.value_type == "JOB" and r.intent == "COMPLETED"]
    assert [r.key for r in completed] == [job.key]
    _without_gaps(engine)
    engine.close()


def test_a_group_refused_during_an_outage_does_not_end_it(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock(), store_retry_s=3600)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    _fill_the_disk(engine)
    with pytest.raises(StoreUnavailable):
        engine.create_instance("p", _big_variables())
    _free_space(engine)
    refused = engine.run_batch([lambda: engine.create_instance("p") for _ in range(3)])
    assert all(isinstance(outcome, StoreUnavailable) for outcome in refused)
    # nothing was tried, so nothing proved the store writes again: the writer still stands still
    with pytest.raises(StoreUnavailable):
        engine.create_instance("p")
    assert engine.jobs("work") == []
    _without_gaps(engine)
    engine.close()
