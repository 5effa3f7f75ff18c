"""Waiting for a process instance's outcome by following the record log, as CreateProcessInstance-
WithResult needs: no thread blocks while the instance runs, and any number of callers may wait.

The root scope's variables are rebuilt from its VARIABLE records (each carries the value as JSON),
so they are known even though the engine drops an instance's variables when it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from engine.gateway.engine_host import EngineHost
from engine.runtime.errors import DeadlineExceeded, FailedPrecondition


@dataclass
class _Follower:
    key: int
    position: int
    variables: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = None

    def read(self, host: EngineHost) -> None:
        records = host.engine.records
        size = len(records)
        for record in records[self.position : size]:
            value = record.value
            if record.value_type == "VARIABLE" and value.get("scopeKey") == self.key:
                self.variables[value["name"]] = json.loads(value["value"])
            elif (
                record.value_type == "PROCESS_INSTANCE"
                and record.key == self.key
                and record.intent in ("ELEMENT_COMPLETED", "ELEMENT_TERMINATED")
            ):
                self.outcome = record.intent
                break
        self.position = size


async def await_instance_result(
    host: EngineHost, process_instance_key: int, from_position: int, timeout_ms: int
) -> dict[str, Any]:
    """The instance's variables once it completed; records are read from ``from_position`` on
    (the log's length before the instance was created)."""
    follower = _Follower(process_instance_key, from_position)
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        changed = host.changed()
        follower.read(host)
        if follower.outcome == "ELEMENT_COMPLETED":
            host.forget(changed)
            return follower.variables
        if follower.outcome == "ELEMENT_TERMINATED":
            host.forget(changed)
            raise FailedPrecondition(
                f"The process instance '{process_instance_key}' was terminated before it completed"
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0 or host.closing:
            host.forget(changed)
            raise DeadlineExceeded(
                f"Expected the process instance '{process_instance_key}' to complete within "
                f"{timeout_ms} ms, but it did not"
            )
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=remaining)
        finally:
            if not changed.is_set():
                host.forget(changed)
