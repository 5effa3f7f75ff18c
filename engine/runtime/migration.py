"""Process instance migration: move a running instance onto another process definition.

Every active element instance must be mapped (by element id) onto an element of the same type in
the same flow scope of the target; the instance keeps its keys, its variables, its jobs, user tasks
and incidents, which only learn their new definition and element id (a job keeps its type and
headers). The event subscriptions of a migrated element follow the mapping: a mapped catch event
keeps its timer or subscription, an unmapped one is closed, a catch event of the target element that
no mapping leads to is opened. This follows Zeebe 8.8's ProcessInstanceMigrationMigrateProcessor and
ProcessInstanceMigrationPreconditions; every precondition is checked on the whole instance before
anything changes, so a rejected migration leaves the instance as it was.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import attachments, incidents, jobs, timers, user_tasks
from engine.runtime.attachments import Planned, open_planned, plan_subscriptions
from engine.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from engine.runtime.migration_compensation import migrate_compensation, plan_compensation
from engine.runtime.processing import ACTIVATING, StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

_SUPPORTED_TYPES = frozenset(
    {
        m.PROCESS,
        m.SERVICE_TASK,
        m.USER_TASK,
        m.SUB_PROCESS,
        m.CALL_ACTIVITY,
        m.INTERMEDIATE_CATCH_EVENT,
        m.RECEIVE_TASK,
        m.EVENT_SUB_PROCESS,
        m.EXCLUSIVE_GATEWAY,
        m.EVENT_BASED_GATEWAY,
        m.BUSINESS_RULE_TASK,
        m.SCRIPT_TASK,
        m.SEND_TASK,
        m.MULTI_INSTANCE_BODY,
    }
)
_CATCH_EVENT_TYPES = frozenset({m.MESSAGE, m.TIMER, m.SIGNAL})
_EVENT_SUBPROCESS_TYPES = frozenset({m.MESSAGE, m.TIMER, m.SIGNAL, m.ERROR, m.ESCALATION})
_BOUNDARY_TYPES = frozenset({m.MESSAGE, m.TIMER, m.SIGNAL, m.ERROR, m.ESCALATION, m.COMPENSATION})


@dataclass(frozen=True)
class MappingInstruction:
    source_element_id: str
    target_element_id: str


@dataclass(frozen=True)
class _Plan:
    """One migration: the instance, both definitions, and source element id -> target element id."""

    pik: int
    source: m.Process
    target: m.Process
    definition: Row
    mapped: dict[str, str]
    compensation: dict[str, str]
    """Compensable element ids whose subscriptions move, to their target element ids."""


def migrate(
    p: Processing,
    process_instance_key: int,
    target_definition_key: int,
    mapping: Sequence[MappingInstruction],
) -> None:
    value = {
        "processInstanceKey": process_instance_key,
        "targetProcessDefinitionKey": target_definition_key,
        "mappingInstructions": [
            {"sourceElementId": i.source_element_id, "targetElementId": i.target_element_id} for i in mapping
        ],
        "tenantId": "<default>",
    }
    p.write("PROCESS_INSTANCE_MIGRATION", "MIGRATE", process_instance_key, value, record_type="COMMAND")
    root = p.instance(process_instance_key)
    if root is None or root["flowScopeKey"] != -1:
        raise NotFound(
            "Expected to migrate process instance but no process instance found with key "
            f"'{process_instance_key}'"
        )
    duplicates = [sid for sid, n in Counter(i.source_element_id for i in mapping).items() if n > 1]
    if duplicates:
        raise InvalidArgument(
            f"Expected to migrate process instance '{process_instance_key}' but the mapping instructions "
            f"contain duplicate source element ids '[{', '.join(duplicates)}]'."
        )
    definition = p.state.get("processes", target_definition_key)
    if definition is None:
        raise NotFound(
            "Expected to migrate process instance to process definition but no process definition "
            f"found with key '{target_definition_key}'"
        )
    source = p.process_of(root)
    target = p.registry.process(target_definition_key)
    _require_no_message_start_instance(p, root, source, target, target_definition_key)
    for instruction in mapping:
        if instruction.source_element_id not in source.elements:
            raise InvalidArgument(
                f"Expected to migrate process instance '{process_instance_key}' but mapping instructions "
                f"contain a non-existing source element id '{instruction.source_element_id}'. Elements "
                "provided in mapping instructions must exist in the source process definition."
            )
        if instruction.target_element_id not in target.elements:
            raise InvalidArgument(
                f"Expected to migrate process instance '{process_instance_key}' but mapping instructions "
                f"contain a non-existing target element id '{instruction.target_element_id}'. Elements "
                "provided in mapping instructions must exist in the target process definition."
            )
    mapped = {i.source_element_id: i.target_element_id for i in mapping}
    # the process itself needs no instruction
    mapped[source.id] = target.id
    compensation = plan_compensation(p, root, source, target, mapped)
    plan = _Plan(process_instance_key, source, target, definition, mapped, compensation)
    moves = []
    for inst in _instances_top_down(p, root):
        new = _checked_target(p, plan, inst)
        moves.append((inst, new, _planned_subscriptions(p, plan, inst, new)))
    for inst, new, planned in moves:
        _apply(p, plan, inst, new, planned)
    p.write("PROCESS_INSTANCE_MIGRATION", "MIGRATED", process_instance_key, value)


def _require_no_message_start_instance(
    p: Processing, root: Row, source: m.Process, target: m.Process, target_definition_key: int
) -> None:
    """Moving an instance started by a message onto another process id must not make two active
    instances of that process for one correlation key."""
    guard = root.get("startGuard")
    if not guard or source.id == target.id or not target.message_starts:
        return
    correlation_key = guard.split("\x00", 1)[1]
    if f"msgstart:{target.id}\x00{correlation_key}" in p.state.tables["meta"]:
        raise FailedPrecondition(
            f"Expected to migrate process instance '{root['key']}' but target process definition "
            f"'{target_definition_key}' has an active instance triggered by a message start event with "
            f"correlation key '{correlation_key}'. Only one instance per correlation key is allowed for "
            "message start events."
        )


def _but(pik: int) -> str:
    return f"Expected to migrate process instance '{pik}' but "


def _instances_top_down(p: Processing, root: Row) -> list[Row]:
    out = [root]
    index = 0
    while index < len(out):
        out.extend(p.children_of(out[index]["key"]))
        index += 1
    return out


def _checked_target(p: Processing, plan: _Plan, inst: Row) -> m.Element:
    """The target element of ``inst``, after every precondition Zeebe checks for it."""
    pik, source, target, mapped = plan.pik, plan.source, plan.target, plan.mapped
    element_id = inst["elementId"]
    kind = inst["type"]
    element = source.elements[element_id]
    if kind not in _SUPPORTED_TYPES:
        raise FailedPrecondition(
            f"{_but(pik)}active element with id '{element_id}' has an "
            f"unsupported type. The migration of a {kind} is not supported."
        )
    if kind == m.INTERMEDIATE_CATCH_EVENT:
        if element.event_type not in _CATCH_EVENT_TYPES:
            raise FailedPrecondition(
                f"{_but(pik)}active element with id '{element_id}' is "
                f"intermediate catch event of type '{element.event_type}'. Migrating active intermediate "
                "catch event of this type is not possible yet."
            )
        after_gateway = (source.elements[source.flows[f].source] for f in element.incoming)
        if any(g.type == m.EVENT_BASED_GATEWAY for g in after_gateway):
            raise FailedPrecondition(
                f"{_but(pik)}active element with id '{element_id}' is an "
                "intermediate catch event attached to an event-based gateway. Migrating active events "
                "attached to an event-based gateway is not possible yet."
            )
    target_id = mapped.get(element_id)
    if target_id is None:
        raise FailedPrecondition(
            f"{_but(pik)}no mapping instruction defined for active "
            f"element with id '{element_id}'. Elements cannot be migrated without a mapping."
        )
    new = target.elements[target_id]
    new_kind = _instance_type(p, new, inst)
    if new_kind != kind:
        raise FailedPrecondition(
            f"{_but(pik)}active element with id '{element_id}' and type "
            f"'{kind}' is mapped to an element with id '{target_id}' and different type '{new_kind}'. "
            "Elements must be mapped to elements of the same type."
        )
    if kind == m.USER_TASK:
        _require_same_user_task_implementation(pik, inst, new)
    scope = p.scope_of(inst)
    if scope is not None:
        # Zeebe migrates top-down, so the flow scope already stands at its target element
        expected = mapped[scope["elementId"]]
        actual = new.flow_scope if scope["type"] != m.MULTI_INSTANCE_BODY else new.id
        if actual != expected:
            raise FailedPrecondition(
                f"{_but(pik)}the flow scope of active element with id "
                f"'{element_id}' is changed. The flow scope of the active element is expected to be "
                f"'{expected}' but was '{actual}'. The flow scope of an element cannot be changed during "
                "migration yet."
            )
    _require_allowed_events(pik, source, element, "active process", "active element")
    _require_allowed_events(pik, target, new, "target process", "target element")
    _require_catch_events_stay_attached(plan, element, new, inst["type"])
    if kind == m.MULTI_INSTANCE_BODY:
        assert element.loop is not None and new.loop is not None
        if element.loop.sequential != new.loop.sequential:
            raise FailedPrecondition(
                f"{_but(pik)}active element with id '{element_id}' has a "
                f"different loop characteristics than the target element with id '{target_id}'. Both "
                "elements must have either sequential or parallel loop characteristics."
            )
    _require_joins_migratable(plan, inst)
    if inst.get("inflight"):
        raise FailedPrecondition(
            f"{_but(pik)}a concurrent command was executed on the "
            "process instance. Please retry the migration."
        )
    return new


def _require_joins_migratable(plan: _Plan, inst: Row) -> None:
    """Sequence flows taken to a joining gateway that has not fired yet move with their flow scope:
    the gateway must be mapped onto a gateway of the same type whose incoming flows are the same
    (Zeebe 8.8 migrates such taken flows; the wording of these refusals is the engine's own)."""
    for gateway_id, counts in (inst.get("joins") or {}).items():
        gateway = plan.source.elements[gateway_id]
        target_id = plan.mapped.get(gateway_id)
        prefix = (
            f"{_but(plan.pik)}the {gateway.type} with id '{gateway_id}' has taken sequence flows "
            f"{sorted(counts)} waiting for it"
        )
        if target_id is None:
            raise FailedPrecondition(
                f"{prefix} and no mapping instruction. A joining gateway with taken sequence flows must be "
                "mapped."
            )
        target = plan.target.elements[target_id]
        if target.type != gateway.type or len(target.incoming) != len(gateway.incoming):
            raise FailedPrecondition(
                f"{prefix} and is mapped to the {target.type} with id '{target_id}' with "
                f"{len(target.incoming)} incoming sequence flows instead of {len(gateway.incoming)}. "
                "A joining gateway must be mapped to a gateway of the same type with as many incoming flows."
            )
        missing = sorted(f for f in counts if f not in target.incoming)
        if missing:
            raise FailedPrecondition(
                f"{prefix} and is mapped to the {target.type} with id '{target_id}', which has no incoming "
                f"sequence flows with ids {missing}. Taken sequence flows must exist in the target process."
            )


def _migrate_joins(p: Processing, plan: _Plan, inst: Row) -> None:
    joins = inst.get("joins")
    if not joins:
        return
    moved: dict[str, dict[str, int]] = {}
    for gateway_id, counts in joins.items():
        moved[plan.mapped[gateway_id]] = counts
        for flow_id in sorted(counts):
            value = dict(inst["v"])
            value.update(
                elementId=flow_id,
                bpmnElementType=m.SEQUENCE_FLOW,
                bpmnEventType=m.UNSPECIFIED,
                flowScopeKey=inst["key"],
            )
            p.write("PROCESS_INSTANCE", "ELEMENT_MIGRATED", p.new_key(), value)
    inst["joins"] = moved
    p.save(inst)


def _instance_type(p: Processing, element: m.Element, inst: Row) -> str:
    """The type an instance of ``element`` would have where ``inst`` stands: the body of a
    multi-instance element, or one of its inner instances (Zeebe compares those to the inner activity)."""
    if element.loop is None or inst["type"] == m.MULTI_INSTANCE_BODY:
        return m.MULTI_INSTANCE_BODY if element.loop is not None else element.type
    scope = p.scope_of(inst)
    inner = scope is not None and scope["type"] == m.MULTI_INSTANCE_BODY
    return element.type if inner else m.MULTI_INSTANCE_BODY


def _require_same_user_task_implementation(pik: int, inst: Row, new: m.Element) -> None:
    def implementation(native: bool) -> str:
        return "zeebe user task" if native else "job worker"

    source_impl = implementation(inst.get("userTaskKey") is not None)
    target_impl = implementation(new.user_task is not None and new.user_task.native)
    if source_impl != target_impl:
        raise FailedPrecondition(
            f"{_but(pik)}active user task with id '{inst['elementId']}' "
            f"and implementation '{source_impl}' is mapped to an user task with id '{new.id}' and different "
            f"implementation '{target_impl}'. Elements must be mapped to elements of the same implementation."
        )


def _require_allowed_events(
    pik: int, process: m.Process, element: m.Element, esp_owner: str, boundary_owner: str
) -> None:
    """Zeebe rejects event sub-processes and boundary events of the kinds it cannot migrate yet."""
    if not element.is_activity and element.type != m.PROCESS:
        return
    starts = [
        process.elements[c]
        for esp in element.event_subprocesses
        for c in process.elements[esp].children
        if process.elements[c].type == m.START_EVENT
    ]
    rejected = [s.event_type for s in starts if s.event_type not in _EVENT_SUBPROCESS_TYPES]
    if rejected:
        raise FailedPrecondition(
            f"{_but(pik)}{esp_owner} with id '{element.id}' has one or "
            f"more event subprocesses with start events of types '{','.join(rejected)}'. Migrating event "
            "subprocesses with start events of these types is not possible yet."
        )
    boundaries = [process.elements[b].event_type for b in element.boundary_events]
    rejected = [t for t in boundaries if t not in _BOUNDARY_TYPES]
    if rejected:
        raise FailedPrecondition(
            f"{_but(pik)}{boundary_owner} with id '{element.id}' "
            f"has one or more boundary events of types '{','.join(rejected)}'. "
            f"Migrating {boundary_owner}s with boundary events of "
            "these types is not possible yet."
        )


def _catch_events(process: m.Process, element: m.Element, inst_type: str) -> list[m.Element]:
    """The catch events an instance of ``element`` (of ``inst_type``) holds subscriptions for."""
    if element.type == m.EVENT_BASED_GATEWAY:
        return [process.elements[process.flows[f].target] for f in element.outgoing]
    own = [element] if element.type in (m.INTERMEDIATE_CATCH_EVENT, m.RECEIVE_TASK) else []
    inner = element.loop is not None and inst_type != m.MULTI_INSTANCE_BODY
    if not inner:
        own.extend(process.elements[b] for b in element.boundary_events)
    if inst_type in m.CONTAINERS:
        for esp_id in element.event_subprocesses:
            esp = process.elements[esp_id]
            own.extend(process.elements[c] for c in esp.children if process.elements[c].type == m.START_EVENT)
    return own


def _require_catch_events_stay_attached(plan: _Plan, element: m.Element, new: m.Element, kind: str) -> None:
    pik, mapped = plan.pik, plan.mapped
    source_events = _catch_events(plan.source, element, kind)
    target_ids = {e.id for e in _catch_events(plan.target, new, kind)}
    by_target: dict[str, list[str]] = {}
    for event in source_events:
        target_event_id = mapped.get(event.id)
        if target_event_id is None:
            continue
        if target_event_id not in target_ids:
            raise FailedPrecondition(
                f"{_but(pik)}active element with id '{element.id}' is "
                f"mapped to an element with id '{new.id}' and has a catch event with id '{event.id}' that is "
                f"mapped to a catch event with id '{target_event_id}'. These mappings detach the catch event "
                "from the element in the target process. Catch events must stay attached to the same element "
                "instance."
            )
        by_target.setdefault(target_event_id, []).append(event.id)
    for target_event_id, sources in by_target.items():
        if len(sources) > 1:
            joined = "', '".join(sorted(sources))
            raise FailedPrecondition(
                f"{_but(pik)}active element with id '{element.id}' has a catch event attached "
                f"that is mapped to a catch event with id '{target_event_id}'. There are multiple "
                f"mapping instructions that target this catch event: '{joined}'. "
                "Catch events cannot be merged by process instance migration. Please ensure the mapping "
                "instructions target a catch event only once."
            )
    for event in source_events:
        target_event_id = mapped.get(event.id)
        if target_event_id is None:
            continue
        target_event = plan.target.elements[target_event_id]
        if event.event_type != target_event.event_type:
            raise FailedPrecondition(
                f"{_but(pik)}active element with id '{element.id}' has a catch event with id "
                f"'{event.id}' that is mapped to a catch event with id '{target_event_id}'. "
                f"These catch events have different event types: '{event.event_type}' and "
                f"'{target_event.event_type}'. The event type of a catch event cannot be changed by process "
                "instance migration. Please ensure the event type of the catch event remains the same or "
                "remove the mapping instruction for these catch events."
            )


def _apply(p: Processing, plan: _Plan, inst: Row, new: m.Element, planned: Planned | None) -> None:
    definition = plan.definition
    v = inst["v"]
    v["processDefinitionKey"] = definition["key"]
    v["bpmnProcessId"] = definition["bpmnProcessId"]
    v["version"] = definition["version"]
    v["elementId"] = new.id
    inst["pdk"] = definition["key"]
    inst["elementId"] = new.id
    p.save(inst)
    p.write("PROCESS_INSTANCE", "ELEMENT_MIGRATED", inst["key"], dict(v))
    _migrate_joins(p, plan, inst)
    owned = {
        "bpmnProcessId": definition["bpmnProcessId"],
        "processDefinitionKey": definition["key"],
        "elementId": new.id,
    }
    job_key = inst.get("jobKey")
    if job_key is not None:
        job = p.state.get("jobs", job_key)
        if job is not None:
            job.update(owned, processDefinitionVersion=definition["version"])
            p.state.put("jobs", job_key, job)
            p.write("JOB", "MIGRATED", job_key, jobs.value(job))
    for incident in p.state.rows("incidents"):
        if incident["elementInstanceKey"] == inst["key"]:
            incident.update(owned)
            p.state.put("incidents", incident["key"], incident)
            p.write("INCIDENT", "MIGRATED", incident["key"], incidents.value(incident))
    task_key = inst.get("userTaskKey")
    if task_key is not None:
        task = p.state.get("user_tasks", task_key)
        if task is not None:
            task.update(owned, processDefinitionVersion=definition["version"])
            p.state.put("user_tasks", task_key, task)
            p.write("USER_TASK", "MIGRATED", task_key, user_tasks.value(task, variables={}))
    _migrate_variables(p, inst, definition)
    if inst["flowScopeKey"] == -1:
        migrate_compensation(p, inst, plan.target, definition, plan.compensation)
    if planned is not None:
        _migrate_catch_events(p, plan, inst, planned)


def _migrate_variables(p: Processing, inst: Row, definition: Row) -> None:
    row = p.state.get("variables", inst["key"])
    if not row:
        return
    for name, key in row["keys"].items():
        p.write(
            "VARIABLE",
            "MIGRATED",
            key,
            {
                "name": name,
                "value": json.dumps(row["vars"][name], ensure_ascii=False, separators=(",", ":")),
                "scopeKey": inst["key"],
                "processInstanceKey": inst["processInstanceKey"],
                "processDefinitionKey": definition["key"],
                "bpmnProcessId": definition["bpmnProcessId"],
                "tenantId": inst["v"]["tenantId"],
            },
        )


def _planned_subscriptions(p: Processing, plan: _Plan, inst: Row, new: m.Element) -> Planned | None:
    """The subscriptions ``inst`` must open for the catch events of its target element that no
    mapping leads to, evaluated before anything changes; None when it does not subscribe now."""
    if inst["state"] == ACTIVATING:
        # an instance still activating has not subscribed yet, and will on its own (Zeebe #19212)
        return None
    if inst.get("interrupted"):
        return []
    targets = set(plan.mapped.values())
    fresh = [e for e in _catch_events(plan.target, new, inst["type"]) if e.id not in targets]
    try:
        planned = plan_subscriptions(p, inst, fresh)
    except StepFailure as failure:
        raise FailedPrecondition(
            f"{_but(plan.pik)}active element with id '{inst['elementId']}' is mapped to element with id "
            f"'{new.id}' that must be subscribed to a catch event. {failure.message}"
        ) from None
    kept_names = {
        row["name"]
        for key in inst.get("subs", ())
        if (row := p.state.get("subscriptions", key)) is not None
        and row["kind"] == "message"
        and row["targetElementId"] in plan.mapped
    }
    for kind, event, name, _ in planned:
        if kind == "message" and name in kept_names:
            raise FailedPrecondition(
                f"{_but(plan.pik)}active element with id '{inst['elementId']}' attempts to subscribe to a "
                f"message it is already subscribed to with name '{name}'. Migrating active elements that "
                "subscribe to a message they are already subscribed to is not possible yet. Please provide a "
                f"mapping instruction to message catch event with id '{event.id}' to migrate the respective "
                "message subscription."
            )
    return planned


def _migrate_catch_events(p: Processing, plan: _Plan, inst: Row, planned: Planned) -> None:
    """In Zeebe's order: close what no mapping keeps, open the target's unmapped catch events, then
    migrate the mapped timers and subscriptions (ProcessInstanceMigrationCatchEventBehaviour)."""
    kept_subs = []
    for key in list(inst.get("subs", ())):
        sub = p.state.get("subscriptions", key)
        if sub is not None and sub["targetElementId"] in plan.mapped:
            kept_subs.append(sub)
        else:
            attachments.close_subscription(p, key)
    kept_timers = []
    for key in list(inst.get("timers", ())):
        timer = p.state.get("timers", key)
        if timer is not None and timer["targetElementId"] in plan.mapped:
            kept_timers.append(timer)
        else:
            timers.cancel(p, key)
    inst["subs"] = [sub["key"] for sub in kept_subs]
    inst["timers"] = [timer["key"] for timer in kept_timers]
    p.save(inst)
    open_planned(p, inst, planned)
    for sub in (s for s in kept_subs if s["kind"] == "message"):
        _migrate_subscription(p, inst, sub, plan.target.elements[plan.mapped[sub["targetElementId"]]])
    for timer in kept_timers:
        timer["targetElementId"] = plan.mapped[timer["targetElementId"]]
        timer["processDefinitionKey"] = inst["pdk"]
        p.state.put("timers", timer["key"], timer)
        p.write("TIMER", "MIGRATED", timer["key"], timers.value(timer))
    for sub in (s for s in kept_subs if s["kind"] != "message"):
        _migrate_subscription(p, inst, sub, plan.target.elements[plan.mapped[sub["targetElementId"]]])


def _migrate_subscription(p: Processing, inst: Row, sub: Row, event: m.Element) -> None:
    """A mapped subscription keeps its message name and correlation key (Zeebe keeps the
    subscription as it was opened); it learns its new catch event and definition."""
    sub["targetElementId"] = event.id
    sub["processDefinitionKey"] = inst["pdk"]
    sub["bpmnProcessId"] = inst["v"]["bpmnProcessId"]
    sub["interrupting"] = event.cancel_activity
    p.state.put("subscriptions", sub["key"], sub)
    if sub["kind"] == "message":
        p.write("PROCESS_MESSAGE_SUBSCRIPTION", "MIGRATED", sub["key"], attachments.subscription_value(sub))
        p.write("MESSAGE_SUBSCRIPTION", "MIGRATED", sub["key"], attachments.subscription_value(sub))
    else:
        p.write("SIGNAL_SUBSCRIPTION", "MIGRATED", sub["key"], attachments.signal_value(sub))
