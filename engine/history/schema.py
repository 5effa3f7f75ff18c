"""Creating the history tables, in the engine's store (durable) or an in-memory database."""

from __future__ import annotations

import sqlite3

from engine.history import tables
from engine.history.table import HistoryTable


def statements() -> list[str]:
    """Every statement that creates the history tables and their indexes (idempotent)."""
    out = [f"CREATE TABLE IF NOT EXISTS {tables.META} (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"]
    for name, columns in tables.ALL.items():
        out += HistoryTable.ddl_of(name, columns)
    return out


def create(db: sqlite3.Connection) -> None:
    """Create whatever history table is missing (inside the caller's transaction, if any)."""
    for statement in statements():
        db.execute(statement)


def exported_position(db: sqlite3.Connection) -> int:
    """The position of the last record exported into the history (0: none yet)."""
    row = db.execute(f"SELECT value FROM {tables.META} WHERE name = 'position'").fetchone()
    return 0 if row is None else int(row[0])


def set_exported_position(db: sqlite3.Connection, position: int) -> None:
    db.execute(
        f"INSERT INTO {tables.META} (name, value) VALUES ('position', ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (position,),
    )
