"""Group commit: several commands per transaction, each answered only after its commit, with the
outcomes they would have had one by one (issue #18, 9)."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from engine.clock import ControlledClock
from engine.gateway.engine_host import EngineHost
from engine.runtime import Engine, NotFound
from engine.runtime.errors import InvalidArgument
from engine.store import StoreUnavailable
from tests.engine.store.test_sqlite_recovery import TIMER_TASK

PROJECT = Path(__file__).resolve().parents[3]


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _counting_commits(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of records in each transaction the store commits from now on."""
    store = engine._store
    commits: list[int] = []
    commit = store.commit

    def counted(records: list[Any], changes: list[Any]) -> None:
        commit(records, changes)
        commits.append(len(records))

    monkeypatch.setattr(store, "commit", counted)
    return commits


def _without_gaps(engine: Engine) -> None:
    positions = [r.position for r in engine.records]
    assert positions == list(range(1, len(positions) + 1))


def test_a_group_is_one_transaction_with_each_commands_own_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    commits = _counting_commits(engine, monkeypatch)
    outcomes = engine.run_batch(
        [
            lambda: engine.create_instance("p", {"i": 1}),
            lambda: engine.complete_job(12345),  # refused: no such job
            lambda: engine.create_instance("p", {"i": 2}),
            lambda: engine.activate_jobs("work", "w", max_jobs=10),  # sees both instances of the group
        ]
    )
    assert len(commits) == 1
    first, refused, second, activated = outcomes
    assert isinstance(refused, NotFound)
    assert [job.process_instance_key for job in activated] == [first.key, second.key]
    rejections = [r for r in engine.records if r.record_type == "COMMAND_REJECTION"]
    assert [(r.value_type, r.intent, r.key) for r in rejections] == [("JOB", "COMPLETE", 12345)]
    _without_gaps(engine)
    engine.close()


def test_a_failing_command_in_a_group_costs_the_others_nothing(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    outcomes = engine.run_batch(
        [
            lambda: engine.create_instance("p", {"i": 1}),
            lambda: engine.create_instance("p", {"name": "\ud800"}),  # the store cannot keep it
            lambda: engine.create_instance("p", {"i": 3}),
        ]
    )
    assert isinstance(outcomes[1], InvalidArgument)
    assert sorted(j["processInstanceKey"] for j in engine.jobs("work")) == [outcomes[0].key, outcomes[2].key]
    _without_gaps(engine)
    engine.close()
    reopened = Engine.open(tmp_path, clock=_clock())
    assert len(reopened.jobs("work")) == 2
    reopened.close()


def test_a_defect_in_one_command_of_a_group_leaves_the_others_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    for i in range(3):
        engine.create_instance("p", {"i": i})
    jobs = engine.activate_jobs("work", "w", max_jobs=3)
    from engine.runtime import variables

    apply_outputs = variables.apply_outputs

    def broken_for_the_second(p: Any, inst: dict[str, Any], element: Any) -> None:
        if (inst.get("result") or {}).get("broken"):
            raise RuntimeError("a defect")
        apply_outputs(p, inst, element)

    monkeypatch.setattr(variables, "apply_outputs", broken_for_the_second)
    outcomes = engine.run_batch(
        [
            lambda: engine.complete_job(jobs[0].key, {"done": 1}),
            lambda: engine.complete_job(jobs[1].key, {"broken": True}),
            lambda: engine.complete_job(jobs[2].key, {"done": 3}),
        ]
    )
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], RuntimeError)
    states = [engine.instance(job.process_instance_key).state for job in jobs]
    assert states == ["COMPLETED", "ACTIVE", "COMPLETED"]
    _without_gaps(engine)
    engine.close()


