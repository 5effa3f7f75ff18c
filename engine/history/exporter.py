"""The history exporter: follows the record log into the history tables, as Camunda's exporters
feed Operate and Tasklist.

The store writes each commit's export in that commit's transaction (:meth:`History.with_commit`,
a savepoint in a durable store), moving the exported position with it, so after a crash the
history is exactly the log up to that position. When the history is behind (an export that failed
on its own) :meth:`History.catch_up` exports the rest after the commit, and the next start exports
only what follows the position (nothing is rebuilt on read or on start). A store written before
the history existed is exported once, on its first start with this release, a page of records per
transaction.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from engine.history import schema
from engine.history.projection import ElementName, Projection, VersionTag
from engine.runtime.records import Record

T = TypeVar("T")
_log = logging.getLogger(__name__)

_PAGE = 2000
"""Records per transaction when catching up on a longer stretch of the log."""


class History:
    """The history tables of one engine and the position of the log they hold."""

    def __init__(
        self,
        db: sqlite3.Connection,
        lock: threading.RLock,
        element_name: ElementName,
        version_tag: VersionTag | None = None,
    ) -> None:
        self.db = db
        self.lock = lock
        with lock:
            schema.create(db)
            self.position = schema.exported_position(db)
        self.projection = Projection(db, element_name, version_tag)

    def catch_up(self, records: Sequence[Record]) -> int:
        """Export the records after the exported position; how many were applied."""
        with self.lock:
            start = self.position
            while self.position < len(records):
                page = records[self.position : min(len(records), self.position + _PAGE)]
                if not page:
                    break
                self._export(page)
            return self.position - start

    def _export(self, page: Sequence[Record]) -> None:
        db = self.db
        db.execute("BEGIN")
        try:
            self._apply(page)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self.position = page[-1].position

    def _apply(self, page: Sequence[Record]) -> None:
        """Apply ``page`` and move the exported position, inside the caller's transaction."""
        projection = self.projection
        for table in projection.tables:
            table.begin_export()
        try:
            for record in page:
                projection.apply(record)
            for table in projection.tables:
                table.flush()
            schema.set_exported_position(self.db, page[-1].position)
        finally:
            for table in projection.tables:
                table.end_export()

    def with_commit(self, records: Sequence[Record], logged: int) -> PendingExport | None:
        """The export of ``records`` for the store to write in their commit's own transaction,
        when the history holds everything ``logged`` before them (else: exported after it)."""
        if not records or self.position != logged or records[0].position != logged + 1:
            return None
        return PendingExport(self, records)

    def read(self, view: Callable[[Projection], T]) -> T:
        """``view`` of the history as exported so far, under the engine's lock (which the exporter
        holds too: a view never sees half an export)."""
        with self.lock:
            return view(self.projection)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the history outside the exporter (a purge)."""
        with self.lock:
            self.db.execute("BEGIN")
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise


class PendingExport:
    """One commit's export: written by the store inside the commit's transaction, then
    :meth:`committed` once that transaction is (a rolled-back commit exported nothing)."""

    def __init__(self, history: History, records: Sequence[Record]) -> None:
        self.history = history
        self.records = records
        self.applied = False

    def __call__(self, db: sqlite3.Connection) -> None:
        self.history._apply(self.records)
        self.applied = True

    def committed(self) -> None:
        if self.applied:
            self.history.position = self.records[-1].position


def export_quietly(history: History, records: Sequence[Record]) -> None:
    """Export after a commit; a failure is logged and retried after the next commit, since the
    command itself is already committed and the log still holds everything to export."""
    try:
        history.catch_up(records)
    except Exception:
        _log.exception("the history could not be exported up to position %d; retrying later", len(records))
