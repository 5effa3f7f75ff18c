"""Operate- and Tasklist-like views built from the record log, as Camunda's exporters build theirs.

The projection reads each record once, in log order, and keeps every process instance, element
instance, user task, variable and incident in the shape the Orchestration Cluster API returns (keys
as strings, dates as ISO 8601). Completed and canceled items stay visible, as they do in Operate and Tasklist.

Variables are kept as Camunda 8.8's exporter keeps them: a value longer than the variable size
threshold (8191 characters, counted as Java counts them) is searched and returned as its first
8191 characters with ``isTruncated``; the full value is only returned by key.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from engine.history import tables
from engine.history.decisions import DecisionExport
from engine.history.jobs import JobExport
from engine.history.messages import MessageExport
from engine.history.table import HistoryTable
from engine.runtime.records import Record

TENANT = "<default>"
VARIABLE_SIZE_THRESHOLD = 8191
"""Camunda's default ``variableSizeThreshold`` (IndexConfiguration.DEFAULT_VARIABLE_SIZE_THRESHOLD)."""

_INSTANCE_STATES = {
    "ELEMENT_ACTIVATED": "ACTIVE",
    "ELEMENT_COMPLETED": "COMPLETED",
    "ELEMENT_TERMINATED": "TERMINATED",
}
_TASK_STATES = {
    "CREATED": "CREATED",
    "ASSIGNED": "CREATED",
    "UPDATED": "CREATED",
    "COMPLETED": "COMPLETED",
    "CANCELED": "CANCELED",
}


ElementName = Callable[[int, str], str | None]
"""Looks up an element's name by process definition key and element id."""

VersionTag = Callable[[int], str | None]
"""Looks up a process definition's version tag by its key."""


def _key(value: Any) -> str | None:
    return None if value in (None, -1, 0, "") else str(value)


def _preview(value: str) -> str | None:
    """The value cut to the threshold, or None when it fits. Java counts UTF-16 code units, so a
    character beyond the Basic Multilingual Plane counts twice (and is not cut in half here)."""
    units = value.encode("utf-16-le")
    if len(units) <= 2 * VARIABLE_SIZE_THRESHOLD:
        return None
    return units[: 2 * VARIABLE_SIZE_THRESHOLD].decode("utf-16-le", errors="ignore")


