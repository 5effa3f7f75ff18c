"""Reading the engine's record log: the single source of truth for every assertion.

The assertions depend only on the record model of ENGINE_API.md (``Record(position, key,
timestamp, record_type, value_type, intent, value)``), described here as protocols so that the
testing package stays independent of the runtime's classes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol


class RecordLike(Protocol):
    @property
    def position(self) -> int: ...
    @property
    def key(self) -> int: ...
    @property
    def timestamp(self) -> int: ...
    @property
    def record_type(self) -> str: ...
    @property
    def value_type(self) -> str: ...
    @property
    def intent(self) -> str: ...
    @property
    def value(self) -> Mapping[str, Any]: ...


class HasRecords(Protocol):
    @property
    def records(self) -> Iterable[RecordLike]: ...


class RecordStream:
    """An immutable, filterable view of records in log order (like Zeebe's RecordingExporter)."""

    def __init__(self, records: Iterable[RecordLike]) -> None:
        self._records: tuple[RecordLike, ...] = tuple(records)

    @classmethod
    def of(cls, engine: HasRecords) -> RecordStream:
        return cls(engine.records)

    @property
    def records(self) -> tuple[RecordLike, ...]:
        """A stream is itself a record source: ``assert_that(RecordStream.of(engine), pi)`` asserts on
        a snapshot, which saves re-reading a durable log for every assertion."""
        return self._records

    def __iter__(self) -> Iterator[RecordLike]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __bool__(self) -> bool:
        return bool(self._records)

    def first(self) -> RecordLike:
        if not self._records:
            raise LookupError("no record matches")
        return self._records[0]

    def last(self) -> RecordLike:
        if not self._records:
            raise LookupError("no record matches")
        return self._records[-1]

    def events(self) -> RecordStream:
        return RecordStream(r for r in self._records if r.record_type == "EVENT")

    def rejections(self) -> RecordStream:
        return RecordStream(r for r in self._records if r.record_type == "COMMAND_REJECTION")

    def of_type(self, value_type: str) -> RecordStream:
        return RecordStream(r for r in self._records if r.value_type == value_type)

    def with_intent(self, *intents: str) -> RecordStream:
        return RecordStream(r for r in self._records if r.intent in intents)

    def with_key(self, key: int) -> RecordStream:
        return RecordStream(r for r in self._records if r.key == key)

    def where(self, **fields: object) -> RecordStream:
        """Records whose value has every given field equal (``where(elementId="task")``)."""
        return RecordStream(
            r for r in self._records if all(k in r.value and r.value[k] == v for k, v in fields.items())
        )

    def process_instance(self, process_instance_key: int) -> RecordStream:
        return self.where(processInstanceKey=process_instance_key)

    def intents(self) -> list[str]:
        return [r.intent for r in self._records]

    def values(self, field: str) -> list[Any]:
        return [r.value.get(field) for r in self._records]

    def keys(self) -> list[int]:
        return [r.key for r in self._records]


def element_events(engine: HasRecords, process_instance_key: int) -> RecordStream:
    """The PROCESS_INSTANCE events of one instance (not of instances it called)."""
    return RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(process_instance_key)


def path(engine: HasRecords, process_instance_key: int) -> list[tuple[str, str]]:
    """``(elementId, intent)`` of every element event of the instance, in log order."""
    return [(str(r.value.get("elementId")), r.intent) for r in element_events(engine, process_instance_key)]


def process_instances(engine: HasRecords, bpmn_process_id: str) -> list[int]:
    """Keys of every instance of the process that was started (by command, message, signal, timer or
    call activity), in start order, like zeebe-process-test's InspectionUtility."""
    stream = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").with_intent("ELEMENT_ACTIVATED")
    return stream.where(bpmnElementType="PROCESS", bpmnProcessId=bpmn_process_id).keys()


def decode_variable_value(raw: object) -> object:
    """A VARIABLE record carries its value as JSON text, as Zeebe's exporter records do."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def variables_of_scope(engine: HasRecords, scope_key: int) -> dict[str, object]:
    """The latest value of every variable created in the scope, from VARIABLE records."""
    result: dict[str, object] = {}
    for record in RecordStream.of(engine).events().of_type("VARIABLE").where(scopeKey=scope_key):
        result[str(record.value.get("name"))] = decode_variable_value(record.value.get("value"))
    return result


def open_incidents(engine: HasRecords, process_instance_key: int | None = None) -> list[RecordLike]:
    """INCIDENT CREATED (or MIGRATED) events not followed by RESOLVED for the same incident key."""
    stream = RecordStream.of(engine).events().of_type("INCIDENT")
    if process_instance_key is not None:
        stream = stream.process_instance(process_instance_key)
    latest: dict[int, RecordLike] = {}
    for record in stream:
        latest[record.key] = record
    return [r for r in latest.values() if r.intent in ("CREATED", "MIGRATED")]


def latest_by_key(records: Sequence[RecordLike] | RecordStream) -> dict[int, RecordLike]:
    latest: dict[int, RecordLike] = {}
    for record in records:
        latest[record.key] = record
    return latest
