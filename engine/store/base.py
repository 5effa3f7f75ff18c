"""The store interface: the engine commits each command's records and state changes together."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from engine.runtime.records import Record
from engine.runtime.state import State


class PendingExport(Protocol):
    """One commit's export: written on the store's connection, then told its commit succeeded."""

    def __call__(self, db: sqlite3.Connection) -> None: ...

    def committed(self) -> None: ...


Exporter = Callable[[Sequence[Record], int], PendingExport | None]
"""The export of a commit's records, given how many records the log held before them (None:
nothing to write with this commit)."""


class Store(Protocol):
    @property
    def records(self) -> Sequence[Record]:
        """The whole log, position order."""
        ...

    @property
    def tracks_changes(self) -> bool:
        """Whether the state must note its changes for :meth:`commit`."""
        ...

    def history_connection(self) -> sqlite3.Connection:
        """Where the history tables live (the engine's lock orders its use)."""
        ...

    def load(self, state: State) -> None:
        """Fill a fresh state with everything committed so far."""
        ...

    exporter: Exporter | None
    """The history's export of each commit's records, written in the commit's transaction where
    the store has one (its own failure rolls back its own writes only)."""

    def commit(self, records: list[Record], changes: list[tuple[str, Any, Any]]) -> None:
        """Write one command's records and state changes atomically (a change of None deletes)."""
        ...

    def close(self) -> None: ...