def _instant(epoch_ms: int | None) -> str | None:
    if epoch_ms is None:
        return None
    moment = dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Projection:
    """The history items, each kind in its table of ``db``; :meth:`apply` is the exporter's step."""

    def __init__(
        self, db: sqlite3.Connection, element_name: ElementName, version_tag: VersionTag | None = None
    ) -> None:
        self._element_name = element_name
        self._version_tags = version_tag
        self.process_instances = HistoryTable(db, tables.PROCESS_INSTANCES, tables.PROCESS_INSTANCE_COLUMNS)
        self.user_tasks = HistoryTable(db, tables.USER_TASKS, tables.USER_TASK_COLUMNS)
        self.variables = HistoryTable(db, tables.VARIABLES, tables.VARIABLE_COLUMNS)
        """Variables as the search returns them (long values truncated), by (scope key, name)."""
        self._full_values = HistoryTable(db, tables.FULL_VALUES, ())
        """The whole value of each truncated variable, by variable key."""
        self.incidents = HistoryTable(db, tables.INCIDENTS, tables.INCIDENT_COLUMNS)
        self.element_instances = HistoryTable(db, tables.ELEMENT_INSTANCES, tables.ELEMENT_INSTANCE_COLUMNS)
        self._flow_scopes = HistoryTable(db, tables.FLOW_SCOPES, tables.FLOW_SCOPE_COLUMNS)
        self.flow_scopes = FlowScopes(self._flow_scopes)
        """The flow scope (parent element instance or process instance) of each element instance."""
        self._sequence_flows = HistoryTable(db, tables.SEQUENCE_FLOWS, tables.SEQUENCE_FLOW_COLUMNS)
        self.jobs = HistoryTable(db, tables.JOBS, tables.JOB_COLUMNS)
        self._job_export = JobExport(self.jobs)
        self.message_subscriptions = HistoryTable(
            db, tables.MESSAGE_SUBSCRIPTIONS, tables.MESSAGE_SUBSCRIPTION_COLUMNS
        )
        self.correlations = HistoryTable(db, tables.CORRELATIONS, tables.CORRELATION_COLUMNS)
        self._message_export = MessageExport(self.message_subscriptions, self.correlations)
        self.decision_definitions = HistoryTable(db, tables.DECISION_DEFINITIONS, ())
        self.decision_requirements = HistoryTable(db, tables.DECISION_REQUIREMENTS, ())
        self.decision_instances = HistoryTable(
            db, tables.DECISION_INSTANCES, tables.DECISION_INSTANCE_COLUMNS
        )
        decision_ids = HistoryTable(db, tables.DECISION_IDS, ())
        self._decision_export = DecisionExport(
            self.decision_definitions, self.decision_requirements, self.decision_instances, decision_ids
        )
        self.tables = (
            self.decision_definitions,
            self.decision_requirements,
            self.decision_instances,
            decision_ids,
            self.jobs,
            self.message_subscriptions,
            self.correlations,
            self.process_instances,
            self.user_tasks,
            self.variables,
            self._full_values,
            self.incidents,
            self.element_instances,
            self._flow_scopes,
            self._sequence_flows,
        )

    def apply(self, record: Record) -> None:
        """Apply one record of the log (the exporter calls it in log order, once per record)."""
        if record.record_type != "EVENT":
            return
        handler = _HANDLERS.get(record.value_type)
        if handler is not None:
            handler(self, record)

    def decision_evaluation(self, evaluation_key: int) -> list[dict[str, Any]]:
        """The decision instances of one evaluation, in evaluation order."""
        return list(self.decision_instances.where("decision_evaluation_key = ?", (str(evaluation_key),)))

    def sequence_flows(self, process_instance_key: int) -> list[dict[str, Any]]:
        """The sequence flows taken in one process instance, in the order first taken."""
        return list(self._sequence_flows.where("process_instance_key = ?", (str(process_instance_key),)))

    def _version_tag(self, process_definition_key: int) -> str | None:
        return self._version_tags(process_definition_key) if self._version_tags else None

    def _name(self, value: dict[str, Any], element_id: str) -> str:
        return self._element_name(value["processDefinitionKey"], element_id) or element_id

    def _on_process_instance(self, record: Record) -> None:
        value = record.value
        if value.get("bpmnElementType") != "PROCESS":
            self._on_element_instance(record)
            return
        if record.intent == "ELEMENT_MIGRATED":
            self._on_process_instance_migrated(record)
            return
        state = _INSTANCE_STATES.get(record.intent)
        if state is None:
            return
        key = record.key
        if record.intent == "ELEMENT_ACTIVATED":
            parent = value.get("parentProcessInstanceKey", -1)
            self.process_instances[key] = {
                "processInstanceKey": str(key),
                "processDefinitionId": value["bpmnProcessId"],
                "processDefinitionName": self._element_name(
                    value["processDefinitionKey"], value["bpmnProcessId"]
                )
                or value["bpmnProcessId"],
                "processDefinitionVersion": value["version"],
                "processDefinitionVersionTag": self._version_tag(value["processDefinitionKey"]),
                "processDefinitionKey": str(value["processDefinitionKey"]),
                "startDate": _instant(record.timestamp),
                "endDate": None,
                "state": "ACTIVE",
                "hasIncident": False,
                "parentProcessInstanceKey": _key(parent),
                "parentElementInstanceKey": _key(value.get("parentElementInstanceKey")),
                "tenantId": TENANT,
                "tags": list(value.get("tags") or []),
            }
        elif key in self.process_instances:
            self.process_instances[key].update(state=state, endDate=_instant(record.timestamp))

    def _on_process_instance_migrated(self, record: Record) -> None:
        """After a migration the instance shows its target definition, as Operate does."""
        instance = self.process_instances.get(record.key)
        if instance is None:
            return
        value = record.value
        instance.update(
            processDefinitionId=value["bpmnProcessId"],
            processDefinitionName=self._element_name(value["processDefinitionKey"], value["bpmnProcessId"])
            or value["bpmnProcessId"],
            processDefinitionVersion=value["version"],
            processDefinitionVersionTag=self._version_tag(value["processDefinitionKey"]),
            processDefinitionKey=str(value["processDefinitionKey"]),
        )

    def _on_element_instance(self, record: Record) -> None:
        # Operate's flow node instances: every element but the process itself (that one is the
        # process instance) and sequence flows, which are taken but never activated.
        value = record.value
        key = record.key
        if record.intent == "SEQUENCE_FLOW_TAKEN":
            self._on_sequence_flow_taken(record)
            return
        if record.intent == "ELEMENT_ACTIVATING":
            pik = value["processInstanceKey"]
            self._flow_scopes[key] = {"scope": str(value["flowScopeKey"])}
            self.element_instances[key] = {
                "processDefinitionId": value["bpmnProcessId"],
                "startDate": _instant(record.timestamp),
                "endDate": None,
                "elementId": value["elementId"],
                "elementName": self._name(value, value["elementId"]),
                "type": value["bpmnElementType"],
                "state": "ACTIVE",
                "hasIncident": False,
                "tenantId": TENANT,
                "elementInstanceKey": str(key),
                "processInstanceKey": str(pik),
                "processDefinitionKey": str(value["processDefinitionKey"]),
                "incidentKey": None,
            }
        elif record.intent == "ELEMENT_MIGRATED" and key in self.element_instances:
            self.element_instances[key].update(
                processDefinitionId=value["bpmnProcessId"],
                processDefinitionKey=str(value["processDefinitionKey"]),
                elementId=value["elementId"],
                elementName=self._name(value, value["elementId"]),
            )
        elif record.intent in ("ELEMENT_COMPLETED", "ELEMENT_TERMINATED") and key in self.element_instances:
            self.element_instances[key].update(
                state=_INSTANCE_STATES[record.intent], endDate=_instant(record.timestamp)
            )

    def _on_sequence_flow_taken(self, record: Record) -> None:
        """Operate's sequence flows: each flow taken in an instance, once, as it stands after a
        migration (the flow's id in the instance's current definition)."""
        value = record.value
        pik = value["processInstanceKey"]
        flow_key = (pik, value["elementId"])
        if flow_key in self._sequence_flows:
            return
        self._sequence_flows[flow_key] = {
            "sequenceFlowId": value["elementId"],
            "processInstanceKey": str(pik),
            "processDefinitionKey": str(value["processDefinitionKey"]),
            "processDefinitionId": value["bpmnProcessId"],
            "elementId": value["elementId"],
            "tenantId": TENANT,
        }

    def _on_user_task(self, record: Record) -> None:
        value = record.value
        if record.intent == "MIGRATED":
            self._on_user_task_migrated(value)
            return
        state = _TASK_STATES.get(record.intent)
        if state is None:
            return
        key = value.get("userTaskKey", record.key)
        task = self.user_tasks.get(key)
        if task is None:
            pik = value["processInstanceKey"]
            task = {
                "userTaskKey": str(key),
                "name": self._element_name(value["processDefinitionKey"], value["elementId"])
                or value["elementId"],
                "elementId": value["elementId"],
                "elementInstanceKey": str(value["elementInstanceKey"]),
                "processDefinitionId": value["bpmnProcessId"],
                "processDefinitionKey": str(value["processDefinitionKey"]),
                "processDefinitionVersion": value.get("processDefinitionVersion"),
                "processName": self._element_name(value["processDefinitionKey"], value["bpmnProcessId"]),
                "processInstanceKey": str(pik),
                "creationDate": _instant(value.get("creationTimestamp", record.timestamp)),
                "completionDate": None,
                "tenantId": TENANT,
            }
            self.user_tasks[key] = task
        task.update(
            state=state,
            assignee=value.get("assignee") or None,
            candidateGroups=list(value.get("candidateGroupsList") or []),
            candidateUsers=list(value.get("candidateUsersList") or []),
            dueDate=value.get("dueDate") or None,
            followUpDate=value.get("followUpDate") or None,
            formKey=_key(value.get("formKey")),
            externalFormReference=value.get("externalFormReference") or None,
            priority=value.get("priority", 50),
            customHeaders=dict(value.get("customHeaders") or {}),
        )
        if state in ("COMPLETED", "CANCELED"):
            task["completionDate"] = _instant(record.timestamp)

    def _on_user_task_migrated(self, value: dict[str, Any]) -> None:
        task = self.user_tasks.get(value["userTaskKey"])
        if task is None:
            return
        task.update(
            name=self._element_name(value["processDefinitionKey"], value["elementId"]) or value["elementId"],
            elementId=value["elementId"],
            processDefinitionId=value["bpmnProcessId"],
            processDefinitionKey=str(value["processDefinitionKey"]),
            processDefinitionVersion=value.get("processDefinitionVersion"),
            processName=self._element_name(value["processDefinitionKey"], value["bpmnProcessId"]),
        )

    def variable(self, variable_key: int) -> dict[str, Any] | None:
        """A variable with its full value, as ``GET /v2/variables/{variableKey}`` returns it."""
        found = self.variables.first("variable_key = ?", (str(variable_key),))
        if found is None:
            return None
        view = {k: v for k, v in found.items() if k != "isTruncated"}
        if found.get("isTruncated"):
            full = self._full_values.get(variable_key)
            if full is not None:
                view["value"] = full["value"]
        return view

    def _on_variable(self, record: Record) -> None:
        value = record.value
        pik = value["processInstanceKey"]
        scope_and_name = (value["scopeKey"], value["name"])
        full_value = value["value"]  # already the JSON text, as the API returns it
        preview = _preview(full_value)
        if preview is not None:
            self._full_values[record.key] = {"value": full_value}
        self.variables[scope_and_name] = {
            "variableKey": str(record.key),
            "name": value["name"],
            "value": full_value if preview is None else preview,
            "isTruncated": preview is not None,
            "scopeKey": str(value["scopeKey"]),
            "processInstanceKey": str(pik),
            "tenantId": TENANT,
        }

    def _on_incident(self, record: Record) -> None:
        value = record.value
        pik = value["processInstanceKey"]
        if record.intent == "CREATED":
            self.incidents[record.key] = {
                "incidentKey": str(record.key),
                "processDefinitionId": value["bpmnProcessId"],
                "processDefinitionKey": str(value["processDefinitionKey"]),
                "processInstanceKey": str(pik),
                "errorType": value["errorType"],
                "errorMessage": value["errorMessage"],
                "elementId": value["elementId"],
                "elementInstanceKey": str(value["elementInstanceKey"]),
                "jobKey": _key(value.get("jobKey")),
                "creationTime": _instant(record.timestamp),
                "state": "ACTIVE",
                "tenantId": TENANT,
            }
        elif record.intent == "RESOLVED" and record.key in self.incidents:
            self.incidents[record.key]["state"] = "RESOLVED"
        elif record.intent == "MIGRATED" and record.key in self.incidents:
            self.incidents[record.key].update(
                processDefinitionId=value["bpmnProcessId"],
                processDefinitionKey=str(value["processDefinitionKey"]),
                elementId=value["elementId"],
            )
        self._mark_incidents(pik)
        self._mark_element_incident(record.key, value["elementInstanceKey"], record.intent)

    def _mark_element_incident(self, incident_key: int, element_instance_key: int, intent: str) -> None:
        element = self.element_instances.get(element_instance_key)
        if element is None:
            return
        if intent == "CREATED":
            element.update(hasIncident=True, incidentKey=str(incident_key))
        elif intent == "RESOLVED" and element["incidentKey"] == str(incident_key):
            element.update(hasIncident=False, incidentKey=None)

    def _mark_incidents(self, process_instance_key: int) -> None:
        instance = self.process_instances.get(process_instance_key)
        if instance is None:
            return
        still_open = self.incidents.first(
            "process_instance_key = ? AND state = 'ACTIVE'", (str(process_instance_key),)
        )
        instance["hasIncident"] = still_open is not None


