"""Everything in memory: for tests, where thousands of short-lived engines must start instantly."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

from engine.runtime.records import Record
from engine.runtime.state import State
from engine.store.base import Exporter

_log = logging.getLogger(__name__)


class MemoryStore:
    tracks_changes = False

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._history: sqlite3.Connection | None = None
        self.exporter: Exporter | None = None

    @property
    def records(self) -> Sequence[Record]:
        return self._records

    def history_connection(self) -> sqlite3.Connection:
        """An in-memory database for the history, gone with the store."""
        if self._history is None:
            self._history = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        return self._history

    def load(self, state: State) -> None:
        """A memory store starts empty."""

    def commit(self, records: list[Record], changes: list[tuple[str, Any, Any]]) -> None:
        export = self.exporter(records, len(self._records)) if self.exporter is not None else None
        self._records.extend(records)
        if export is not None:
            db = self.history_connection()
            db.execute("BEGIN")
            try:
                export(db)
                db.execute("COMMIT")
            except Exception:
                db.execute("ROLLBACK")
                _log.exception("the history export of a commit failed; it is retried")
            else:
                export.committed()

    def close(self) -> None:
        if self._history is not None:
            self._history.close()
