"""Thrown BPMN errors and escalations, caught by the nearest matching catch event up the scopes.

From the throwing instance upwards, each level is searched: event sub-processes inside a scope come
before the boundary events of the activity that is the scope; from a called process the search goes
on at the call activity in the parent instance. A catch event with the thrown code wins over a
catch-all one (no code) at the same level. An uncaught error becomes an incident at the thrower; an
uncaught escalation is simply dropped, as in Zeebe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime.triggers import start_event_subprocess

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def _levels(p: Processing, thrower: Row) -> Iterator[Row]:
    current: Row | None = thrower
    while current is not None:
        yield current
        parent = p.scope_of(current)
        if parent is None and current["v"]["parentElementInstanceKey"] > 0:
            parent = p.instance(current["v"]["parentElementInstanceKey"])
        current = parent


def _find(p: Processing, thrower: Row, event_type: str, code: str) -> tuple[Row, m.Element] | None:
    def matches(candidates: list[m.Element]) -> m.Element | None:
        exact = [c for c in candidates if _code(c) == code]
        if exact:
            return exact[0]
        catch_all = [c for c in candidates if _code(c) is None]
        return catch_all[0] if catch_all else None

    for inst in _levels(p, thrower):
        process = p.process_of(inst)
        element = process.elements[inst["elementId"]]
        if inst["type"] in m.CONTAINERS and not inst.get("interrupted"):
            starts = []
            for esp_id in element.event_subprocesses:
                esp = process.elements[esp_id]
                for child in esp.children:
                    start = process.elements[child]
                    if start.type == m.START_EVENT and start.event_type == event_type:
                        starts.append(start)
            found = matches(starts)
            if found is not None:
                return inst, found
        inner = element.loop is not None and inst["type"] != m.MULTI_INSTANCE_BODY
        if not inner and element.boundary_events:
            boundaries = [process.elements[b] for b in element.boundary_events]
            found = matches([b for b in boundaries if b.event_type == event_type])
            if found is not None:
                return inst, found
    return None


def _code(element: m.Element) -> str | None:
    return element.error_code if element.event_type == m.ERROR else element.escalation_code


def throw_error(p: Processing, thrower: Row, code: str, message: str, variables: dict[str, Any]) -> bool:
    found = _find(p, thrower, m.ERROR, code)
    if found is None:
        return False
    _catch(p, found[0], found[1], variables)
    return True


def throw_escalation(p: Processing, thrower: Row, code: str) -> str:
    """'interrupted' when an interrupting catch event took over, 'continued' otherwise."""
    found = _find(p, thrower, m.ESCALATION, code)
    value = {
        "processInstanceKey": thrower["processInstanceKey"],
        "escalationCode": code,
        "throwElementId": thrower["elementId"],
        "catchElementId": found[1].id if found else "",
        "tenantId": "<default>",
    }
    p.write("ESCALATION", "ESCALATED" if found else "NOT_ESCALATED", p.new_key(), value)
    if found is None:
        return "continued"
    owner, catch = found
    _catch(p, owner, catch, {})
    return "interrupted" if catch.cancel_activity else "continued"


def _catch(p: Processing, owner: Row, catch: m.Element, variables: dict[str, Any]) -> None:
    trigger = {"variables": variables}
    if catch.type == m.BOUNDARY_EVENT:
        if catch.cancel_activity:
            from engine.runtime.attachments import close_event_subscriptions

            close_event_subscriptions(p, owner)
            owner["afterTerminate"] = {"do": "activate", "element": catch.id, "trigger": trigger}
            p.save(owner)
            p.terminate(owner)
        else:
            scope = p.scope_of(owner)
            if scope is not None:
                p.start_element(scope, catch, trigger)
        return
    start_event_subprocess(p, owner, catch, variables)
