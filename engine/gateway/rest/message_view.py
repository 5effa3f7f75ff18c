"""Message subscriptions and their correlations, followed from the PROCESS_MESSAGE_SUBSCRIPTION
records, as ``POST /v2/message-subscriptions/search`` and
``POST /v2/correlated-message-subscriptions/search`` return them.

A subscription keeps its last state (CREATED, CORRELATED, DELETED, MIGRATED) and the date of it;
each correlation is one entry of its own, as 8.8 lists every message a subscription took. The
engine is a single partition, so every correlation is on partition 1."""

from __future__ import annotations

from typing import Any, ClassVar

from engine.gateway.rest.projection import TENANT
from engine.gateway.rest.record_view import RecordView, instant
from engine.runtime.records import Record

PARTITION_ID = 1
_STATES = frozenset({"CREATED", "CORRELATED", "DELETED", "MIGRATED"})


class MessageView(RecordView):
    def __init__(self) -> None:
        super().__init__()
        self.subscriptions: dict[int, dict[str, Any]] = {}
        self.correlations: list[dict[str, Any]] = []

    def _on_subscription(self, record: Record) -> None:
        if record.intent not in _STATES:
            return
        value = record.value
        common = {
            "processDefinitionId": value["bpmnProcessId"],
            "processDefinitionKey": str(value["processDefinitionKey"]),
            "processInstanceKey": str(value["processInstanceKey"]),
            "elementId": value["elementId"],
            "elementInstanceKey": str(value["elementInstanceKey"]),
            "messageName": value["messageName"],
            "correlationKey": value["correlationKey"],
            "tenantId": value.get("tenantId") or TENANT,
        }
        self.subscriptions[record.key] = {
            "messageSubscriptionKey": str(record.key),
            **common,
            "messageSubscriptionState": record.intent,
            "lastUpdatedDate": instant(record.timestamp),
        }
        if record.intent == "CORRELATED":
            self.correlations.append(
                {
                    "subscriptionKey": str(record.key),
                    "messageKey": str(value["messageKey"]),
                    **common,
                    "correlationTime": instant(record.timestamp),
                    "partitionId": PARTITION_ID,
                }
            )

    handlers: ClassVar[dict[str, Any]] = {"PROCESS_MESSAGE_SUBSCRIPTION": _on_subscription}
