"""Everything in memory: for tests, where thousands of short-lived engines must start instantly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.runtime.records import Record
from engine.runtime.state import State


class MemoryStore:
    tracks_changes = False

    def __init__(self) -> None:
        self._records: list[Record] = []

    @property
    def records(self) -> Sequence[Record]:
        return self._records

    def load(self, state: State) -> None:
        """A memory store starts empty."""

    def commit(self, records: list[Record], changes: list[tuple[str, Any, Any]]) -> None:
        self._records.extend(records)

    def close(self) -> None:
        """Nothing to release."""
