"""What happens when a timer fires, a message correlates or a signal arrives for a waiting instance.

The owner is the instance holding the subscription; the target is the catch event. Depending on how
they relate, the owner itself completes (intermediate catch event, receive task), an event-based
gateway picks its path, a boundary event interrupts (or not) its activity, or an event sub-process
starts inside its scope (interrupting the rest of the scope, or not).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime.attachments import close_event_subscriptions
from engine.runtime.processing import ACTIVATED

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def trigger_event(p: Processing, owner: Row, target: m.Element, variables: Mapping[str, Any]) -> bool:
    """Deliver an event to ``owner``; False when the owner can no longer take it."""
    if owner["state"] != ACTIVATED or owner.get("interrupted"):
        return False
    element = p.element_of(owner)
    if target.id == element.id and owner["type"] != m.MULTI_INSTANCE_BODY:
        close_event_subscriptions(p, owner)
        owner["result"] = dict(variables)
        p.save(owner)
        p.complete(owner)
        return True
    if element.type == m.EVENT_BASED_GATEWAY:
        close_event_subscriptions(p, owner)
        owner["chosen"] = {"element": target.id, "variables": dict(variables)}
        p.save(owner)
        p.complete(owner)
        return True
    if target.type == m.BOUNDARY_EVENT:
        trigger = {"variables": dict(variables)}
        if target.cancel_activity:
            close_event_subscriptions(p, owner)
            owner["afterTerminate"] = {"do": "activate", "element": target.id, "trigger": trigger}
            p.save(owner)
            p.terminate(owner)
        else:
            scope = p.scope_of(owner)
            if scope is not None:
                p.start_element(scope, target, trigger)
        return True
    if target.type == m.START_EVENT:
        start_event_subprocess(p, owner, target, variables)
        return True
    return False


def start_event_subprocess(p: Processing, scope: Row, start: m.Element, variables: Mapping[str, Any]) -> None:
    """Start the event sub-process whose start event is ``start``, inside ``scope``."""
    process = p.process_of(scope)
    assert start.flow_scope is not None
    esp = process.elements[start.flow_scope]
    trigger = {"variables": dict(variables), "start": start.id}
    if start.cancel_activity:
        close_event_subscriptions(p, scope)
        scope["interrupted"] = True
        scope["onChildrenTerminated"] = {"do": "activate", "element": esp.id, "trigger": trigger}
        p.save(scope)
        p.terminate_children(scope)
        current = p.instance(scope["key"])
        if current is not None and "onChildrenTerminated" in current:
            # nothing was left to terminate: start right away
            action = current.pop("onChildrenTerminated")
            p.save(current)
            if current["tokens"] <= 0:
                p.run_action(current, action)
            else:
                current["onChildrenTerminated"] = action
        return
    p.start_element(scope, esp, trigger)


def start_process_by_event(
    p: Processing, definition: Row, start: m.Element, variables: Mapping[str, Any]
) -> Row:
    """Create a process instance at a message, timer or signal start event."""
    from engine.runtime.elements.containers import create_process_instance

    return create_process_instance(p, definition, dict(variables), start_at=start.id, start_variables=True)
