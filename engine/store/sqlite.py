"""SQLite (WAL) store: the record log and the state rows, one transaction per commit.

A commit holds the records and state changes of one command, or of a group of commands (group
commit), written together, so after a crash the engine resumes from the last committed group: a
completed job is either fully completed (its records and the process moving on) or not at all,
and every timer still pending is in the state to be re-scheduled.

A commit that fails leaves nothing behind: the transaction is rolled back (SQLite may already have
rolled it back itself, on a full disk) and the records' length stays where it was, so readers never
see a half-written group and the next commit continues the log without a gap.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from engine.runtime.records import Record
from engine.runtime.state import TABLES, State
from engine.store import schema
from engine.store.base import Exporter, PendingExport
from engine.store.errors import StoreError
from engine.store.faults import classify, outage_reason
from engine.store.lock import DataDirLock

DATABASE_FILE = "engine.sqlite3"
_log = logging.getLogger(__name__)

# how many of the records committed last are kept in memory, as written (at most twice as many)
_TAIL = 4096

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_dumps = _ENCODER.encode


def _key(key: Any) -> str:
    """A state key as JSON text; most are ints, whose JSON is their decimal digits."""
    return str(key) if type(key) is int else _dumps(key)


class SqliteStore:
    tracks_changes = True

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DATABASE_FILE
        self._owner = DataDirLock(data_dir)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            self._owner.release()
            raise StoreError(f"{self.path}: cannot open the engine's store ({exc})") from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a commit is in the WAL file before it returns, so a killed process
            # loses nothing committed; only a power cut may lose the last commits before a checkpoint
            self._db.execute("PRAGMA synchronous=NORMAL")
            self.migrated_from = schema.prepare(self._db, self.path)
            if self.migrated_from is not None and self.migrated_from < schema.CURRENT_VERSION:
                _log.warning(
                    "%s: store schema %d migrated to %d",
                    self.path,
                    self.migrated_from,
                    schema.CURRENT_VERSION,
                )
        except sqlite3.DatabaseError as exc:
            self._release()
            reason = outage_reason(exc)
            if reason is not None:  # a full disk while migrating, an unreadable file: not its format
                raise StoreError(f"{self.path}: cannot open the engine's store: {reason}") from exc
            raise StoreError(f"{self.path}: not an engine database ({exc})") from exc
        except BaseException:
            self._release()
            raise
        self._records = _SqliteRecords(self)
        self.exporter: Exporter | None = None
        # the records committed last, as written: listeners and followers of the log read what the
        # last commands wrote right after each commit, which need not go back to SQLite and JSON
        self._tail: list[Record] = []

    @property
    def records(self) -> Sequence[Record]:
        return self._records

    def history_connection(self) -> sqlite3.Connection:
        """The connection the history is exported on: this store's, so a backup holds both. The
        engine uses it under its own lock, so an export never overlaps a commit."""
        return self._db

    def load(self, state: State) -> None:
        with self._lock:
            rows = self._db.execute("SELECT tbl, key, value FROM state").fetchall()
        for table, key, value in rows:
            if table in TABLES:
                state.load(table, json.loads(key), json.loads(value))
        self._records.length = self._count()

    def _count(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COALESCE(MAX(position), 0) FROM records").fetchone()
        return int(row[0])

    def commit(self, records: list[Record], changes: list[tuple[str, Any, Any]]) -> None:
        """Write records and state changes atomically (a change of None deletes). On failure nothing
        is written and the error says whether the store (StoreUnavailable) or the values
        (UnstorableValue) are at fault; any other error is a defect and is raised as it is."""
        if not records and not changes:
            return
        with self._lock:
            try:
                self._write(records, changes)
            except Exception as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                client_error = classify(exc, self.path)
                if client_error is None:
                    raise
                raise client_error from exc
            if records:
                self._records.length = records[-1].position
                self._tail.extend(records)
                if len(self._tail) > 2 * _TAIL:
                    del self._tail[:-_TAIL]

    def _write(self, records: list[Record], changes: list[tuple[str, Any, Any]]) -> None:
        db = self._db
        export = self.exporter(records, self._records.length) if self.exporter else None
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    r.position,
                    r.key,
                    r.timestamp,
                    r.record_type,
                    r.value_type,
                    r.intent,
                    _dumps(r.value),
                    r.rejection_type,
                    r.rejection_reason,
                )
                for r in records
            ],
        )
        upserts = [(t, _key(k), _dumps(v)) for t, k, v in changes if v is not None]
        deletes = [(t, _key(k)) for t, k, v in changes if v is None]
        if upserts:
            db.executemany("INSERT OR REPLACE INTO state VALUES (?,?,?)", upserts)
        if deletes:
            db.executemany("DELETE FROM state WHERE tbl=? AND key=?", deletes)
        if export is not None:
            self._export(export)
        db.execute("COMMIT")
        if export is not None:
            export.committed()

    def _export(self, export: PendingExport) -> None:
        """The history's export, in a savepoint: a failure of its own (not of the disk) leaves the
        command's records to commit and the export to be retried after it."""
        db = self._db
        db.execute("SAVEPOINT history")
        try:
            export(db)
        except Exception as exc:
            if outage_reason(exc) is not None or not db.in_transaction:
                raise  # the store cannot write (SQLite may have rolled back already): the commit fails
            db.execute("ROLLBACK TO history")
            db.execute("RELEASE history")
            _log.exception("the history export of a commit failed; it is retried after the commit")
        else:
            db.execute("RELEASE history")

    def read(self, start: int, stop: int) -> list[Record]:
        """Records with start <= position < stop."""
        with self._lock:
            tail = self._tail
            if tail and start >= tail[0].position:
                first = tail[0].position
                return tail[start - first : stop - first]
            rows = self._db.execute(
                "SELECT * FROM records WHERE position >= ? AND position < ? ORDER BY position", (start, stop)
            ).fetchall()
        return [Record(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._release()

    def _release(self) -> None:
        try:
            self._db.close()
        finally:
            self._owner.release()


class _SqliteRecords(Sequence[Record]):
    """The log read back from SQLite, in pages."""

    _PAGE = 2000

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.length = 0

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.length)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self.store.read(start + 1, stop + 1)
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        return self.store.read(index + 1, index + 2)[0]

    def __iter__(self) -> Iterator[Record]:
        position = 1
        while position <= self.length:
            page = self.store.read(position, position + self._PAGE)
            if not page:
                return
            yield from page
            position = page[-1].position + 1