def test_disk_full_fails_the_whole_group_and_leaves_nothing_visible(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path, clock=_clock(), store_retry_s=3600)
    engine.deploy([("p.bpmn", TIMER_TASK)])
    before = len(engine.records)
    db = engine._store._db  # type: ignore[attr-defined]
    db.execute("PRAGMA max_page_count = {}".format(db.execute("PRAGMA page_count").fetchone()[0]))
    outcomes = engine.run_batch(
        [lambda i=i: engine.create_instance("p", {"材料": "x" * 5000, "i": i}) for i in range(20)]
    )
    assert all(isinstance(outcome, StoreUnavailable) for outcome in outcomes)
    assert len(engine.records) == before and engine.jobs("work") == []
    engine.close()


def test_the_gateway_commits_concurrent_commands_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine.open(tmp_path, clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    host = EngineHost(engine)
    commits = _counting_commits(engine, monkeypatch)

    async def clients() -> list[Any]:
        return await asyncio.gather(
            *(host.call(lambda i=i: engine.create_instance("p", {"i": i})) for i in range(25)),
            host.call(lambda: engine.complete_job(1)),
            return_exceptions=True,
        )

    answers = asyncio.run(clients())
    assert len(commits) == 1
    assert isinstance(answers[-1], NotFound)
    assert len({answer.key for answer in answers[:-1]}) == 25
    assert len(engine.jobs("work")) == 25
    host.stop()


def test_kill_9_during_a_group_commit_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """The writer dies inside the seventh group's transaction (its records written, not committed):
    every command answered before is there after the restart, nothing of the dying group is."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.runtime import Engine
        from engine.store import sqlite
        from tests.engine.store.test_sqlite_recovery import TIMER_TASK
        engine = Engine.open(Path({str(tmp_path)!r}))
        engine.deploy([("p.bpmn", TIMER_TASK)])
        groups = 0
        write = sqlite.SqliteStore._write
        def dying(self, records, changes):
            global groups
            groups += 1
            if groups == 7:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT INTO records (position, key, timestamp, record_type, value_type, intent, value)"
                    " VALUES (?,?,?,?,?,?,?)",
                    [(r.position, r.key, r.timestamp, r.record_type, r.value_type, r.intent, "{{}}")
                     for r in records],
                )
                os.kill(os.getpid(), signal.SIGKILL)
            write(self, records, changes)
        sqlite.SqliteStore._write = dying
        for round in range(10):
            created = engine.run_batch([lambda: engine.create_instance("p") for _ in range(8)])
            print("created", *(c.key for c in created), flush=True)
            jobs = engine.activate_jobs("work", "w", max_jobs=4)
            done = engine.run_batch([lambda key=job.key: engine.complete_job(key) for job in jobs])
            assert all(outcome is None for outcome in done), done
            print("completed", *(job.key for job in jobs), flush=True)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT, check=False
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    created = [
        int(k) for line in run.stdout.splitlines() if line.startswith("created") for k in line.split()[1:]
    ]
    completed = [
        int(k) for line in run.stdout.splitlines() if line.startswith("completed") for k in line.split()[1:]
    ]
    assert created and completed

    engine = Engine.open(tmp_path, clock=_clock())
    _without_gaps(engine)
    for key in created:
        engine.instance(key)  # raises NotFound if an acknowledged instance were lost
    open_jobs = {j["key"] for j in engine.jobs("work")}
    assert not open_jobs & set(completed)  # no completed job comes back to be completed twice
    started = [
        r.key
        for r in engine.records
        if r.intent == "ELEMENT_ACTIVATED" and r.value["bpmnElementType"] == "PROCESS"
    ]
    assert sorted(started) == sorted(created)  # and nothing of the dying group was kept
    for job in engine.activate_jobs("work", "w2", max_jobs=100):
        engine.complete_job(job.key)
    for key in created:
        assert engine.instance(key).state == "COMPLETED"
    engine.close()


def test_a_group_on_the_memory_engine_has_the_same_outcomes() -> None:
    engine = Engine.in_memory(clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    first, refused, activated = engine.run_batch(
        [
            lambda: engine.create_instance("p"),
            lambda: engine.complete_job(12345),
            lambda: engine.activate_jobs("work", "w"),
        ]
    )
    assert isinstance(refused, NotFound)
    assert [job.process_instance_key for job in activated] == [first.key]
    engine.close()
