"""The store interface: the engine commits each command's records and state changes together."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol

from engine.runtime.records import Record
from engine.runtime.state import State


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

    def commit(self, records: list[Record], changes: list[tuple[str, Any, Any]]) -> None:
        """Write one command's records and state changes atomically (a change of None deletes)."""
        ...

    def close(self) -> None: ...
