"""How long the history keeps ended instances, and the purge that removes them after that.

Archiving rules for government projects ask that a case's records be kept for a number of years
after it closed, then disposed of; the engine keeps an ended instance (with its element instances,
user tasks, variables, incidents, jobs and sequence flows) in its history for ``years`` after its
end date, and :func:`purge` removes those older than that. An instance is purged with its whole
call tree, and only once its root instance has ended before the cut-off, so a running case never
loses a called sub-process. Active instances are never purged. The record log itself is kept
(backups and the log's continuity rely on it).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from engine.history import tables
from engine.history.exporter import History


@dataclass(frozen=True)
class Purged:
    """What one purge removed: the instances (roots and called ones) and every item of theirs."""

    cutoff: str
    """Instances whose root ended before this instant (ISO 8601, UTC) were removed."""
    instances: int
    items: int


def cutoff(now: dt.datetime, years: int) -> dt.datetime:
    """``years`` calendar years before ``now`` (29 February goes to 28 February)."""
    if years < 0:
        raise ValueError(f"the history retention must be 0 years or more, got {years}")
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def purge(history: History, before: dt.datetime) -> Purged:
    """Remove every instance whose root instance ended before ``before``, in one transaction."""
    limit = _iso(before)
    with history.transaction() as db:
        roots = [
            row[0]
            for row in db.execute(
                f"SELECT process_instance_key FROM {tables.PROCESS_INSTANCES} "
                "WHERE parent_process_instance_key IS NULL AND end_date IS NOT NULL AND end_date < ?",
                (limit,),
            )
        ]
        keys = _with_called_instances(db, roots)
        items = _delete_items_of(db, keys)
    return Purged(limit, len(keys), items)


def _with_called_instances(db: sqlite3.Connection, roots: list[str]) -> list[str]:
    found, wave = list(roots), list(roots)
    while wave:
        marks = ", ".join("?" for _ in wave)
        wave = [
            row[0]
            for row in db.execute(
                f"SELECT process_instance_key FROM {tables.PROCESS_INSTANCES} "
                f"WHERE parent_process_instance_key IN ({marks})",
                wave,
            )
        ]
        found += wave
    return found


_BY_INSTANCE = (
    tables.ELEMENT_INSTANCES,
    tables.USER_TASKS,
    tables.VARIABLES,
    tables.INCIDENTS,
    tables.JOBS,
    tables.SEQUENCE_FLOWS,
    tables.MESSAGE_SUBSCRIPTIONS,
    tables.CORRELATIONS,
    tables.DECISION_INSTANCES,
    tables.PROCESS_INSTANCES,
)
"""The tables whose rows name their process instance; the instances' own table last."""


def _delete_items_of(db: sqlite3.Connection, keys: list[str]) -> int:
    deleted = 0
    for start in range(0, len(keys), 500):  # SQLite's limit on parameters, with room to spare
        chunk = keys[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        in_chunk = f"process_instance_key IN ({marks})"
        # the rows keyed by something else go first, while their owners still name the instance
        deleted += db.execute(
            f"DELETE FROM {tables.FLOW_SCOPES} WHERE k IN "
            f"(SELECT element_instance_key FROM {tables.ELEMENT_INSTANCES} WHERE {in_chunk})",
            chunk,
        ).rowcount
        deleted += db.execute(
            f"DELETE FROM {tables.FULL_VALUES} WHERE k IN "
            f"(SELECT variable_key FROM {tables.VARIABLES} WHERE {in_chunk})",
            chunk,
        ).rowcount
        for table in _BY_INSTANCE:
            deleted += db.execute(f"DELETE FROM {table} WHERE {in_chunk}", chunk).rowcount
    return deleted
