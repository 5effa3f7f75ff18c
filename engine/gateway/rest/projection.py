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
from collections.abc import Callable, Sequence
from typing import Any

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
    def __init__(self, element_name: ElementName, version_tag: VersionTag | None = None) -> None:
        self._element_name = element_name
        self._version_tags = version_tag
        self._position = 0
        self.process_instances: dict[int, dict[str, Any]] = {}
        self.user_tasks: dict[int, dict[str, Any]] = {}
        self.variables: dict[tuple[int, str], dict[str, Any]] = {}
        """Variables as the search returns them (long values truncated), by scope and name."""
        self._full_values: dict[int, tuple[tuple[int, str], str]] = {}
        self.incidents: dict[int, dict[str, Any]] = {}
        self.element_instances: dict[int, dict[str, Any]] = {}
        self.flow_scopes: dict[str, str] = {}
        """The flow scope (parent element instance or process instance) of each element instance."""
        self._roots: dict[int, int] = {}
        self.sequence_flows: dict[int, dict[str, dict[str, Any]]] = {}
        """The sequence flows taken in each process instance, by flow id."""

    def catch_up(self, records: Sequence[Record]) -> None:
        """Apply the records written since the last call."""
        for index in range(self._position, len(records)):
            record = records[index]
            if record.record_type != "EVENT":
                continue
            handler = _HANDLERS.get(record.value_type)
            if handler is not None:
                handler(self, record)
        self._position = len(records)

    def _version_tag(self, process_definition_key: int) -> str | None:
        return self._version_tags(process_definition_key) if self._version_tags else None

    def _name(self, value: dict[str, Any], element_id: str) -> str:
        return self._element_name(value["processDefinitionKey"], element_id) or element_id

    def _root_of(self, process_instance_key: int) -> int:
        return self._roots.get(process_instance_key, process_instance_key)

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
            if parent not in (None, -1):
                self._roots[key] = self._root_of(parent)
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
            self.flow_scopes[str(key)] = str(value["flowScopeKey"])
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
        taken = self.sequence_flows.setdefault(pik, {})
        taken.setdefault(
            value["elementId"],
            {
                "sequenceFlowId": value["elementId"],
                "processInstanceKey": str(pik),
                "processDefinitionKey": str(value["processDefinitionKey"]),
                "processDefinitionId": value["bpmnProcessId"],
                "elementId": value["elementId"],
                "tenantId": TENANT,
            },
        )

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
        found = self._full_values.get(variable_key)
        if found is None:
            return None
        scope_and_name, full_value = found
        view = {k: v for k, v in self.variables[scope_and_name].items() if k != "isTruncated"}
        view["value"] = full_value
        return view

    def _on_variable(self, record: Record) -> None:
        value = record.value
        pik = value["processInstanceKey"]
        scope_and_name = (value["scopeKey"], value["name"])
        full_value = value["value"]  # already the JSON text, as the API returns it
        preview = _preview(full_value)
        self._full_values[record.key] = (scope_and_name, full_value)
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
        open_ = any(
            i["processInstanceKey"] == str(process_instance_key) and i["state"] == "ACTIVE"
            for i in self.incidents.values()
        )
        if process_instance_key in self.process_instances:
            self.process_instances[process_instance_key]["hasIncident"] = open_


_HANDLERS: dict[str, Callable[[Projection, Record], None]] = {
    "PROCESS_INSTANCE": Projection._on_process_instance,
    "USER_TASK": Projection._on_user_task,
    "VARIABLE": Projection._on_variable,
    "INCIDENT": Projection._on_incident,
}
