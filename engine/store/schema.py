"""The store's schema, versioned in SQLite's ``user_version``, and the migrations between versions.

A release opens a data directory written by any older release: it migrates it forward, one
version at a time, each step in one transaction, so a crash mid-way leaves the old version intact.
A directory written by a newer release is refused, naming both versions, instead of being misread.

Versions:

0. the releases before versioning: ``records`` and ``state`` as in version 1, ``user_version`` 0;
   a commit that failed there could advance the position without writing, leaving gaps in the log
   (which made every later read of the log by position fail);
1. the same two tables, the version recorded, the log without gaps;
2. the history tables beside them (engine/history/): the items the searches return, exported from
   the log. A store migrated from version 1 holds them empty, with nothing exported, and the
   engine's first start exports its log once. Ended instances are no longer kept in the state
   (the history has them): their ``meta`` rows are dropped. An empty database is created at this
   version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from engine.history import schema as history_schema
from engine.store.errors import StoreError

CURRENT_VERSION = 2

_RECORDS = """
CREATE TABLE records (
    position INTEGER PRIMARY KEY,
    key INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    record_type TEXT NOT NULL,
    value_type TEXT NOT NULL,
    intent TEXT NOT NULL,
    value TEXT NOT NULL,
    rejection_type TEXT,
    rejection_reason TEXT
)"""
_STATE = """
CREATE TABLE state (
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (tbl, key)
) WITHOUT ROWID"""

# the columns each table must have, to tell an engine store from some other SQLite file
_COLUMNS = {
    "records": [
        "position",
        "key",
        "timestamp",
        "record_type",
        "value_type",
        "intent",
        "value",
        "rejection_type",
        "rejection_reason",
    ],
    "state": ["tbl", "key", "value"],
}


def _check_version_0(db: sqlite3.Connection, path: Path) -> None:
    """Version 0 had no version number: make sure it is the engine's layout before stamping it."""
    for table, columns in _COLUMNS.items():
        found = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        if found != columns:
            raise StoreError(
                f"{path}: not an engine database (table {table!r} has columns {found}, expected {columns})"
            )


def _close_gaps(db: sqlite3.Connection) -> None:
    """Renumber the records 1..n in their order, where failed commits left positions unused.

    Positions are the log's order only (no record refers to another's position, and readers
    rebuild what they derive from the log on start), so closing the gaps loses nothing; the
    position counter in the state follows, so the next record continues the log."""
    count, last = db.execute("SELECT COUNT(*), COALESCE(MAX(position), 0) FROM records").fetchone()
    if count == last:
        return
    columns = ", ".join(_COLUMNS["records"][1:])
    db.execute("ALTER TABLE records RENAME TO records_with_gaps")
    db.execute(_RECORDS)
    db.execute(
        f"INSERT INTO records SELECT ROW_NUMBER() OVER (ORDER BY position), {columns} "
        "FROM records_with_gaps ORDER BY position"
    )
    db.execute("DROP TABLE records_with_gaps")
    db.execute(
        "UPDATE state SET value = ? WHERE tbl = 'meta' AND key = ?", (str(count), json.dumps("position"))
    )


def _to_version_1(db: sqlite3.Connection, path: Path) -> None:
    _check_version_0(db, path)
    _close_gaps(db)


def _to_version_2(db: sqlite3.Connection, path: Path) -> None:
    history_schema.create(db)
    # ended instances leave the runtime state: the history, exported from the log, has them
    db.execute("""DELETE FROM state WHERE tbl = 'meta' AND key LIKE '"ended:%'""")


# MIGRATIONS[v] takes a store from version v to v + 1, inside the caller's transaction
MIGRATIONS: dict[int, Callable[[sqlite3.Connection, Path], None]] = {0: _to_version_1, 1: _to_version_2}


def version_of(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _is_empty(db: sqlite3.Connection) -> bool:
    return bool(db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0)


def prepare(db: sqlite3.Connection, path: Path) -> int | None:
    """Create or migrate the schema of the store at ``path``; the version it had before (None: new)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if _is_empty(db):
            db.execute(_RECORDS)
            db.execute(_STATE)
            history_schema.create(db)
            db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
            db.execute("COMMIT")
            return None
        found = version_of(db)
        if found > CURRENT_VERSION:
            raise StoreError(
                f"{path}: written by a newer release (store schema {found}); this release reads "
                f"schema {CURRENT_VERSION} and older. Run the newer release, or restore a backup taken "
                "before the upgrade"
            )
        for version in range(found, CURRENT_VERSION):
            MIGRATIONS[version](db, path)
        if found < CURRENT_VERSION:
            db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        db.execute("COMMIT")
        return found
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
