"""Online backup and restore: a backup of a running engine restores into a fresh directory and
resumes there; a backup killed half-way leaves nothing that looks like a backup (issue #18, 6)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.store import StoreError
from engine.store.backup import backup, restore
from tests.engine.store.test_sqlite_recovery import TIMER_TASK

PROJECT = Path(__file__).resolve().parents[3]


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _running(data_dir: Path, instances: int) -> Engine:
    engine = Engine.open(data_dir, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    for i in range(instances):
        engine.create_instance("p", {"i": i, "单位": "龙岗区政务服务数据管理局"})
    return engine


def test_a_backup_of_a_running_engine_restores_into_a_fresh_directory_and_resumes(tmp_path: Path) -> None:
    engine = _running(tmp_path / "live", 10)
    held = engine.activate_jobs("work", "w1", max_jobs=3)
    copied = backup(tmp_path / "live", tmp_path / "backup")  # the engine keeps running meanwhile
    assert copied.records == copied.last_position == len(engine.records)
    # the live engine goes on after the backup; none of that is in the backup
    engine.complete_job(held[0].key)
    engine.close()

    restored = restore(tmp_path / "backup", tmp_path / "restored")
    assert restored.last_position == copied.last_position
    resumed = Engine.open(tmp_path / "restored", clock=_clock())
    assert len(resumed.records) == copied.last_position
    open_jobs = {j["key"]: j for j in resumed.jobs("work")}
    assert len(open_jobs) == 10 and all(open_jobs[j.key]["state"] == "ACTIVATED" for j in held)
    for job in resumed.activate_jobs("work", "w2", max_jobs=20):
        resumed.complete_job(job.key)
    for job in held:
        resumed.complete_job(job.key)
    ended = [
        r
        for r in resumed.records
        if r.intent == "ELEMENT_COMPLETED" and r.value["bpmnElementType"] == "PROCESS"
    ]
    assert len(ended) == 10
    positions = [r.position for r in resumed.records]
    assert positions == list(range(1, len(positions) + 1))
    resumed.close()


def test_a_backup_taken_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.runtime import Engine
        from tests.engine.store.test_sqlite_recovery import TIMER_TASK
        engine = Engine.open(Path({str(tmp_path / "live")!r}))
        engine.deploy([("p.bpmn", TIMER_TASK)])
        print("ready", flush=True)
        while True:
            for _ in range(50):
                engine.create_instance("p", {{"padding": "x" * 500}})
            print("50 more", flush=True)
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=PROJECT)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        copies = []
        for n in range(3):
            writer.stdout.readline()  # it wrote more since the last backup, and goes on writing
            copies.append(backup(tmp_path / "live", tmp_path / f"backup-{n}"))
    finally:
        writer.kill()
        writer.wait()
    assert copies[0].last_position < copies[-1].last_position  # taken while it wrote
    for n, copied in enumerate(copies):
        engine = Engine.open(tmp_path / f"backup-{n}", clock=_clock())
        instances = sum(
            1
            for r in engine.records
            if r.intent == "ELEMENT_ACTIVATED" and r.value["bpmnElementType"] == "PROCESS"
        )
        assert len(engine.jobs("work")) == instances  # each instance complete with its job, none half
        assert len(engine.records) == copied.last_position
        engine.close()


@pytest.mark.parametrize("moment", ["while copying", "before publishing"])
def test_kill_9_during_a_backup_leaves_no_backup_and_the_next_one_succeeds(
    tmp_path: Path, moment: str
) -> None:
    _running(tmp_path / "live", 5).close()
    kill_in = "progress" if moment == "while copying" else "fsync"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.store import backup as b
        def die(*args):
            os.kill(os.getpid(), signal.SIGKILL)
        if {kill_in!r} == "fsync":
            b._fsync = die
            b.backup(Path({str(tmp_path / "live")!r}), Path({str(tmp_path / "backup")!r}))
        else:
            b.backup(Path({str(tmp_path / "live")!r}), Path({str(tmp_path / "backup")!r}), progress=die)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert not (tmp_path / "backup" / "engine.sqlite3").exists()
    with pytest.raises(StoreError, match="no backup here"):
        restore(tmp_path / "backup", tmp_path / "restored")
    copied = backup(tmp_path / "live", tmp_path / "backup")
    assert sorted(os.listdir(tmp_path / "backup")) == ["engine.sqlite3"]
    engine = Engine.open(tmp_path / "live", clock=_clock())  # the source is untouched
    assert len(engine.records) == copied.last_position
    engine.close()


def test_restore_refuses_a_directory_that_holds_a_store(tmp_path: Path) -> None:
    _running(tmp_path / "live", 1).close()
    backup(tmp_path / "live", tmp_path / "backup")
    with pytest.raises(
        StoreError, match=r"already holds an engine store \(engine\.sqlite3.*\); restore into a fresh"
    ):
        restore(tmp_path / "backup", tmp_path / "live")


def test_restore_refuses_while_an_engine_runs_on_the_directory(tmp_path: Path) -> None:
    _running(tmp_path / "live", 1).close()
    backup(tmp_path / "live", tmp_path / "backup")
    engine = Engine.open(tmp_path / "target", clock=_clock())
    try:
        with pytest.raises(StoreError, match="in use by another engine"):
            restore(tmp_path / "backup", tmp_path / "target")
    finally:
        engine.close()


def test_backup_refuses_to_overwrite_a_backup_and_names_a_missing_store(tmp_path: Path) -> None:
    _running(tmp_path / "live", 1).close()
    backup(tmp_path / "live", tmp_path / "backup")
    with pytest.raises(StoreError, match="already holds a backup"):
        backup(tmp_path / "live", tmp_path / "backup")
    with pytest.raises(StoreError, match=r"no engine store here"):
        backup(tmp_path / "nothing", tmp_path / "backup-2")


def test_a_backup_with_a_gap_in_its_log_is_refused(tmp_path: Path) -> None:
    _running(tmp_path / "live", 2).close()
    db = sqlite3.connect(tmp_path / "live" / "engine.sqlite3")
    db.execute("DELETE FROM records WHERE position = 3")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match=r"the record log has gaps"):
        backup(tmp_path / "live", tmp_path / "backup")
    assert not (tmp_path / "backup" / "engine.sqlite3").exists()


def test_kill_9_during_a_restore_leaves_no_store_and_the_restore_can_be_repeated(tmp_path: Path) -> None:
    _running(tmp_path / "live", 3).close()
    copied = backup(tmp_path / "live", tmp_path / "backup")
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.store import backup as b
        b.restore(Path({str(tmp_path / "backup")!r}), Path({str(tmp_path / "restored")!r}),
                  progress=lambda *args: os.kill(os.getpid(), signal.SIGKILL))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert not (tmp_path / "restored" / "engine.sqlite3").exists()  # no engine can start on half of it
    restored = restore(tmp_path / "backup", tmp_path / "restored")
    assert restored.last_position == copied.last_position
    engine = Engine.open(tmp_path / "restored", clock=_clock())
    assert len(engine.jobs("work")) == 3
    engine.close()
