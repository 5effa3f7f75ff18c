"""Message publication and correlation, as Zeebe does it.

A published message correlates to the open subscriptions with its name and correlation key — at
most once per BPMN process id — and to message start events (one new instance per process, unless an
instance started by a message with the same correlation key is still active). With a time-to-live it
is buffered, and subscriptions opened later pick it up. A message id is unique per name and
correlation key while the message is buffered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.runtime.attachments import start_subscription_value, subscription_value
from engine.runtime.errors import AlreadyExists, NotFound
from engine.runtime.instants import require_before_the_end
from engine.runtime.triggers import start_process_by_event, trigger_event

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def _value(row: Row) -> dict[str, Any]:
    return {
        "name": row["name"],
        "correlationKey": row["correlationKey"],
        "timeToLive": row["timeToLive"],
        "messageId": row["messageId"],
        "variables": row["variables"],
        "deadline": row["deadline"],
        "tenantId": "<default>",
    }


def publish(
    p: Processing,
    *,
    name: str,
    correlation_key: str,
    variables: Mapping[str, Any],
    ttl_ms: int,
    message_id: str | None,
) -> int:
    require_before_the_end(p, ttl_ms, "a message time to live")
    key = p.new_key()
    row: Row = {
        "key": key,
        "name": name,
        "correlationKey": correlation_key,
        "timeToLive": ttl_ms,
        "messageId": message_id or "",
        "variables": dict(variables),
        "deadline": p.now + ttl_ms,
        "correlated": [],
    }
    p.write("MESSAGE", "PUBLISH", key, _value(row), record_type="COMMAND")
    if message_id:
        for other in p.state.tables["messages"].values():
            if (other["name"], other["correlationKey"], other["messageId"]) == (
                name,
                correlation_key,
                message_id,
            ):
                reason = (
                    f"Expected to publish a new message with id '{message_id}', but a "
                    "message with that id was "
                    "already published"
                )
                p.write(
                    "MESSAGE",
                    "PUBLISH",
                    key,
                    _value(row),
                    record_type="COMMAND_REJECTION",
                    rejection=("ALREADY_EXISTS", reason),
                )
                raise AlreadyExists(reason)
    p.write("MESSAGE", "PUBLISHED", key, _value(row))
    _deliver(p, row)
    if ttl_ms > 0:
        p.state.put("messages", key, row)
    else:
        p.write("MESSAGE", "EXPIRED", key, _value(row))
    return key


def _deliver(p: Processing, row: Row) -> list[int]:
    """Correlate to waiting subscriptions, then to message start events, once per process id;
    returns the keys of the process instances reached."""
    reached: list[int] = []
    correlated: set[str] = set()
    bucket = p.state.subs_by_name.get(f"m:{row['name']}\x00{row['correlationKey']}")
    for sub_key in list(bucket or ()):
        sub = p.state.get("subscriptions", sub_key)
        if sub is None or sub["bpmnProcessId"] in correlated:
            continue
        if _correlate(p, sub, row):
            correlated.add(sub["bpmnProcessId"])
            reached.append(sub["processInstanceKey"])
    for sub_key in list(p.state.subs_by_name.get(f"ms:{row['name']}") or ()):
        sub = p.state.get("subscriptions", sub_key)
        if sub is None or sub["bpmnProcessId"] in correlated:
            continue
        started = _start(p, sub, row)
        if started is not None:
            correlated.add(sub["bpmnProcessId"])
            reached.append(started)
    row["correlated"] = sorted(correlated)
    return reached


def correlate(
    p: Processing, *, name: str, correlation_key: str, variables: Mapping[str, Any]
) -> tuple[int, int]:
    """Correlate a message right away, without buffering (the Orchestration Cluster API's
    CorrelateMessage); returns the message key and the first process instance reached."""
    key = p.new_key()
    row: Row = {
        "key": key,
        "name": name,
        "correlationKey": correlation_key,
        "timeToLive": 0,
        "messageId": "",
        "variables": dict(variables),
        "deadline": p.now,
        "correlated": [],
    }
    value = {
        "name": name,
        "correlationKey": correlation_key,
        "variables": dict(variables),
        "tenantId": "<default>",
    }
    p.write("MESSAGE_CORRELATION", "CORRELATE", key, value, record_type="COMMAND")
    reached = _deliver(p, row)
    if not reached:
        raise NotFound(
            f"Expected to find subscription for message with name '{name}' and correlation key "
            f"'{correlation_key}', but none was found."
        )
    p.write("MESSAGE_CORRELATION", "CORRELATED", key, {**value, "processInstanceKey": reached[0]})
    return key, reached[0]


def _correlate(p: Processing, sub: Row, message: Row) -> bool:
    owner = p.instance(sub["elementInstanceKey"])
    if owner is None:
        return False
    target = p.process_of(owner).elements[sub["targetElementId"]]
    value = subscription_value(sub)
    value["variables"] = message["variables"]
    value["messageKey"] = message["key"]
    p.write("PROCESS_MESSAGE_SUBSCRIPTION", "CORRELATED", sub["key"], value)
    p.write("MESSAGE_SUBSCRIPTION", "CORRELATED", sub["key"], value)
    return trigger_event(p, owner, target, message["variables"])


def _start(p: Processing, sub: Row, message: Row) -> int | None:
    """Start an instance at a message start event; its key, or None when the key is taken."""
    definition = p.state.get("processes", sub["processDefinitionKey"])
    if definition is None:
        return None
    guard = f"msgstart:{definition['bpmnProcessId']}\x00{message['correlationKey']}"
    if message["correlationKey"] and guard in p.state.tables["meta"]:
        return None
    value = start_subscription_value(sub)
    value["messageKey"] = message["key"]
    value["correlationKey"] = message["correlationKey"]
    value["variables"] = message["variables"]
    p.write("MESSAGE_START_EVENT_SUBSCRIPTION", "CORRELATED", sub["key"], value)
    start = p.registry.process(definition["key"]).elements[sub["targetElementId"]]
    root = start_process_by_event(p, definition, start, message["variables"])
    if message["correlationKey"]:
        p.state.put("meta", guard, root["key"])
        root["startGuard"] = guard
        p.save(root)
    root_key: int = root["key"]
    return root_key


def correlate_buffered(p: Processing, sub_key: int) -> None:
    """A new subscription takes the oldest buffered message that matches and is still alive."""
    sub = p.state.get("subscriptions", sub_key)
    if sub is None:
        return
    for message in sorted(p.state.tables["messages"].values(), key=lambda r: r["key"]):
        if message["name"] != sub["name"] or message["correlationKey"] != sub["correlationKey"]:
            continue
        if message["deadline"] <= p.now or sub["bpmnProcessId"] in message["correlated"]:
            continue
        if _correlate(p, sub, message):
            message["correlated"] = [*message["correlated"], sub["bpmnProcessId"]]
            p.state.put("messages", message["key"], message)
            return


def expire(p: Processing, key: int, due: int) -> None:
    row: Row | None = p.state.get("messages", key)
    if row is None or row["deadline"] != due:
        return
    p.state.delete("messages", key)
    p.write("MESSAGE", "EXPIRED", key, _value(row))


def start_next_buffered(p: Processing, bpmn_process_id: str, correlation_key: str) -> None:
    """An instance started by a message ended: a buffered message with its key may start the next."""
    starts = [
        s
        for s in p.state.tables["subscriptions"].values()
        if s["kind"] == "message_start" and s["bpmnProcessId"] == bpmn_process_id
    ]
    messages = sorted(p.state.tables["messages"].values(), key=lambda r: r["key"])
    for sub in starts:
        for message in messages:
            if (message["name"], message["correlationKey"]) != (sub["name"], correlation_key):
                continue
            if message["deadline"] <= p.now or bpmn_process_id in message["correlated"]:
                continue
            if _start(p, sub, message) is not None:
                message["correlated"] = [*message["correlated"], bpmn_process_id]
                p.state.put("messages", message["key"], message)
                return
