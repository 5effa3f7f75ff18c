"""Usage metrics as Camunda 8.8 counts them over a time window: root process instances created,
decision instances executed, and the distinct users user tasks were assigned to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.runtime.records import Record


@dataclass
class UsageMetrics:
    _position: int = 0
    _root_instances: list[int] = field(default_factory=list)
    """Creation instants (epoch ms) of the root process instances."""
    _decisions: list[tuple[int, int]] = field(default_factory=list)
    """(instant, decision instances) of each evaluation."""
    _assignments: list[tuple[int, str]] = field(default_factory=list)

    def catch_up(self, records: Sequence[Record]) -> None:
        for index in range(self._position, len(records)):
            record = records[index]
            if record.record_type != "EVENT":
                continue
            value = record.value
            if (
                record.value_type == "PROCESS_INSTANCE"
                and record.intent == "ELEMENT_ACTIVATED"
                and value.get("bpmnElementType") == "PROCESS"
                and value.get("parentProcessInstanceKey", -1) in (None, -1)
            ):
                self._root_instances.append(record.timestamp)
            elif record.value_type == "DECISION_EVALUATION" and record.intent == "EVALUATED":
                self._decisions.append((record.timestamp, len(value.get("evaluatedDecisions") or []) or 1))
            elif (
                record.value_type == "USER_TASK"
                and record.intent in ("CREATED", "ASSIGNED")
                and value.get("assignee")
            ):
                self._assignments.append((record.timestamp, str(value["assignee"])))
        self._position = len(records)

    def window(self, start_ms: int, end_ms: int) -> dict[str, int]:
        """The counts from ``start_ms`` up to and including ``end_ms``."""
        return {
            "processInstances": sum(1 for at in self._root_instances if start_ms <= at <= end_ms),
            "decisionInstances": sum(count for at, count in self._decisions if start_ms <= at <= end_ms),
            "assignees": len({user for at, user in self._assignments if start_ms <= at <= end_ms}),
        }
