"""Incidents: a step that cannot proceed waits for an operator; resolving re-tries that step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.runtime.processing import ACTIVATING, COMPLETING, StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def value(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in _FIELDS}


_FIELDS = (
    "errorType",
    "errorMessage",
    "bpmnProcessId",
    "processDefinitionKey",
    "processInstanceKey",
    "elementId",
    "elementInstanceKey",
    "jobKey",
    "variableScopeKey",
    "tenantId",
)


def create_incident(p: Processing, inst: Row, failure: StepFailure, job_key: int = -1) -> Row:
    key = p.new_key()
    row = {
        "key": key,
        "errorType": failure.error_type,
        "errorMessage": failure.message,
        "bpmnProcessId": inst["v"]["bpmnProcessId"],
        "processDefinitionKey": inst["pdk"],
        "processInstanceKey": inst["processInstanceKey"],
        "elementId": inst["elementId"],
        "elementInstanceKey": inst["key"],
        "jobKey": job_key,
        "variableScopeKey": failure.scope_key if failure.scope_key is not None else inst["key"],
        "tenantId": inst["v"]["tenantId"],
        "step": inst["state"],
        "state": "CREATED",
    }
    p.state.put("incidents", key, row)
    p.write("INCIDENT", "CREATED", key, value(row))
    return row


def resolve(p: Processing, row: Row) -> None:
    """Resolve an incident and re-try what failed."""
    p.state.delete("incidents", row["key"])
    row["state"] = "RESOLVED"
    p.write("INCIDENT", "RESOLVED", row["key"], value(row))
    if row["jobKey"] > 0:
        from engine.runtime.jobs import retry_after_incident

        retry_after_incident(p, row["jobKey"])
        return
    inst = p.instance(row["elementInstanceKey"])
    if inst is None:
        return
    if row["step"] == ACTIVATING and inst["state"] == ACTIVATING:
        p.run_activation(inst)
    elif row["step"] == COMPLETING and inst["state"] == COMPLETING:
        p.run_completion(inst)


def resolve_incidents_of(p: Processing, element_instance_key: int) -> None:
    """An element that ends takes its open incidents with it (Zeebe resolves them)."""
    for row in p.state.rows("incidents"):
        if row["elementInstanceKey"] == element_instance_key:
            p.state.delete("incidents", row["key"])
            row["state"] = "RESOLVED"
            p.write("INCIDENT", "RESOLVED", row["key"], value(row))
