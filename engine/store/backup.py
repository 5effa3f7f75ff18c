"""Online backup and restore of a data directory, with SQLite's backup API.

A backup reads a consistent snapshot while the engine keeps running (WAL readers never block the
writer) and publishes it only once it is complete and verified: it is written beside its final
name and renamed into place, so a backup killed half-way leaves no file that looks like a backup.
A restore goes into a fresh directory only, under that directory's lock, so no engine starts on a
half-restored store, and the engine opening it migrates an older schema as on any start.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.store import schema
from engine.store.errors import StoreError
from engine.store.lock import DataDirLock
from engine.store.sqlite import DATABASE_FILE

Progress = Callable[[int, int, int], object]


@dataclass(frozen=True)
class Copied:
    """What a backup or restore wrote: the file, its schema version, its records and last position."""

    path: Path
    schema_version: int
    records: int
    last_position: int
    size_bytes: int


def backup(data_dir: Path, destination: Path, *, progress: Progress | None = None) -> Copied:
    """Copy the store in ``data_dir`` (running or not) into the folder ``destination``."""
    source = data_dir / DATABASE_FILE
    if not source.is_file():
        raise StoreError(f"{data_dir}: no engine store here (no {DATABASE_FILE})")
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / DATABASE_FILE
    if target.exists():
        raise StoreError(f"{destination}: already holds a backup ({DATABASE_FILE}); choose an empty folder")
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: cannot read the engine's store ({exc})") from exc
    try:
        return _copy(reader, source, target, progress)
    finally:
        reader.close()


def restore(backup_folder: Path, data_dir: Path, *, progress: Progress | None = None) -> Copied:
    """Restore the backup in ``backup_folder`` into ``data_dir``, which must hold no store yet."""
    source = backup_folder / DATABASE_FILE
    if not source.is_file():
        raise StoreError(f"{backup_folder}: no backup here (no {DATABASE_FILE})")
    data_dir.mkdir(parents=True, exist_ok=True)
    owner = DataDirLock(data_dir)
    try:
        target = data_dir / DATABASE_FILE
        leftovers = [p.name for p in (target, Path(f"{target}-wal")) if p.exists()]
        if leftovers:
            raise StoreError(
                f"{data_dir}: already holds an engine store ({', '.join(leftovers)}); restore into a fresh "
                "directory, or move this one away first"
            )
        try:
            reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise StoreError(f"{source}: cannot read the backup ({exc})") from exc
        try:
            return _copy(reader, source, target, progress)
        finally:
            reader.close()
    finally:
        owner.release()


def _copy(reader: sqlite3.Connection, source: Path, target: Path, progress: Progress | None) -> Copied:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # a copy an earlier, interrupted run left behind
    try:
        writer = sqlite3.connect(partial)
        try:
            # one step: the whole copy under one read snapshot, so the engine's writes meanwhile
            # neither restart it nor leave it inconsistent
            reader.backup(writer, pages=-1, progress=progress)
            writer.execute("PRAGMA journal_mode=DELETE")
            copied = _verify(writer, source, target)
        finally:
            writer.close()
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source}: not an engine database ({exc})") from exc
    finally:
        partial.unlink(missing_ok=True)
    return copied


def _verify(db: sqlite3.Connection, source: Path, target: Path) -> Copied:
    check = db.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise StoreError(f"{source}: the copy failed SQLite's integrity check: {check}")
    version = schema.version_of(db)
    if version > schema.CURRENT_VERSION:
        raise StoreError(
            f"{source}: written by a newer release (store schema {version}); this release reads "
            f"schema {schema.CURRENT_VERSION} and older"
        )
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"records", "state"} <= tables:
        raise StoreError(f"{source}: not an engine database (no records and state tables)")
    count, last = db.execute("SELECT COUNT(*), COALESCE(MAX(position), 0) FROM records").fetchone()
    if count != last:
        raise StoreError(f"{source}: the record log has gaps ({count} records up to position {last})")
    size = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
    return Copied(target, version, int(count), int(last), int(size))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
