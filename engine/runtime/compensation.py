"""Compensation: undo completed work by running the handlers of compensable activities.

A completed activity with a compensation boundary event leaves a compensation subscription in its
flow scope (a completed sub-process hands its subscriptions on to its own flow scope). A compensation
throw or end event triggers the subscriptions of its scope — all, or only the referenced activity's —
activates each boundary event and then its handler, and waits until every handler completed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime import variables as var

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

CREATED = "CREATED"
TRIGGERED = "TRIGGERED"


def value(row: Row) -> dict[str, Any]:
    return {
        "processInstanceKey": row["processInstanceKey"],
        "processDefinitionKey": row["processDefinitionKey"],
        "compensableActivityId": row["compensableActivityId"],
        "compensableActivityInstanceKey": row["compensableActivityInstanceKey"],
        "compensableActivityScopeKey": row["compensableActivityScopeKey"],
        "compensationHandlerId": row["compensationHandlerId"],
        "compensationHandlerInstanceKey": row["compensationHandlerInstanceKey"],
        "throwEventId": row["throwEventId"],
        "throwEventInstanceKey": row["throwEventInstanceKey"],
        "variables": row.get("variables", {}),
        "tenantId": "<default>",
    }


def activity_completed(p: Processing, inst: Row, element: m.Element, scope: Row) -> None:
    """Open a subscription for a compensable activity; pass a completed scope's ones upwards."""
    rows = p.state.tables["compensations"]
    if element.type in (m.SUB_PROCESS, m.CALL_ACTIVITY) or element.compensation_boundary is not None:
        for inner in list(rows.values()):
            if inner["compensableActivityScopeKey"] == inst["key"] and inner["state"] == CREATED:
                inner["compensableActivityScopeKey"] = scope["key"]
                inner["within"] = [*inner.get("within", []), element.id]
                p.state.put("compensations", inner["key"], inner)
    if element.compensation_boundary is None or inst["type"] == m.MULTI_INSTANCE_BODY:
        return
    boundary = p.process_of(inst).elements[element.compensation_boundary]
    key = p.new_key()
    row: Row = {
        "key": key,
        "state": CREATED,
        "processInstanceKey": inst["processInstanceKey"],
        "processDefinitionKey": inst["pdk"],
        "compensableActivityId": element.id,
        "compensableActivityInstanceKey": inst["key"],
        "compensableActivityScopeKey": scope["key"],
        "compensationBoundaryId": boundary.id,
        "compensationHandlerId": boundary.compensation_handler or "",
        "compensationHandlerInstanceKey": -1,
        "throwEventId": "",
        "throwEventInstanceKey": -1,
        "within": [],
        # the handler later sees the activity's own variables (e.g. a multi-instance input element)
        "variables": var.local_variables(p, inst["key"]),
    }
    p.state.put("compensations", key, row)
    p.write("COMPENSATION_SUBSCRIPTION", "CREATED", key, value(row))


def throw(p: Processing, thrower: Row, element: m.Element) -> bool:
    """Trigger the scope's compensation; False when there is nothing to compensate."""
    scope = p.scope_of(thrower)
    if scope is None:
        return False
    wanted = element.compensation_activity
    triggered = [
        row
        for row in sorted(p.state.tables["compensations"].values(), key=lambda r: r["key"])
        if row["compensableActivityScopeKey"] == scope["key"]
        and row["state"] == CREATED
        and (wanted is None or wanted == row["compensableActivityId"] or wanted in row.get("within", []))
    ]
    if not triggered:
        return False
    process = p.process_of(thrower)
    thrower["pendingCompensations"] = len(triggered)
    p.save(thrower)
    for row in triggered:
        row["state"] = TRIGGERED
        row["throwEventId"] = thrower["elementId"]
        row["throwEventInstanceKey"] = thrower["key"]
        p.state.put("compensations", row["key"], row)
        p.write("COMPENSATION_SUBSCRIPTION", "TRIGGERED", row["key"], value(row))
        p.start_element(scope, process.elements[row["compensationBoundaryId"]], {"compensation": row["key"]})
    return True


def boundary_completed(p: Processing, scope: Row, subscription_key: int) -> None:
    """The compensation boundary event passed: start its handler."""
    row: Row | None = p.state.get("compensations", subscription_key)
    if row is None:
        return
    handler = p.process_of(scope).elements[row["compensationHandlerId"]]
    p.start_element(scope, handler, {"compensation": subscription_key})


def handler_activated(p: Processing, handler: Row, subscription_key: int) -> None:
    row: Row | None = p.state.get("compensations", subscription_key)
    if row is not None:
        row["compensationHandlerInstanceKey"] = handler["key"]
        p.state.put("compensations", subscription_key, row)
        var.set_all_local(p, handler, row.get("variables", {}))


def handler_completed(p: Processing, subscription_key: int) -> None:
    """A handler finished: the subscription is done; the throw event continues after the last one."""
    row: Row | None = p.state.get("compensations", subscription_key)
    if row is None:
        return
    p.state.delete("compensations", subscription_key)
    p.write("COMPENSATION_SUBSCRIPTION", "COMPLETED", subscription_key, value(row))
    thrower = p.instance(row["throwEventInstanceKey"])
    if thrower is None:
        return
    thrower["pendingCompensations"] = thrower.get("pendingCompensations", 1) - 1
    p.save(thrower)
    if thrower["pendingCompensations"] <= 0:
        p.complete(thrower)


def instance_ended(p: Processing, process_instance_key: int) -> None:
    """Subscriptions do not outlive their process instance."""
    for row in list(p.state.tables["compensations"].values()):
        if row["processInstanceKey"] == process_instance_key:
            p.state.delete("compensations", row["key"])
            p.write("COMPENSATION_SUBSCRIPTION", "DELETED", row["key"], value(row))
