"""What an element instance holds open while it waits: timers, message and signal subscriptions,
its job and its user task. Opened on activation (for the element itself, its boundary events, or the
event sub-processes of a scope) and closed when the instance leaves.

Every expression (timer values, message names, correlation keys) is evaluated before anything is
written, so a failure leaves no half-opened subscriptions behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import jobs, timers
from engine.runtime import variables as var

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def catch_elements_of(p: Processing, inst: Row, element: m.Element) -> list[m.Element]:
    """The catch events an instance subscribes for: boundary events, event sub-process starts."""
    process = p.process_of(inst)
    out: list[m.Element] = []
    # boundary events attach to the multi-instance body, not to the inner instances
    inner = element.loop is not None and inst["type"] != m.MULTI_INSTANCE_BODY
    if not inner:
        out.extend(process.elements[b] for b in element.boundary_events)
    if inst["type"] in m.CONTAINERS:
        for esp_id in element.event_subprocesses:
            esp = process.elements[esp_id]
            out.extend(process.elements[c] for c in esp.children if process.elements[c].type == m.START_EVENT)
    return out


Planned = list[tuple[str, m.Element, Any, Any]]


def plan_subscriptions(p: Processing, inst: Row, catch: Iterable[m.Element]) -> Planned:
    """Evaluate what subscribing ``inst`` to ``catch`` needs (timer due dates, message names and
    correlation keys, signal names); raises StepFailure and writes nothing."""
    planned: Planned = []
    context = var.visible(p, inst)
    for element in catch:
        if element.timer is not None:
            due, repetitions = timers.first_due(p, element.timer, context)
            planned.append(("timer", element, due, repetitions))
        elif element.message is not None:
            name = ex.string(element.message.name, context)
            assert element.message.correlation_key is not None
            key = ex.correlation_key(element.message.correlation_key, context, element.id)
            planned.append(("message", element, name, key))
        elif element.signal_name is not None and element.event_type == m.SIGNAL:
            planned.append(("signal", element, ex.string(element.signal_name, context), None))
    return planned


def open_planned(p: Processing, inst: Row, planned: Planned) -> None:
    for kind, element, a, b in planned:
        if kind == "timer":
            timers.create_timer(p, inst, element, a, repetitions=b)
        elif kind == "message":
            open_message_subscription(p, inst, element, a, b)
        else:
            open_signal_subscription(p, inst, element, a)


def open_subscriptions(p: Processing, inst: Row, catch: Iterable[m.Element]) -> None:
    open_planned(p, inst, plan_subscriptions(p, inst, catch))


def subscription_value(row: Row) -> dict[str, Any]:
    return {
        "processInstanceKey": row["processInstanceKey"],
        "elementInstanceKey": row["elementInstanceKey"],
        "bpmnProcessId": row["bpmnProcessId"],
        "processDefinitionKey": row["processDefinitionKey"],
        "messageName": row["name"],
        "correlationKey": row["correlationKey"],
        "elementId": row["targetElementId"],
        "interrupting": row["interrupting"],
        "variables": {},
        "tenantId": "<default>",
    }


def open_message_subscription(p: Processing, inst: Row, element: m.Element, name: str, key: str) -> Row:
    from engine.runtime.messages import correlate_buffered

    sub_key = p.new_key()
    row: Row = {
        "key": sub_key,
        "kind": "message",
        "index": f"m:{name}\x00{key}",
        "name": name,
        "correlationKey": key,
        "elementInstanceKey": inst["key"],
        "processInstanceKey": inst["processInstanceKey"],
        "bpmnProcessId": inst["v"]["bpmnProcessId"],
        "processDefinitionKey": inst["pdk"],
        "targetElementId": element.id,
        "interrupting": element.cancel_activity,
    }
    p.state.put("subscriptions", sub_key, row)
    inst.setdefault("subs", []).append(sub_key)
    p.save(inst)
    p.write("PROCESS_MESSAGE_SUBSCRIPTION", "CREATED", sub_key, subscription_value(row))
    p.write("MESSAGE_SUBSCRIPTION", "CREATED", sub_key, subscription_value(row))
    p.enqueue(lambda: correlate_buffered(p, sub_key))
    return row


def open_signal_subscription(
    p: Processing, inst: Row | None, element: m.Element, name: str, definition: Row | None = None
) -> Row:
    sub_key = p.new_key()
    row: Row = {
        "key": sub_key,
        "kind": "signal",
        "index": f"s:{name}",
        "name": name,
        "elementInstanceKey": inst["key"] if inst else -1,
        "processInstanceKey": inst["processInstanceKey"] if inst else -1,
        "bpmnProcessId": inst["v"]["bpmnProcessId"] if inst else (definition or {})["bpmnProcessId"],
        "processDefinitionKey": inst["pdk"] if inst else (definition or {})["key"],
        "targetElementId": element.id,
        "interrupting": element.cancel_activity,
    }
    p.state.put("subscriptions", sub_key, row)
    if inst is not None:
        inst.setdefault("subs", []).append(sub_key)
        p.save(inst)
    p.write("SIGNAL_SUBSCRIPTION", "CREATED", sub_key, signal_value(row))
    return row


def signal_value(row: Row) -> dict[str, Any]:
    return {
        "signalName": row["name"],
        "processDefinitionKey": row["processDefinitionKey"],
        "bpmnProcessId": row["bpmnProcessId"],
        "catchEventId": row["targetElementId"],
        "catchEventInstanceKey": row["elementInstanceKey"],
        "tenantId": "<default>",
    }


def close_subscription(p: Processing, sub_key: int) -> None:
    row: Row | None = p.state.get("subscriptions", sub_key)
    if row is None:
        return
    p.state.delete("subscriptions", sub_key)
    if row["kind"] == "message":
        p.write("PROCESS_MESSAGE_SUBSCRIPTION", "DELETED", sub_key, subscription_value(row))
        p.write("MESSAGE_SUBSCRIPTION", "DELETED", sub_key, subscription_value(row))
    elif row["kind"] == "message_start":
        p.write("MESSAGE_START_EVENT_SUBSCRIPTION", "DELETED", sub_key, start_subscription_value(row))
    else:
        p.write("SIGNAL_SUBSCRIPTION", "DELETED", sub_key, signal_value(row))


def start_subscription_value(row: Row) -> dict[str, Any]:
    return {
        "processDefinitionKey": row["processDefinitionKey"],
        "bpmnProcessId": row["bpmnProcessId"],
        "startEventId": row["targetElementId"],
        "messageName": row["name"],
        "tenantId": "<default>",
    }


def close_event_subscriptions(p: Processing, inst: Row, keep: frozenset[str] = frozenset()) -> None:
    """Close the timers and subscriptions an instance holds, except those for the ``keep`` events."""
    kept_timers = []
    for key in list(inst.get("timers", ())):
        row = p.state.get("timers", key)
        if row is not None and row["targetElementId"] in keep:
            kept_timers.append(key)
            continue
        timers.cancel(p, key)
    inst["timers"] = kept_timers
    kept = []
    for key in list(inst.get("subs", ())):
        row = p.state.get("subscriptions", key)
        if row is not None and row["targetElementId"] in keep:
            kept.append(key)
            continue
        close_subscription(p, key)
    inst["subs"] = kept
    p.save(inst)


def close_all(p: Processing, inst: Row) -> None:
    if inst.get("timers") or inst.get("subs"):
        close_event_subscriptions(p, inst)
    job_key = inst.pop("jobKey", None)
    if job_key is not None:
        jobs.cancel(p, job_key)
    task_key = inst.pop("userTaskKey", None)
    if task_key is not None:
        from engine.runtime.user_tasks import cancel

        cancel(p, task_key)
