"""A newer release opens an older data directory; a newer store is refused, not misread (issue #18, 6)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.store import StoreError
from engine.store.schema import CURRENT_VERSION
from tests.engine.store.release_1 import FOLDER


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _release_1_copy(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(FOLDER, data_dir)
    return data_dir


def _version(data_dir: Path) -> int:
    db = sqlite3.connect(data_dir / "engine.sqlite3")
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def test_a_store_written_by_the_release_before_versioning_opens_and_resumes(tmp_path: Path) -> None:
    data_dir = _release_1_copy(tmp_path)
    assert _version(data_dir) == 0
    clock = _clock()
    engine = Engine.open(data_dir, clock=clock)
    assert _version(data_dir) == CURRENT_VERSION
    records = len(engine.records)
    assert [r.position for r in engine.records] == list(range(1, records + 1))
    by_case = {
        json.loads(r.value["value"]): r.value["processInstanceKey"]
        for r in engine.records
        if r.value_type == "VARIABLE" and r.value["name"] == "case"
    }
    assert engine.instance(by_case["completed"]).state == "COMPLETED"
    waiting = engine.activate_jobs("work", "w2")
    assert [job.process_instance_key for job in waiting] == [by_case["waiting for a worker"]]
    engine.complete_job(waiting[0].key)
    assert engine.instance(by_case["waiting for a worker"]).state == "COMPLETED"
    clock.advance("PT2H")  # the held job's boundary timer, pending since release 1, fires once
    assert engine.instance(by_case["job activated"]).state == "COMPLETED"
    assert [r.value["targetElementId"] for r in engine.records if r.intent == "TRIGGERED"] == ["late"]
    engine.close()


def test_the_migrated_store_reopens_at_the_current_version(tmp_path: Path) -> None:
    data_dir = _release_1_copy(tmp_path)
    Engine.open(data_dir, clock=_clock()).close()
    engine = Engine.open(data_dir, clock=_clock())
    assert _version(data_dir) == CURRENT_VERSION
    assert len(engine.jobs("work")) == 2
    engine.close()


def test_a_new_store_starts_at_the_current_version(tmp_path: Path) -> None:
    Engine.open(tmp_path, clock=_clock()).close()
    assert _version(tmp_path) == CURRENT_VERSION


def test_a_store_from_a_newer_release_is_refused_naming_both_versions(tmp_path: Path) -> None:
    data_dir = _release_1_copy(tmp_path)
    db = sqlite3.connect(data_dir / "engine.sqlite3")
    db.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    db.close()
    with pytest.raises(
        StoreError, match=rf"newer release \(store schema {CURRENT_VERSION + 1}\).*reads schema"
    ):
        Engine.open(data_dir, clock=_clock())
    assert _version(data_dir) == CURRENT_VERSION + 1  # left as it was
    Engine.open(tmp_path / "other", clock=_clock()).close()  # and the lock was released


def test_an_unversioned_database_that_is_not_an_engine_store_is_named(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "engine.sqlite3")
    db.execute("CREATE TABLE records (id INTEGER)")
    db.execute("CREATE TABLE state (tbl TEXT, key TEXT, value TEXT)")
    db.close()
    with pytest.raises(StoreError, match=r"not an engine database \(table 'records' has columns \['id'\]"):
        Engine.open(tmp_path, clock=_clock())
    assert _version(tmp_path) == 0


def test_gaps_a_failed_commit_left_in_an_older_log_are_closed_on_upgrade(tmp_path: Path) -> None:
    data_dir = _release_1_copy(tmp_path)
    db = sqlite3.connect(data_dir / "engine.sqlite3")
    total = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    db.execute("DELETE FROM records WHERE position IN (7, 8, ?)", (total,))  # as the old bug left them
    order = [
        row[0] for row in db.execute("SELECT intent || value_type || key FROM records ORDER BY position")
    ]
    db.commit()
    db.close()
    engine = Engine.open(data_dir, clock=_clock())
    assert [r.position for r in engine.records] == list(range(1, total - 2))
    assert [r.intent + r.value_type + str(r.key) for r in engine.records] == order
    job = engine.activate_jobs("work", "w2")[0]
    engine.complete_job(job.key)  # the log continues right after the renumbered end
    assert [r.position for r in engine.records] == list(range(1, len(engine.records) + 1))
    engine.close()
    reopened = Engine.open(data_dir, clock=_clock())
    assert [r.position for r in reopened.records] == list(range(1, len(reopened.records) + 1))
    reopened.close()


def test_opening_a_store_at_the_current_version_writes_nothing(tmp_path: Path) -> None:
    Engine.open(tmp_path, clock=_clock()).close()
    before = (tmp_path / "engine.sqlite3").read_bytes()
    Engine.open(tmp_path, clock=_clock()).close()
    assert (tmp_path / "engine.sqlite3").read_bytes() == before
