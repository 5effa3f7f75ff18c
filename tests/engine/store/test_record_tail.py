"""The records committed last are served from memory: exactly what SQLite gives back after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.store import sqlite
from tests.engine.store.test_sqlite_recovery import TIMER_TASK


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def test_records_read_from_the_tail_equal_those_read_back_from_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "_TAIL", 16)  # small, so reads cross from SQLite into the tail
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    for i in range(30):
        engine.create_instance("p", {"i": i, "名称": "政务云"})
    for job in engine.activate_jobs("work", "w", max_jobs=10):
        engine.complete_job(job.key, {"done": True})
    served = list(engine.records)
    pieces = [engine.records[i] for i in range(len(served))]
    window = list(engine.records[len(served) - 40 : len(served)])
    engine.close()
    reopened = Engine.open(tmp_path, clock=_clock())
    from_disk = list(reopened.records)
    reopened.close()
    assert served == from_disk == pieces
    assert window == from_disk[-40:]
