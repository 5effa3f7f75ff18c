"""Message subscriptions and their correlations, followed from the PROCESS_MESSAGE_SUBSCRIPTION
records into the history, as ``POST /v2/message-subscriptions/search`` and
``POST /v2/correlated-message-subscriptions/search`` return them.

A subscription keeps its last state (CREATED, CORRELATED, DELETED, MIGRATED) and the date of it;
each correlation is one entry of its own, as 8.8 lists every message a subscription took. The
engine is a single partition, so every correlation is on partition 1."""

from __future__ import annotations

from engine.history.jobs import TENANT, instant
from engine.history.table import HistoryTable
from engine.runtime.records import Record

PARTITION_ID = 1
_STATES = frozenset({"CREATED", "CORRELATED", "DELETED", "MIGRATED"})


class MessageExport:
    """Applies the subscription records to the subscriptions' and the correlations' tables."""

    def __init__(self, subscriptions: HistoryTable, correlations: HistoryTable) -> None:
        self.subscriptions = subscriptions
        self.correlations = correlations

    def on_subscription(self, record: Record) -> None:
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
        if record.intent == "CORRELATED":  # one entry per correlation, by the record's position
            self.correlations[record.position] = {
                "subscriptionKey": str(record.key),
                "messageKey": str(value["messageKey"]),
                **common,
                "correlationTime": instant(record.timestamp),
                "partitionId": PARTITION_ID,
            }
