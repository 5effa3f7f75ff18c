"""Deployment validation that needs the whole process, and the list of problems a rejection reports."""

from __future__ import annotations

from collections.abc import Mapping

from engine.bpmn import model as m


class Problems:
    """Every problem found in one resource, rendered as Zeebe renders a deployment rejection."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, where: str, message: str) -> None:
        self.items.append((where, message))

    def render(self, resource_name: str) -> str:
        lines = [f"'{resource_name}':"]
        for where, message in self.items:
            lines.append(f"- Element: {where}")
            lines.append(f"    - ERROR: {message}")
        return "\n".join(lines)


def validate_process(
    root: m.Element,
    elements: Mapping[str, m.Element],
    flows: Mapping[str, m.SequenceFlow],
    link_catches: Mapping[tuple[str | None, str], str],
    problems: Problems,
) -> None:
    """Checks that need the whole process: gateways, event placement, links, start events."""
    for element in elements.values():
        if element.type in m.GATEWAYS and not element.outgoing:
            problems.add(element.id, "Must have at least one outgoing sequence flow")
        if element.default_flow and element.default_flow not in element.outgoing:
            problems.add(element.id, "Default flow must start at the gateway")
        if element.type == m.EXCLUSIVE_GATEWAY and len(element.outgoing) > 1:
            for fid in element.outgoing:
                flow = flows.get(fid)
                if flow and flow.condition is None and fid != element.default_flow:
                    problems.add(fid, "Must have a condition or be default flow")
        if element.type == m.INCLUSIVE_GATEWAY and len(element.outgoing) > 1:
            for fid in element.outgoing:
                flow = flows.get(fid)
                if flow and flow.condition is None and fid != element.default_flow:
                    problems.add(fid, "Must have a condition or be default flow")
        if element.type == m.EVENT_BASED_GATEWAY:
            _validate_event_gateway(element, elements, flows, problems)
        if element.type == m.START_EVENT and element.incoming:
            problems.add(element.id, "Start events must not have incoming sequence flows")
        if element.type == m.BOUNDARY_EVENT and element.incoming:
            problems.add(element.id, "Boundary events must not have incoming sequence flows")
        if element.type == m.END_EVENT and element.outgoing:
            problems.add(element.id, "End events must not have outgoing sequence flows")
        if (
            element.type == m.START_EVENT
            and element.flow_scope == root.id
            and element.event_type not in (m.NONE, m.MESSAGE, m.TIMER, m.SIGNAL)
        ):
            problems.add(element.id, "Start event must be one of: none, timer, message, signal")
        if element.type == m.BOUNDARY_EVENT and element.attached_to:
            host = elements.get(element.attached_to)
            if host is not None and not host.is_activity:
                problems.add(element.id, "Boundary events must be attached to an activity")
        if (
            element.event_type == m.LINK and element.type == m.INTERMEDIATE_THROW_EVENT and element.link_name
        ) and (element.flow_scope, element.link_name) not in link_catches:
            problems.add(
                element.id,
                f"Can't find a catch link event for the throw link event with the name '{element.link_name}'",
            )
    if root.none_start is None and not any(elements[c].type == m.START_EVENT for c in root.children):
        problems.add(root.id, "Must have at least one start event")


def _validate_event_gateway(
    gateway: m.Element,
    elements: Mapping[str, m.Element],
    flows: Mapping[str, m.SequenceFlow],
    problems: Problems,
) -> None:
    if len(gateway.outgoing) < 2:
        problems.add(gateway.id, "Event-based gateway must have at least 2 outgoing sequence flows")
    for fid in gateway.outgoing:
        flow = flows.get(fid)
        target = elements.get(flow.target) if flow else None
        if target is None:
            continue
        ok = (
            target.type == m.INTERMEDIATE_CATCH_EVENT and target.event_type in (m.MESSAGE, m.TIMER, m.SIGNAL)
        ) or (target.type == m.RECEIVE_TASK)
        if not ok:
            problems.add(
                gateway.id,
                "Event-based gateway must not have an outgoing sequence flow to other elements than "
                "message/timer/signal intermediate catch events",
            )
