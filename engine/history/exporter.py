"""The history exporter: follows the record log into the history tables, as Camunda's exporters
feed Operate and Tasklist.

The engine calls :meth:`History.catch_up` right after each commit, on its own thread: the records
just committed are applied in one transaction that also moves the exported position, so after a
crash the history is exactly the log up to that position and the next start exports only what
follows it (nothing is rebuilt on read or on start). A store written before the history existed
is exported once, on its first start with this release, in transactions of a page of records.
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
        db, projection = self.db, self.projection
        for table in projection.tables:
            table.begin_export()
        db.execute("BEGIN")
        try:
            for record in page:
                projection.apply(record)
            for table in projection.tables:
                table.flush()
            schema.set_exported_position(db, page[-1].position)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            for table in projection.tables:
                table.end_export()
        self.position = page[-1].position

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


def export_quietly(history: History, records: Sequence[Record]) -> None:
    """Export after a commit; a failure is logged and retried after the next commit, since the
    command itself is already committed and the log still holds everything to export."""
    try:
        history.catch_up(records)
    except Exception:
        _log.exception("the history could not be exported up to position %d; retrying later", len(records))
