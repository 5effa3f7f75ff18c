"""Engine state as the Orchestration Cluster API shows it: keys as strings, dates as ISO 8601."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

TENANT = "<default>"


def key(value: int | None) -> str | None:
    return None if value is None else str(value)


def instant(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int):
        value = dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return str(value)


def user_task(task: Any) -> dict[str, Any]:
    return {
        "userTaskKey": key(task.key),
        "name": getattr(task, "name", None) or task.element_id,
        "state": task.state,
        "assignee": task.assignee,
        "elementId": task.element_id,
        "elementInstanceKey": key(getattr(task, "element_instance_key", None)),
        "candidateGroups": list(task.candidate_groups or []),
        "candidateUsers": list(task.candidate_users or []),
        "processDefinitionId": getattr(task, "bpmn_process_id", None),
        "processDefinitionKey": key(getattr(task, "process_definition_key", None)),
        "processDefinitionVersion": getattr(task, "process_definition_version", None),
        "processName": getattr(task, "process_name", None),
        "processInstanceKey": key(task.process_instance_key),
        "rootProcessInstanceKey": key(getattr(task, "root_process_instance_key", task.process_instance_key)),
        "creationDate": instant(getattr(task, "creation_date", None)),
        "completionDate": instant(getattr(task, "completion_date", None)),
        "dueDate": task.due_date,
        "followUpDate": task.follow_up_date,
        "formKey": key(task.form_key),
        "externalFormReference": task.external_form_reference,
        "priority": task.priority,
        "customHeaders": dict(getattr(task, "custom_headers", None) or {}),
        "tenantId": TENANT,
        "tags": [],
        "businessId": None,
    }


def incident(item: Any) -> dict[str, Any]:
    return {
        "incidentKey": key(item.key),
        "processDefinitionId": getattr(item, "bpmn_process_id", None),
        "processDefinitionKey": key(getattr(item, "process_definition_key", None)),
        "processInstanceKey": key(item.process_instance_key),
        "rootProcessInstanceKey": key(getattr(item, "root_process_instance_key", item.process_instance_key)),
        "errorType": item.error_type,
        "errorMessage": item.error_message,
        "elementId": item.element_id,
        "elementInstanceKey": key(item.element_instance_key),
        "jobKey": key(item.job_key or None),
        "creationTime": instant(getattr(item, "creation_time", None)),
        "state": item.state,
        "tenantId": TENANT,
    }


def process_instance(view: Any) -> dict[str, Any]:
    return {
        "processInstanceKey": key(view.key),
        "processDefinitionId": view.bpmn_process_id,
        "processDefinitionName": getattr(view, "process_name", None) or view.bpmn_process_id,
        "processDefinitionVersion": view.version,
        "processDefinitionVersionTag": None,
        "processDefinitionKey": key(view.process_definition_key),
        "startDate": instant(getattr(view, "start_date", None)),
        "endDate": instant(getattr(view, "end_date", None)),
        "state": view.state,
        "suspendedDate": None,
        "hasIncident": bool(getattr(view, "has_incident", False)),
        "parentProcessInstanceKey": key(getattr(view, "parent_process_instance_key", None)),
        "parentElementInstanceKey": key(getattr(view, "parent_element_instance_key", None)),
        "rootProcessInstanceKey": key(getattr(view, "root_process_instance_key", view.key)),
        "tenantId": TENANT,
        "tags": [],
        "businessId": None,
    }


def variable(item: Any) -> dict[str, Any]:
    return {
        "variableKey": key(item.key),
        "name": item.name,
        "value": json.dumps(item.value, ensure_ascii=False),
        "isTruncated": False,
        "scopeKey": key(item.scope_key),
        "processInstanceKey": key(item.process_instance_key),
        "rootProcessInstanceKey": key(getattr(item, "root_process_instance_key", item.process_instance_key)),
        "tenantId": TENANT,
    }
