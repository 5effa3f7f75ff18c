"""Retention (issue #18, 2): an ended instance leaves the runtime state and lives on in the history
only; the history keeps it for the configured number of years after it ended, then a purge
removes it with its whole call tree and every item of theirs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.history import tables
from engine.history.retention import cutoff
from engine.runtime import Engine
from engine.runtime.errors import NotFound
from engine.testing.builder import process
from tests.engine.gateway import diagrams


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _caller() -> bytes:
    return (
        process("filing")
        .start_event("start")
        .call_activity("review_it", process_id="review")
        .end_event("end")
        .to_xml()
    )


def _rows(engine: Engine, key: int) -> dict[str, int]:
    """How many history rows of each table name the instance ``key``."""
    db = engine.history.db
    return {
        table: db.execute(
            f"SELECT COUNT(*) FROM {table} WHERE process_instance_key = ?", (str(key),)
        ).fetchone()[0]
        for table in (tables.PROCESS_INSTANCES, tables.ELEMENT_INSTANCES, tables.VARIABLES, tables.USER_TASKS)
    }


def test_an_ended_instance_leaves_the_runtime_state_and_is_read_from_the_history(tmp_path: Path) -> None:
    with Engine.open(tmp_path, clock=_clock()) as engine:
        engine.deploy([("review.bpmn", diagrams.user_task())])
        key = engine.create_instance("review", {"unit": "区财政局"}).key
        engine.complete_user_task(engine.user_tasks()[0].key)
        state = engine._state.tables
        assert key not in state["elements"]
        assert not [k for k in state["meta"] if str(k).startswith("ended:")]
        assert not [v for v in state["variables"].values() if v.get("scopeKey") == key]
        assert engine.instance(key).state == "COMPLETED"
    with Engine.open(tmp_path, clock=_clock()) as engine:
        ended = engine.instance(key)
        assert (ended.state, ended.bpmn_process_id, ended.version) == ("COMPLETED", "review", 1)


def test_the_purge_removes_instances_ended_before_the_retention_with_their_call_tree() -> None:
    clock = _clock()
    engine = Engine.in_memory(clock=clock)
    engine.deploy([("review.bpmn", diagrams.user_task()), ("filing.bpmn", _caller())])
    old = engine.create_instance("filing", {"case": "old"}).key
    engine.complete_user_task(engine.user_tasks()[0].key)  # the called review ends, then the filing
    child = engine.history.projection.process_instances.first("parent_process_instance_key = ?", (str(old),))
    assert child is not None
    called = int(child["processInstanceKey"])
    clock.advance("P3Y")
    recent = engine.create_instance("filing", {"case": "recent"}).key
    engine.complete_user_task(engine.user_tasks()[0].key)
    running = engine.create_instance("filing", {"case": "running"}).key
    assert engine.instance(old).state == "COMPLETED"

    purged = engine.purge_history(retention_years=2)

    assert (purged.instances, purged.cutoff) == (2, "2027-09-30T01:00:00.000Z")
    assert purged.items > 10
    for gone in (old, called):
        assert set(_rows(engine, gone).values()) == {0}
        with pytest.raises(NotFound):
            engine.instance(gone)
    for kept in (recent, running):
        assert _rows(engine, kept)[tables.PROCESS_INSTANCES] == 1
        assert _rows(engine, kept)[tables.VARIABLES] >= 1
    assert engine.instance(recent).state == "COMPLETED"
    assert engine.purge_history(retention_years=2).instances == 0  # nothing more to remove
    clock.advance("PT1M")
    assert engine.purge_history(retention_years=0).instances == 2  # the recent filing and its review
    assert engine.instance(running).state == "ACTIVE"  # an active instance is never purged
    engine.close()


def test_a_leap_day_retention_ends_on_the_28th_and_a_negative_one_is_refused() -> None:
    leap = dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)
    assert cutoff(leap, 5) == dt.datetime(2023, 2, 28, 12, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="0 years or more"):
        cutoff(leap, -1)


def test_govit_purge_history_removes_what_ended_before_the_retention_and_refuses_a_running_engine(
    tmp_path: Path,
) -> None:
    from engine.__main__ import parse_options
    from govit.history_purge import PurgeError, purge_history

    with Engine.open(tmp_path, clock=ControlledClock(start="2020-03-02T09:00:00+08:00")) as engine:
        engine.deploy([("review.bpmn", diagrams.user_task())])
        ended = engine.create_instance("review").key
        engine.complete_user_task(engine.user_tasks()[0].key)
        active = engine.create_instance("review").key
        with pytest.raises(PurgeError, match="in use by another engine"):
            purge_history(tmp_path, 2)
    assert "1 instances that ended before" in purge_history(tmp_path, 2)
    with Engine.open(tmp_path) as engine:
        with pytest.raises(NotFound):
            engine.instance(ended)
        assert engine.instance(active).state == "ACTIVE"
    with pytest.raises(PurgeError, match="0 or more"):
        purge_history(tmp_path, -1)
    assert parse_options(["--history-retention-years", "30"]).history_retention_years == 30
    with pytest.raises(SystemExit):
        parse_options(["--history-retention-years", "-1"])
