"""Batch operations over process instances, as a single node runs them.

Camunda 8.8 runs a batch operation in the background across partitions: it is CREATED, then
ACTIVE while its items are processed, then COMPLETED (or PARTIALLY_COMPLETED / FAILED). One
embedded node applies every item's command at once, when the batch is created, so a batch is
found already finished, each item COMPLETED or FAILED with the engine's refusal as its message.
The store lives with the gateway (a restart forgets past batches; their effects stay in the log).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.runtime.errors import EngineError

FIRST_KEY = 4_503_599_627_370_497
"""Batch keys live apart from the engine's keys (partition 2's range, which a single node never uses)."""


@dataclass
class BatchItem:
    item_key: str
    process_instance_key: str
    state: str
    processed_date: str
    error_message: str | None = None

    def view(self, batch: BatchOperation) -> dict[str, Any]:
        out = {
            "operationType": batch.operation_type,
            "batchOperationKey": batch.key,
            "itemKey": self.item_key,
            "processInstanceKey": self.process_instance_key,
            "state": self.state,
            "processedDate": self.processed_date,
        }
        if self.error_message is not None:
            out["errorMessage"] = self.error_message
        return out


@dataclass
class BatchOperation:
    key: str
    operation_type: str
    start_date: str
    items: list[BatchItem] = field(default_factory=list)
    end_date: str | None = None

    @property
    def state(self) -> str:
        failed = sum(1 for item in self.items if item.state == "FAILED")
        if failed == 0:
            return "COMPLETED"
        return "FAILED" if failed == len(self.items) else "PARTIALLY_COMPLETED"

    def view(self) -> dict[str, Any]:
        failed = sum(1 for item in self.items if item.state == "FAILED")
        out: dict[str, Any] = {
            "batchOperationKey": self.key,
            "state": self.state,
            "batchOperationType": self.operation_type,
            "startDate": self.start_date,
            "operationsTotalCount": len(self.items),
            "operationsFailedCount": failed,
            "operationsCompletedCount": len(self.items) - failed,
        }
        if self.end_date is not None:
            out["endDate"] = self.end_date
        return out


@dataclass
class BatchTarget:
    """One item of a batch: its key (the instance's, or an incident's), its process instance, and
    the engine command that processes it."""

    item_key: str
    process_instance_key: str
    command: Callable[[], object]


class BatchStore:
    def __init__(self) -> None:
        self._batches: dict[str, BatchOperation] = {}
        self._keys = itertools.count(FIRST_KEY)

    def run(self, operation_type: str, targets: list[BatchTarget], now: Callable[[], str]) -> BatchOperation:
        """Create the batch and apply each item's command in turn; a refused item fails alone."""
        batch = BatchOperation(str(next(self._keys)), operation_type, now())
        self._batches[batch.key] = batch
        for target in targets:
            try:
                target.command()
            except EngineError as refusal:
                batch.items.append(
                    BatchItem(target.item_key, target.process_instance_key, "FAILED", now(), str(refusal))
                )
            else:
                batch.items.append(
                    BatchItem(target.item_key, target.process_instance_key, "COMPLETED", now())
                )
        batch.end_date = now()
        return batch

    def get(self, key: str) -> BatchOperation | None:
        return self._batches.get(key)

    def all(self) -> list[BatchOperation]:
        return list(self._batches.values())

    def item_pairs(self) -> list[tuple[str, str]]:
        """(batch key, process instance key) for every item, for the batchOperationId filter."""
        return [
            (batch.key, item.process_instance_key) for batch in self._batches.values() for item in batch.items
        ]
