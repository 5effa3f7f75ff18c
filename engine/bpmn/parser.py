"""Parse BPMN 2.0 XML in the Zeebe dialect into executable :class:`Process` models.

Validation follows Zeebe's deployment checks: every problem is collected with the element it
concerns, and the deployment is rejected with all of them, worded as Zeebe words them.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from lxml import etree

from engine.bpmn import model as m
from engine.bpmn.parsing_base import B, Z, local_name
from engine.bpmn.parsing_events import EventParsing
from engine.bpmn.parsing_tasks import TaskParsing
from engine.bpmn.validation import Problems, validate_process

_TASKS = {
    "serviceTask": m.SERVICE_TASK,
    "sendTask": m.SEND_TASK,
    "scriptTask": m.SCRIPT_TASK,
    "businessRuleTask": m.BUSINESS_RULE_TASK,
    "userTask": m.USER_TASK,
    "receiveTask": m.RECEIVE_TASK,
    "manualTask": m.MANUAL_TASK,
    "task": m.TASK,
    "callActivity": m.CALL_ACTIVITY,
}
_GATEWAYS = {
    "exclusiveGateway": m.EXCLUSIVE_GATEWAY,
    "parallelGateway": m.PARALLEL_GATEWAY,
    "inclusiveGateway": m.INCLUSIVE_GATEWAY,
    "eventBasedGateway": m.EVENT_BASED_GATEWAY,
}
_EVENTS = {
    "startEvent": m.START_EVENT,
    "endEvent": m.END_EVENT,
    "intermediateCatchEvent": m.INTERMEDIATE_CATCH_EVENT,
    "intermediateThrowEvent": m.INTERMEDIATE_THROW_EVENT,
    "boundaryEvent": m.BOUNDARY_EVENT,
}
_IGNORED = {
    "sequenceFlow",
    "textAnnotation",
    "association",
    "dataObject",
    "dataObjectReference",
    "dataStoreReference",
    "laneSet",
    "extensionElements",
    "documentation",
    "ioSpecification",
    "property",
    "dataInputAssociation",
    "dataOutputAssociation",
    "group",
    "incoming",
    "outgoing",
    "category",
    "multiInstanceLoopCharacteristics",
    "completionCondition",
    "standardLoopCharacteristics",
}


class BpmnParseError(ValueError):
    """The resource is not a deployable Zeebe process; the message lists every problem found."""


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def parse_bpmn(source: bytes, resource_name: str) -> list[m.Process]:
    """Parse and validate; raises BpmnParseError naming the resource, the element and the reason."""
    try:
        root = etree.fromstring(source, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise BpmnParseError(f"'{resource_name}': is not well-formed XML: {exc}") from exc
    if root.tag != B + "definitions":
        raise BpmnParseError(f"'{resource_name}': the root element is not bpmn:definitions")
    problems = Problems()
    parser = _Parser(root, problems)
    processes = parser.parse()
    if not processes and not problems.items:
        problems.add(resource_name, "Must contain at least one executable process")
    if problems.items:
        raise BpmnParseError(problems.render(resource_name))
    return processes


class _Parser(TaskParsing, EventParsing):
    def parse(self) -> list[m.Process]:
        processes = []
        for process_el in self.root.findall(B + "process"):
            if process_el.get("isExecutable", "false") != "true":
                continue
            process = self._process(process_el)
            if process is not None:
                processes.append(process)
        return processes

    def _process(self, el: Any) -> m.Process | None:
        pid = el.get("id")
        self.process_id = pid
        self.elements: dict[str, m.Element] = {}
        self.flows: dict[str, m.SequenceFlow] = {}
        self.link_catches: dict[tuple[str | None, str], str] = {}
        self.associations: list[tuple[str | None, str | None]] = []
        version_tag = None
        ext = el.find(B + "extensionElements")
        if ext is not None:
            tag = ext.find(Z + "versionTag")
            version_tag = tag.get("value") if tag is not None else None
        root = m.Element(
            id=pid,
            type=m.PROCESS,
            event_type=m.UNSPECIFIED,
            name=el.get("name"),
            listeners=self._listeners(el, pid),
        )
        root = self._container(el, root)
        if pid in self.elements:
            # ids are XML ids, unique in the document; the process would hide the element
            self.problems.add(pid, f"Duplicate element id '{pid}': the process has the same id")
        self.elements[pid] = root
        self._link_flows()
        self._link_compensation_handlers()
        validate_process(root, self.elements, self.flows, self.link_catches, self.problems)
        starts = [self.elements[c] for c in root.children if self.elements[c].type == m.START_EVENT]
        return m.Process(
            id=pid,
            name=el.get("name"),
            elements=MappingProxyType(dict(self.elements)),
            flows=MappingProxyType(dict(self.flows)),
            version_tag=version_tag,
            message_starts=tuple(s.id for s in starts if s.event_type == m.MESSAGE),
            timer_starts=tuple(s.id for s in starts if s.event_type == m.TIMER),
            signal_starts=tuple(s.id for s in starts if s.event_type == m.SIGNAL),
            link_catches=MappingProxyType(dict(self.link_catches)),
        )

    def _container(self, el: Any, container: m.Element) -> m.Element:
        """Parse the children of a process or sub-process and attach them to the container."""
        children: list[str] = []
        event_subprocesses: list[str] = []
        none_starts: list[str] = []
        boundaries: dict[str, list[str]] = {}
        for child in el:
            name = local_name(child.tag)
            if not name or name in _IGNORED:
                if name == "sequenceFlow":
                    self._sequence_flow(child)
                elif name == "association":
                    self.associations.append((child.get("sourceRef"), child.get("targetRef")))
                continue
            element = self._flow_node(child, name, container.id)
            if element is None:
                continue
            children.append(element.id)
            if element.type == m.EVENT_SUB_PROCESS:
                event_subprocesses.append(element.id)
            if element.type == m.START_EVENT and element.event_type == m.NONE:
                none_starts.append(element.id)
            if element.attached_to:
                boundaries.setdefault(element.attached_to, []).append(element.id)
        for host_id, boundary_ids in boundaries.items():
            host = self.elements.get(host_id)
            if host is None:
                self.problems.add(boundary_ids[0], f"Attached to unknown element '{host_id}'")
                continue
            compensation = [b for b in boundary_ids if self.elements[b].event_type == m.COMPENSATION]
            self.elements[host_id] = replace(
                host,
                boundary_events=tuple(b for b in boundary_ids if b not in compensation),
                compensation_boundary=compensation[0] if compensation else None,
            )
        if container.type in (m.PROCESS, m.SUB_PROCESS) and len(none_starts) > 1:
            self.problems.add(container.id, "Multiple none start events are not allowed")
        if container.type == m.SUB_PROCESS:
            starts = [c for c in children if self.elements[c].type == m.START_EVENT]
            if len(starts) != 1 or not none_starts:
                self.problems.add(container.id, "Must have exactly one start event")
        if container.type == m.EVENT_SUB_PROCESS:
            starts = [c for c in children if self.elements[c].type == m.START_EVENT]
            if len(starts) != 1:
                self.problems.add(container.id, "Must have exactly one start event")
            elif none_starts:
                self.problems.add(
                    starts[0],
                    "Start events in event sub processes must be of type message, "
                    "timer, error, escalation or signal",
                )
        return replace(
            container,
            children=tuple(children),
            event_subprocesses=tuple(event_subprocesses),
            none_start=none_starts[0] if none_starts else None,
        )

    def _sequence_flow(self, el: Any) -> None:
        fid = el.get("id")
        condition = None
        cond_el = el.find(B + "conditionExpression")
        if cond_el is not None and (cond_el.text or "").strip():
            condition = self._feel(fid, cond_el.text)
        self.flows[fid] = m.SequenceFlow(
            fid, el.get("sourceRef"), el.get("targetRef"), condition, el.get("name")
        )

    def _link_compensation_handlers(self) -> None:
        for source, target in self.associations:
            boundary = self.elements.get(source or "")
            handler = self.elements.get(target or "")
            if boundary is None or handler is None or boundary.event_type != m.COMPENSATION:
                continue
            if not handler.for_compensation:
                self.problems.add(handler.id, "A compensation handler must be marked 'isForCompensation'")
            self.elements[boundary.id] = replace(boundary, compensation_handler=handler.id)
        for element in self.elements.values():
            if element.type == m.BOUNDARY_EVENT and element.event_type == m.COMPENSATION:
                if element.compensation_handler is None:
                    self.problems.add(
                        element.id, "Compensation boundary events must have a compensation handler"
                    )
                if element.outgoing:
                    self.problems.add(
                        element.id, "Compensation boundary events must not have outgoing sequence flows"
                    )
            if element.for_compensation and (element.incoming or element.outgoing):
                self.problems.add(element.id, "A compensation handler must not have sequence flows")

    def _link_flows(self) -> None:
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for flow in self.flows.values():
            if flow.source not in self.elements:
                self.problems.add(flow.id, f"Sequence flow source '{flow.source}' does not exist")
            if flow.target not in self.elements:
                self.problems.add(flow.id, f"Sequence flow target '{flow.target}' does not exist")
            outgoing.setdefault(flow.source, []).append(flow.id)
            incoming.setdefault(flow.target, []).append(flow.id)
        for eid, element in list(self.elements.items()):
            if eid in incoming or eid in outgoing:
                self.elements[eid] = replace(
                    element, incoming=tuple(incoming.get(eid, ())), outgoing=tuple(outgoing.get(eid, ()))
                )

    def _flow_node(self, el: Any, name: str, scope: str) -> m.Element | None:
        eid = el.get("id")
        element: m.Element | None
        if name in _TASKS:
            element = m.Element(
                id=eid,
                type=_TASKS[name],
                name=el.get("name"),
                flow_scope=scope,
                for_compensation=el.get("isForCompensation", "false") == "true",
            )
            element = self._task(el, element)
        elif name in _GATEWAYS:
            element = m.Element(id=eid, type=_GATEWAYS[name], name=el.get("name"), flow_scope=scope)
            element = replace(element, default_flow=el.get("default"))
        elif name in _EVENTS:
            element = self._event(el, _EVENTS[name], scope)
        elif name == "adHocSubProcess":
            element = self._ad_hoc(
                el, m.Element(id=eid, type=m.AD_HOC_SUB_PROCESS, name=el.get("name"), flow_scope=scope)
            )
        elif name == "subProcess":
            triggered = el.get("triggeredByEvent", "false") == "true"
            element = m.Element(
                id=eid,
                type=m.EVENT_SUB_PROCESS if triggered else m.SUB_PROCESS,
                name=el.get("name"),
                flow_scope=scope,
            )
            element = self._container(el, element)
            element = self._common(el, element)
        else:
            self.problems.add(eid or name, f"Elements of type '{name}' are currently not supported")
            return None
        if element is None:
            return None
        element = replace(element, listeners=self._listeners(el, eid))
        if eid in self.elements:
            self.problems.add(eid, f"Duplicate element id '{eid}'")
        self.elements[eid] = element
        return element

    def _ad_hoc(self, el: Any, element: m.Element) -> m.Element:
        element = self._common(el, self._container(el, element))
        eid = element.id
        ad_hoc = self._one(el, "adHoc")
        collection = ad_hoc.get("activeElementsCollection") if ad_hoc is not None else None
        condition_el = el.find(B + "completionCondition")
        condition_text = (condition_el.text or "").strip() if condition_el is not None else ""
        inner = [self.elements[c] for c in element.children]
        if any(c.type in (m.START_EVENT, m.END_EVENT) for c in inner):
            self.problems.add(eid, "Must not contain start or end events")
        if not any(c.is_activity for c in inner):
            self.problems.add(eid, "Must contain at least one activity")
        return replace(
            element,
            active_elements=self._feel(f"{eid} > extensionElements > adHoc", collection)
            if collection
            else None,
            completion_condition=self._feel(eid, condition_text) if condition_text else None,
            cancel_remaining=el.get("cancelRemainingInstances", "true") != "false",
        )
