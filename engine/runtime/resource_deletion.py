"""Resource deletion: remove a process definition, a decision requirements graph or a form.

A deleted process definition takes new instances no more; deleting the latest version makes the
previous one the latest again (its start events subscribe again). Versions are never reused. A
process definition with running instances cannot be deleted (Zeebe 8.8 rejects it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.runtime.deployment import close_start_subscriptions, open_start_subscriptions
from engine.runtime.errors import FailedPrecondition, NotFound

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def delete_resource(p: Processing, key: int) -> None:
    value = {"resourceKey": key, "tenantId": "<default>"}
    p.write("RESOURCE_DELETION", "DELETE", key, value, record_type="COMMAND")
    process = p.state.get("processes", key)
    drg = p.state.get("decisions", key)
    if process is not None:
        _delete_process(p, process)
    elif drg is not None and drg.get("kind") == "drg":
        _delete_drg(p, drg)
    elif key in p.registry.forms:
        _delete_form(p, p.registry.forms[key])
    else:
        raise NotFound(f"Expected to delete resource but no resource found with key `{key}`")
    p.write("RESOURCE_DELETION", "DELETED", key, value)


def _public(row: Row) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("resource", "kind")}


def _delete_process(p: Processing, row: Row) -> None:
    key = row["key"]
    if any(inst["pdk"] == key for inst in p.state.tables["elements"].values()):
        raise FailedPrecondition(
            f"Expected to delete resource with key `{key}` but there are still running instances"
        )
    bpmn_process_id = row["bpmnProcessId"]
    was_latest = p.state.latest_process.get(bpmn_process_id) == key
    close_start_subscriptions(p, row)
    p.write("PROCESS", "DELETING", key, _public(row))
    p.state.delete("processes", key)
    p.registry.processes.pop(key, None)
    p.write("PROCESS", "DELETED", key, _public(row))
    if not was_latest:
        return
    remaining = [r for r in p.state.tables["processes"].values() if r["bpmnProcessId"] == bpmn_process_id]
    if not remaining:
        p.state.latest_process.pop(bpmn_process_id, None)
        return
    previous = max(remaining, key=lambda r: r["version"])
    p.state.latest_process[bpmn_process_id] = previous["key"]
    open_start_subscriptions(p, previous, p.registry.process(previous["key"]))


def _delete_drg(p: Processing, drg: Row) -> None:
    for decision in [d for d in p.registry.decisions.values() if d["decisionRequirementsKey"] == drg["key"]]:
        p.state.delete("decisions", decision["key"])
        p.registry.remove_decision(decision["key"])
        p.write("DECISION", "DELETED", decision["key"], _public(decision))
    p.state.delete("decisions", drg["key"])
    p.registry.drgs.pop(drg["key"], None)
    p.write("DECISION_REQUIREMENTS", "DELETED", drg["key"], _public(drg))


def _delete_form(p: Processing, form: Row) -> None:
    p.state.delete("forms", form["key"])
    p.registry.remove_form(form["key"])
    p.write("FORM", "DELETED", form["key"], _public(form))
