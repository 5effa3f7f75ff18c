"""The record log: every command and event the engine writes, in order (Zeebe's exporter view)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

EVENT = "EVENT"
COMMAND = "COMMAND"
COMMAND_REJECTION = "COMMAND_REJECTION"


@dataclass(frozen=True, slots=True)
class Record:
    position: int
    key: int
    timestamp: int
    record_type: str
    value_type: str
    intent: str
    value: dict[str, Any] = field(hash=False, compare=False)
    rejection_type: str | None = None
    rejection_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "position": self.position,
            "key": self.key,
            "timestamp": self.timestamp,
            "recordType": self.record_type,
            "valueType": self.value_type,
            "intent": self.intent,
            "value": self.value,
        }
        if self.rejection_type is not None:
            data["rejectionType"] = self.rejection_type
            data["rejectionReason"] = self.rejection_reason
        return data


class RecordLog(Sequence[Record]):
    """The log as a read-only sequence; position ``p`` is at index ``p - 1``."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        return self._records[index]

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    def since(self, position: int) -> Iterator[Record]:
        """Records after ``position`` (0 = from the start), for readers that follow the log."""
        index = position
        while index < len(self._records):
            yield self._records[index]
            index += 1

    def of(self, value_type: str, intent: str | None = None) -> list[Record]:
        return [
            r for r in self._records if r.value_type == value_type and (intent is None or r.intent == intent)
        ]
