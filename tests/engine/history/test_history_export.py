"""The history is exported from the record log right after each commit and kept in the store, so a
restart exports only what it had not yet and a search after it replays nothing (issue #18, 1)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.history.exporter import History
from engine.history.projection import Projection
from engine.runtime import Engine
from engine.store import SqliteStore
from engine.store.schema import CURRENT_VERSION
from tests.engine.gateway import diagrams
from tests.engine.store.release_1 import FOLDER


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _states(p: Projection) -> dict[str, str]:
    return {i["processInstanceKey"]: i["state"] for i in p.process_instances.values()}


def _with_work(data_dir: Path) -> dict[str, str]:
    """Five review instances, two of them completed; what the history says of them."""
    with Engine.open(data_dir, clock=_clock()) as engine:
        engine.deploy([("review.bpmn", diagrams.user_task())])
        for _ in range(5):
            engine.create_instance("review")
        for task in engine.user_tasks()[:2]:
            engine.complete_user_task(task.key)
        assert engine.history.position == len(engine.records)
        return engine.history.read(_states)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The first position of every read of the record log from SQLite."""
    starts: list[int] = []
    original = SqliteStore.read

    def counting(self: SqliteStore, start: int, stop: int) -> list:  # type: ignore[type-arg]
        starts.append(start)
        return original(self, start, stop)

    monkeypatch.setattr(SqliteStore, "read", counting)
    yield starts


def test_each_commit_is_exported_right_after_it_not_on_the_next_read(tmp_path: Path) -> None:
    with Engine.open(tmp_path, clock=_clock()) as engine:
        engine.deploy([("review.bpmn", diagrams.user_task())])
        key = engine.create_instance("review").key
        assert engine.history.position == len(engine.records)
        db = sqlite3.connect(tmp_path / "engine.sqlite3")  # another reader sees it committed
        found = db.execute(
            "SELECT state FROM h_process_instance WHERE process_instance_key = ?", (str(key),)
        ).fetchall()
        db.close()
        assert found == [("ACTIVE",)]


def test_the_history_survives_a_restart_and_a_search_after_it_reads_no_old_record(
    tmp_path: Path, reads: list[int]
) -> None:
    before = _with_work(tmp_path)
    assert sorted(before.values()) == ["ACTIVE"] * 3 + ["COMPLETED"] * 2
    reads.clear()
    with Engine.open(tmp_path, clock=_clock()) as engine:
        last = len(engine.records)
        assert engine.history.read(_states) == before
        assert engine.history.catch_up(engine.records) == 0
    assert all(start > last for start in reads), reads


def test_a_commit_whose_export_failed_is_committed_and_exported_on_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Engine.open(tmp_path, clock=_clock()) as engine:
        engine.deploy([("review.bpmn", diagrams.user_task())])
        original = History._apply

        def fails(self: History, page: object) -> None:
            raise RuntimeError("an export that fails on its own")

        monkeypatch.setattr(History, "_apply", fails)
        key = engine.create_instance("review").key  # committed all the same
        monkeypatch.setattr(History, "_apply", original)
        exported = engine.history.position
        assert exported < len(engine.records)
    with Engine.open(tmp_path, clock=_clock()) as engine:
        assert engine.history.position == len(engine.records)
        assert engine.history.read(_states) == {str(key): "ACTIVE"}


def test_a_store_from_before_the_history_is_exported_once_on_its_first_start(
    tmp_path: Path, reads: list[int]
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(FOLDER, data_dir)
    with Engine.open(data_dir, clock=_clock()) as engine:
        assert engine.history.position == len(engine.records)
        states = engine.history.read(_states)
        assert sorted(states.values()) == ["ACTIVE", "ACTIVE", "COMPLETED"]
        for key, state in states.items():
            assert engine.instance(int(key)).state == state
    reads.clear()
    with Engine.open(data_dir, clock=_clock()) as engine:
        assert engine.history.read(_states) == states
    assert reads == []


def test_a_store_of_schema_1_gets_its_history_tables_and_exports_its_log(tmp_path: Path) -> None:
    before = _with_work(tmp_path)
    db = sqlite3.connect(tmp_path / "engine.sqlite3")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table.startswith("h_"):
            db.execute(f"DROP TABLE {table}")  # as schema 1 had it: the log and the state only
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Engine.open(tmp_path, clock=_clock()) as engine:
        assert engine.history.read(_states) == before
    db = sqlite3.connect(tmp_path / "engine.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 2
    db.close()


def test_a_rest_search_after_a_restart_answers_from_the_history_without_reading_the_log(
    tmp_path: Path, reads: list[int]
) -> None:
    import asyncio
    import threading

    import httpx

    from engine.gateway.serve import start_gateway

    before = _with_work(tmp_path)
    reads.clear()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    engine = Engine.open(tmp_path, clock=_clock())
    last = len(engine.records)
    running = asyncio.run_coroutine_threadsafe(start_gateway(engine), loop).result(30)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{running.rest_port}", timeout=10) as client:
            found = client.post(
                "/v2/process-instances/search",
                json={"filter": {"state": "COMPLETED"}, "sort": [{"field": "startDate"}]},
            ).json()
            tasks = client.post("/v2/user-tasks/search", json={"filter": {"state": "CREATED"}}).json()
    finally:
        asyncio.run_coroutine_threadsafe(running.stop(grace_seconds=0), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        engine.close()
    assert sorted(i["processInstanceKey"] for i in found["items"]) == sorted(
        key for key, state in before.items() if state == "COMPLETED"
    )
    assert tasks["page"]["totalItems"] == 3
    assert all(start > last for start in reads), reads
