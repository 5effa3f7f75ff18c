"""The compensation subscriptions of a migrated process instance (completed compensable activities).

A subscription moves when its activity's compensation boundary event is mapped: it then belongs to
the activity the target boundary event is attached to, and so do the sub-processes around it, level by
level. A subscription no mapping reaches is deleted; none is created, since subscriptions come from
completing activities. This follows Zeebe 8.8's ProcessInstanceMigrationCatchEventBehaviour
(handleCompensationCatchEvents); the plan is made before anything is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime.compensation import value
from engine.runtime.errors import FailedPrecondition, InvalidArgument

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def plan_compensation(
    p: Processing, root: Row, source: m.Process, target: m.Process, mapped: dict[str, str]
) -> dict[str, str]:
    """Source compensable element id -> target element id, for the subscriptions that move."""
    out: dict[str, str] = {}
    for row in _subscriptions(p, root["key"]):
        activity = source.elements.get(row["compensableActivityId"])
        if activity is None or activity.type == m.SUB_PROCESS:
            continue
        boundary_id = activity.compensation_boundary
        if boundary_id is None or boundary_id not in mapped:
            continue
        target_boundary = target.elements[mapped[boundary_id]]
        if target_boundary.type != m.BOUNDARY_EVENT or target_boundary.event_type != m.COMPENSATION:
            raise InvalidArgument(
                f"Expected to migrate process instance with id '{source.id}' but compensation boundary event "
                f"'{boundary_id}' is mapped to a target boundary event '{target_boundary.id}' that has event "
                f"type '{target_boundary.event_type}' different than compensation boundary event type."
            )
        assert target_boundary.attached_to is not None
        out.update(_levels(source, target, activity.id, target_boundary.attached_to))
    return out


def _levels(source: m.Process, target: m.Process, source_id: str, target_id: str) -> dict[str, str]:
    """The activity and each enclosing scope, paired level by level up to the two processes."""
    pairs: dict[str, str] = {}
    while True:
        source_root, target_root = source_id == source.id, target_id == target.id
        if source_root and target_root:
            pairs[source_id] = target_id
            return pairs
        if source_root or target_root:
            raise FailedPrecondition(
                f"Expected to migrate process instance with id '{source.id}' but the flow scope of "
                f"compensation boundary event is changed. Flow scope '{source_id}' is not in the same level "
                f"as '{target_id}'. The flow scope of a compensation boundary event cannot be changed during "
                "migration yet."
            )
        pairs[source_id] = target_id
        source_scope, target_scope = (
            source.elements[source_id].flow_scope,
            target.elements[target_id].flow_scope,
        )
        assert source_scope is not None and target_scope is not None
        source_id, target_id = source_scope, target_scope


def migrate_compensation(
    p: Processing, root: Row, target: m.Process, definition: Row, moves: dict[str, str]
) -> None:
    for row in _subscriptions(p, root["key"]):
        new_id = moves.get(row["compensableActivityId"])
        if new_id is None:
            p.state.delete("compensations", row["key"])
            p.write("COMPENSATION_SUBSCRIPTION", "DELETED", row["key"], value(row))
            continue
        activity = target.elements[new_id]
        row["compensableActivityId"] = new_id
        row["processDefinitionKey"] = definition["key"]
        row["within"] = [moves.get(scope_id, scope_id) for scope_id in row.get("within", [])]
        if activity.compensation_boundary is not None:
            boundary = target.elements[activity.compensation_boundary]
            row["compensationBoundaryId"] = boundary.id
            row["compensationHandlerId"] = boundary.compensation_handler or ""
        p.state.put("compensations", row["key"], row)
        p.write("COMPENSATION_SUBSCRIPTION", "MIGRATED", row["key"], value(row))


def _subscriptions(p: Processing, process_instance_key: int) -> list[Any]:
    rows = p.state.tables["compensations"].values()
    return sorted(
        (r for r in rows if r["processInstanceKey"] == process_instance_key), key=lambda r: r["key"]
    )
