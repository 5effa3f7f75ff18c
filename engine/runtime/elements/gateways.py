"""Gateways: exclusive and inclusive (conditions, default flow), parallel (fork/join), event-based."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import variables as var
from engine.runtime.attachments import open_subscriptions
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

_NO_FLOW = "Expected at least one condition to evaluate to true, or to have a default flow"


def _choose(p: Processing, inst: Row, element: m.Element, first_only: bool) -> list[str]:
    process = p.process_of(inst)
    outgoing = [process.flows[f] for f in element.outgoing]
    if len(outgoing) == 1 and outgoing[0].condition is None:
        return [outgoing[0].id]
    context = var.visible(p, inst)
    chosen = []
    for flow in outgoing:
        if flow.id == element.default_flow or flow.condition is None:
            continue
        if ex.boolean(flow.condition, context):
            chosen.append(flow.id)
            if first_only:
                break
    if not chosen and element.default_flow:
        chosen = [element.default_flow]
    if not chosen:
        raise StepFailure("CONDITION_ERROR", _NO_FLOW)
    return chosen


class ExclusiveGatewayProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        inst["flows"] = _choose(p, inst, element, first_only=True) if element.outgoing else []
        p.activated(inst)
        p.complete(inst)

    def on_complete(self, p: Processing, inst: Row, element: m.Element) -> None:
        process = p.process_of(inst)
        p.completed(inst, tuple(process.flows[f] for f in inst.get("flows", ())))


class InclusiveGatewayProcessor(ExclusiveGatewayProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        inst["flows"] = _choose(p, inst, element, first_only=False) if element.outgoing else []
        p.activated(inst)
        p.complete(inst)


class ParallelGatewayProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        p.activated(inst)
        p.complete(inst)


class EventBasedGatewayProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        process = p.process_of(inst)
        targets = [process.elements[process.flows[f].target] for f in element.outgoing]
        open_subscriptions(p, inst, targets)
        p.activated(inst)

    def on_complete(self, p: Processing, inst: Row, element: m.Element) -> None:
        process = p.process_of(inst)
        chosen = inst.get("chosen") or {}
        flows = tuple(
            process.flows[f] for f in element.outgoing if process.flows[f].target == chosen.get("element")
        )
        trigger = {"variables": chosen.get("variables") or {}}
        p.completed(inst, flows, trigger)


def arrive_at_join(p: Processing, scope: Row, gateway: m.Element, flow: m.SequenceFlow) -> None:
    """A token reaches a joining gateway; it waits there until the gateway can fire."""
    joins = scope.setdefault("joins", {})
    counts = joins.setdefault(gateway.id, {})
    counts[flow.id] = counts.get(flow.id, 0) + 1
    p.save(scope)
    try_fire(p, scope, gateway)


def try_fire(p: Processing, scope: Row, gateway: m.Element) -> None:
    counts = scope.get("joins", {}).get(gateway.id)
    if not counts:
        return
    if gateway.type == m.PARALLEL_GATEWAY:
        if not all(counts.get(f, 0) > 0 for f in gateway.incoming):
            return
        arrived = list(gateway.incoming)
    else:
        waiting_for = [f for f in gateway.incoming if counts.get(f, 0) == 0]
        if waiting_for and _can_still_arrive(p, scope, gateway, waiting_for):
            return
        arrived = [f for f in gateway.incoming if counts.get(f, 0) > 0]
    for f in arrived:
        counts[f] -= 1
        if counts[f] == 0:
            del counts[f]
    if not counts:
        del scope["joins"][gateway.id]
    scope["tokens"] -= len(arrived) - 1
    p.save(scope)
    p.activate(scope, gateway)


def _can_still_arrive(p: Processing, scope: Row, gateway: m.Element, flows: list[str]) -> bool:
    """Whether a live token of the scope can still reach one of ``flows`` (inclusive join)."""
    process = p.process_of(scope)
    if any(f in flows for f in scope.get("inflight", ())):
        return True
    starts: list[str] = [child["elementId"] for child in p.children_of(scope["key"])]
    starts.extend(process.flows[f].target for f in scope.get("inflight", ()))
    for other, counts in scope.get("joins", {}).items():
        if other != gateway.id and counts:
            starts.append(other)
    wanted = {process.flows[f].source for f in flows}
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        eid = stack.pop()
        if eid in seen:
            continue
        seen.add(eid)
        if eid in wanted:
            return True
        element = process.elements.get(eid)
        if element is None:
            continue
        if eid == gateway.id:
            continue
        stack.extend(process.flows[f].target for f in element.outgoing)
        stack.extend(element.boundary_events)
    return False


def recheck_joins(p: Processing, scope: Row) -> None:
    """After a token ends, an inclusive join may no longer need to wait."""
    process = p.process_of(scope)
    for gateway_id in list(scope.get("joins", {})):
        gateway = process.elements[gateway_id]
        if gateway.type == m.INCLUSIVE_GATEWAY:
            try_fire(p, scope, gateway)