class FlowScopes:
    """The flow scope of each element instance, by the element instance's key as text."""

    def __init__(self, table: HistoryTable) -> None:
        self._table = table

    def get(self, element_instance_key: str) -> str | None:
        try:
            key = int(element_instance_key)
        except ValueError:
            return None
        found = self._table.get(key)
        return None if found is None else str(found["scope"])

    def children(self, scope_key: str) -> Iterator[dict[str, Any]]:
        return self._table.where("scope = ?", (scope_key,))


_HANDLERS: dict[str, Callable[[Projection, Record], None]] = {
    "PROCESS_INSTANCE": Projection._on_process_instance,
    "USER_TASK": Projection._on_user_task,
    "VARIABLE": Projection._on_variable,
    "INCIDENT": Projection._on_incident,
    "JOB": lambda p, record: p._job_export.on_job(record),
    "JOB_BATCH": lambda p, record: p._job_export.on_job_batch(record),
    "PROCESS_MESSAGE_SUBSCRIPTION": lambda p, record: p._message_export.on_subscription(record),
    "DECISION_REQUIREMENTS": lambda p, record: p._decision_export.on_requirements(record),
    "DECISION": lambda p, record: p._decision_export.on_decision(record),
    "DECISION_EVALUATION": lambda p, record: p._decision_export.on_evaluation(record),
}
