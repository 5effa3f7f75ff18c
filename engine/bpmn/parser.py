"""Parse BPMN 2.0 XML in the Zeebe dialect into executable :class:`Process` models.

Validation follows Zeebe's deployment checks: every problem is collected with the element it
concerns, and the deployment is rejected with all of them, worded as Zeebe words them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from lxml import etree

from engine.bpmn import model as m
from engine.bpmn.expression import Expression, ExpressionError, compile_expression, compile_feel
from engine.bpmn.timers import TimerValueError, parse_cycle, parse_date, parse_duration

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"
_B = "{" + BPMN_NS + "}"
_Z = "{" + ZEEBE_NS + "}"

USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask"

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
    "standardLoopCharacteristics",
}
_UNSUPPORTED_EVENT_DEFINITIONS = {
    "conditionalEventDefinition",
    "compensateEventDefinition",
    "cancelEventDefinition",
}
_EVENT_DEFINITIONS = {
    "timerEventDefinition": m.TIMER,
    "messageEventDefinition": m.MESSAGE,
    "errorEventDefinition": m.ERROR,
    "escalationEventDefinition": m.ESCALATION,
    "signalEventDefinition": m.SIGNAL,
    "terminateEventDefinition": m.TERMINATE,
    "linkEventDefinition": m.LINK,
}


class BpmnParseError(ValueError):
    """The resource is not a deployable Zeebe process; the message lists every problem found."""


class _Problems:
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


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def parse_bpmn(source: bytes, resource_name: str) -> list[m.Process]:
    """Parse and validate; raises BpmnParseError naming the resource, the element and the reason."""
    try:
        root = etree.fromstring(source, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise BpmnParseError(f"'{resource_name}': is not well-formed XML: {exc}") from exc
    if root.tag != _B + "definitions":
        raise BpmnParseError(f"'{resource_name}': the root element is not bpmn:definitions")
    problems = _Problems()
    parser = _Parser(root, problems)
    processes = parser.parse()
    if not processes and not problems.items:
        problems.add(resource_name, "Must contain at least one executable process")
    if problems.items:
        raise BpmnParseError(problems.render(resource_name))
    return processes


class _Parser:
    def __init__(self, root: Any, problems: _Problems) -> None:
        self.root = root
        self.problems = problems
        self.messages = self._index("message", "name")
        self.errors = self._index("error", "errorCode")
        self.escalations = self._index("escalation", "escalationCode")
        self.signals = self._index("signal", "name")

    def _index(self, tag: str, attribute: str) -> dict[str, str | None]:
        return {el.get("id"): el.get(attribute) for el in self.root.iter(_B + tag)}

    # -- processes -------------------------------------------------------------------------------

    def parse(self) -> list[m.Process]:
        processes = []
        for process_el in self.root.findall(_B + "process"):
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
        version_tag = None
        ext = el.find(_B + "extensionElements")
        if ext is not None:
            tag = ext.find(_Z + "versionTag")
            version_tag = tag.get("value") if tag is not None else None
        root = m.Element(id=pid, type=m.PROCESS, event_type=m.UNSPECIFIED, name=el.get("name"))
        root = self._container(el, root)
        self.elements[pid] = root
        self._link_flows()
        self._validate_process(root)
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
            name = _local(child.tag)
            if not name or name in _IGNORED:
                if name == "sequenceFlow":
                    self._sequence_flow(child)
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
            self.elements[host_id] = replace(host, boundary_events=tuple(boundary_ids))
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
        cond_el = el.find(_B + "conditionExpression")
        if cond_el is not None and (cond_el.text or "").strip():
            condition = self._feel(fid, cond_el.text)
        self.flows[fid] = m.SequenceFlow(
            fid, el.get("sourceRef"), el.get("targetRef"), condition, el.get("name")
        )

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

    # -- flow nodes ------------------------------------------------------------------------------

    def _flow_node(self, el: Any, name: str, scope: str) -> m.Element | None:
        eid = el.get("id")
        element: m.Element | None
        if name in _TASKS:
            element = m.Element(id=eid, type=_TASKS[name], name=el.get("name"), flow_scope=scope)
            element = self._task(el, element)
        elif name in _GATEWAYS:
            element = m.Element(id=eid, type=_GATEWAYS[name], name=el.get("name"), flow_scope=scope)
            element = replace(element, default_flow=el.get("default"))
        elif name in _EVENTS:
            element = self._event(el, _EVENTS[name], scope)
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
        if eid in self.elements:
            self.problems.add(eid, f"Duplicate element id '{eid}'")
        self.elements[eid] = element
        return element

    def _zeebe(self, el: Any, tag: str) -> list[Any]:
        ext = el.find(_B + "extensionElements")
        return [] if ext is None else ext.findall(_Z + tag)

    def _one(self, el: Any, tag: str) -> Any | None:
        found = self._zeebe(el, tag)
        return found[0] if found else None

    def _expr(self, where: str, text: str | None) -> Expression | None:
        try:
            return compile_expression(text)
        except ExpressionError as exc:
            self.problems.add(where, str(exc))
            return None

    def _feel(self, where: str, text: str) -> Expression | None:
        try:
            return compile_feel(text)
        except ExpressionError as exc:
            self.problems.add(where, str(exc))
            return None

    def _common(self, el: Any, element: m.Element) -> m.Element:
        """Extension elements every flow node may carry: I/O mappings, properties, multi-instance."""
        eid = element.id
        inputs: list[m.VariableMapping] = []
        outputs: list[m.VariableMapping] = []
        for io in self._zeebe(el, "ioMapping"):
            for tag, bucket in (("input", inputs), ("output", outputs)):
                for mapping in io.findall(_Z + tag):
                    source, target = mapping.get("source"), mapping.get("target")
                    where = f"{eid} > extensionElements > ioMapping > {tag}"
                    if not target:
                        self.problems.add(where, "Attribute 'target' must be present and not empty")
                        continue
                    expr = self._expr(where, source if source is not None else "=null")
                    if expr is not None:
                        bucket.append(m.VariableMapping(expr, target))
        properties: dict[str, str] = {}
        for props in self._zeebe(el, "properties"):
            for prop in props.findall(_Z + "property"):
                properties[prop.get("name", "")] = prop.get("value", "")
        loop = None
        loop_el = el.find(_B + "multiInstanceLoopCharacteristics")
        if loop_el is not None:
            loop = self._loop(eid, loop_el)
        elif el.find(_B + "standardLoopCharacteristics") is not None:
            self.problems.add(
                eid, "Elements of type 'standardLoopCharacteristics' are currently not supported"
            )
        return replace(
            element,
            inputs=tuple(inputs),
            outputs=tuple(outputs),
            properties=MappingProxyType(properties),
            loop=loop,
        )

    def _loop(self, eid: str, loop_el: Any) -> m.LoopCharacteristics | None:
        where = f"{eid} > multiInstanceLoopCharacteristics"
        ext = loop_el.find(_B + "extensionElements")
        zl = ext.find(_Z + "loopCharacteristics") if ext is not None else None
        if zl is None:
            self.problems.add(where, "Must have exactly one 'zeebe:loopCharacteristics' extension element")
            return None
        collection_text = zl.get("inputCollection")
        if not collection_text:
            self.problems.add(where, "Attribute 'inputCollection' must be present and not empty")
            return None
        collection = self._feel(where, collection_text)
        output_element_text = zl.get("outputElement")
        output_element = self._feel(where, output_element_text) if output_element_text else None
        if zl.get("outputCollection") and not output_element_text:
            self.problems.add(where, "Attribute 'outputElement' must be present if 'outputCollection' is set")
        completion = None
        cond_el = loop_el.find(_B + "completionCondition")
        if cond_el is not None and (cond_el.text or "").strip():
            completion = self._feel(where, cond_el.text)
        if collection is None:
            return None
        return m.LoopCharacteristics(
            sequential=loop_el.get("isSequential", "false") == "true",
            input_collection=collection,
            input_element=zl.get("inputElement") or None,
            output_collection=zl.get("outputCollection") or None,
            output_element=output_element,
            completion_condition=completion,
        )

    def _job(self, el: Any, element: m.Element, required: bool = True) -> m.Element:
        eid = element.id
        definitions = self._zeebe(el, "taskDefinition")
        if len(definitions) != 1:
            if required:
                self.problems.add(
                    f"{eid} > extensionElements",
                    "Must have exactly one 'zeebe:taskDefinition' extension element",
                )
            return element
        definition = definitions[0]
        where = f"{eid} > extensionElements > taskDefinition"
        type_text = definition.get("type")
        if not type_text or not type_text.strip():
            self.problems.add(where, "Attribute 'type' must be present and not empty")
            return element
        job_type = self._expr(where, type_text)
        retries = self._expr(where, definition.get("retries") or "3")
        if retries is not None and retries.is_static and not retries.source.strip().lstrip("-").isdigit():
            self.problems.add(
                where, f"Attribute 'retries' must be a number or an expression, found '{retries.source}'"
            )
        headers: dict[str, str] = {}
        for header_set in self._zeebe(el, "taskHeaders"):
            for header in header_set.findall(_Z + "header"):
                headers[header.get("key", "")] = header.get("value", "")
        if job_type is None or retries is None:
            return element
        return replace(element, job=m.JobDefinition(job_type, retries, MappingProxyType(headers)))

    def _task(self, el: Any, element: m.Element) -> m.Element:
        element = self._common(el, element)
        eid = element.id
        kind = element.type
        if kind in (m.SERVICE_TASK, m.SEND_TASK):
            element = self._job(el, element)
        elif kind == m.SCRIPT_TASK:
            script = self._one(el, "script")
            if script is not None:
                where = f"{eid} > extensionElements > script"
                expression = self._feel(where, script.get("expression") or "")
                result = script.get("resultVariable")
                if not result:
                    self.problems.add(where, "Attribute 'resultVariable' must be present and not empty")
                elif expression is not None:
                    element = replace(element, script=m.Script(expression, result))
            else:
                element = self._job(el, element)
        elif kind == m.BUSINESS_RULE_TASK:
            decision = self._one(el, "calledDecision")
            if decision is not None:
                where = f"{eid} > extensionElements > calledDecision"
                decision_id = self._expr(where, decision.get("decisionId"))
                result = decision.get("resultVariable")
                if decision_id is None or not decision.get("decisionId"):
                    self.problems.add(where, "Attribute 'decisionId' must be present and not empty")
                elif not result:
                    self.problems.add(where, "Attribute 'resultVariable' must be present and not empty")
                else:
                    element = replace(element, called_decision=m.CalledDecision(decision_id, result))
            else:
                element = self._job(el, element)
        elif kind == m.USER_TASK:
            element = self._user_task(el, element)
        elif kind == m.RECEIVE_TASK:
            element = replace(element, message=self._message_ref(el, el.get("messageRef"), eid, catch=True))
        elif kind == m.CALL_ACTIVITY:
            called = self._one(el, "calledElement")
            where = f"{eid} > extensionElements"
            if called is None or not called.get("processId"):
                self.problems.add(where, "Must have exactly one 'zeebe:calledElement' extension element")
            else:
                process_id = self._expr(where + " > calledElement", called.get("processId"))
                if process_id is not None:
                    element = replace(
                        element,
                        called_element=m.CalledElement(
                            process_id,
                            called.get("propagateAllParentVariables", "true") != "false",
                            called.get("propagateAllChildVariables", "true") != "false",
                        ),
                    )
        return element

    def _user_task(self, el: Any, element: m.Element) -> m.Element:
        eid = element.id
        where = f"{eid} > extensionElements"
        native = self._one(el, "userTask") is not None
        assignment = self._one(el, "assignmentDefinition")
        schedule = self._one(el, "taskSchedule")
        priority = self._one(el, "priorityDefinition")
        form = self._one(el, "formDefinition")

        def attr(node: Any, name: str) -> Expression | None:
            if node is None or not node.get(name):
                return None
            return self._expr(f"{where} > {_local(node.tag)}", node.get(name))

        form_key = form.get("formKey") if form is not None else None
        form_id = form.get("formId") if form is not None else None
        definition = m.UserTaskDefinition(
            native=native,
            assignee=attr(assignment, "assignee"),
            candidate_groups=attr(assignment, "candidateGroups"),
            candidate_users=attr(assignment, "candidateUsers"),
            due_date=attr(schedule, "dueDate"),
            follow_up_date=attr(schedule, "followUpDate"),
            priority=attr(priority, "priority"),
            form_key=form_key or None,
            form_id=form_id or None,
            external_reference=attr(form, "externalReference"),
        )
        if (
            form is not None
            and sum(bool(form.get(a)) for a in ("formKey", "formId", "externalReference")) != 1
        ):
            self.problems.add(
                f"{where} > formDefinition",
                "Exactly one of the attributes 'formKey', 'formId' or 'externalReference' must be present",
            )
        element = replace(element, user_task=definition)
        if not native:
            headers = {}
            if form_key:
                headers["io.camunda.zeebe:formKey"] = form_key
            retries = compile_expression("3")
            job_type = compile_expression(USER_TASK_JOB_TYPE)
            assert retries is not None and job_type is not None
            element = replace(element, job=m.JobDefinition(job_type, retries, MappingProxyType(headers)))
        return element

    # -- events ----------------------------------------------------------------------------------

    def _event(self, el: Any, kind: str, scope: str) -> m.Element | None:
        eid = el.get("id")
        element = m.Element(id=eid, type=kind, name=el.get("name"), flow_scope=scope)
        element = self._common(el, element)
        definitions = [d for d in el if _local(d.tag).endswith("EventDefinition")]
        for d in definitions:
            if _local(d.tag) in _UNSUPPORTED_EVENT_DEFINITIONS:
                self.problems.add(eid, f"Elements of type '{_local(d.tag)}' are currently not supported")
                return element
        if len(definitions) > 1:
            self.problems.add(
                eid,
                "Event definition must be one of: message, timer, error, signal, escalation, "
                "terminate, link (found more than one)",
            )
            return element
        event_type = m.NONE if not definitions else _EVENT_DEFINITIONS.get(_local(definitions[0].tag), m.NONE)
        element = replace(element, event_type=event_type)
        if kind == m.BOUNDARY_EVENT:
            element = replace(
                element,
                attached_to=el.get("attachedToRef"),
                cancel_activity=el.get("cancelActivity", "true") != "false",
            )
            if event_type == m.NONE:
                self.problems.add(eid, "Boundary events must have an event definition")
        if kind == m.START_EVENT:
            element = replace(element, cancel_activity=el.get("isInterrupting", "true") != "false")
        if kind == m.INTERMEDIATE_CATCH_EVENT and event_type == m.NONE:
            self.problems.add(eid, "Intermediate catch events must have an event definition")
        if not definitions:
            if kind in (m.END_EVENT, m.INTERMEDIATE_THROW_EVENT):
                element = self._job(el, element, required=False)
            return element
        d = definitions[0]
        catching = kind in (m.START_EVENT, m.INTERMEDIATE_CATCH_EVENT, m.BOUNDARY_EVENT)
        if event_type == m.TIMER:
            nested_start = kind == m.START_EVENT and scope != self.process_id
            element = replace(element, timer=self._timer(eid, d, kind, element.cancel_activity, nested_start))
        elif event_type == m.MESSAGE:
            if catching:
                element = replace(
                    element,
                    message=self._message_ref(
                        el, d.get("messageRef"), eid, catch=kind != m.START_EVENT or scope != self.process_id
                    ),
                )
            else:
                element = self._job(el, element)
        elif event_type == m.ERROR:
            ref = d.get("errorRef")
            code = self.errors.get(ref) if ref else None
            if ref and ref not in self.errors:
                self.problems.add(eid, f"Referenced error '{ref}' does not exist")
            if not catching and not code:
                self.problems.add(eid, "ErrorCode must be present and not empty")
            thrown = self._expr(eid, code) if not catching and code else None
            element = replace(element, error_code=code, thrown_code=thrown)
        elif event_type == m.ESCALATION:
            ref = d.get("escalationRef")
            code = self.escalations.get(ref) if ref else None
            if not catching and not code:
                self.problems.add(eid, "EscalationCode must be present and not empty")
            thrown = self._expr(eid, code) if not catching and code else None
            element = replace(element, escalation_code=code, thrown_code=thrown)
        elif event_type == m.SIGNAL:
            ref = d.get("signalRef")
            name = self.signals.get(ref) if ref else None
            if not name:
                self.problems.add(eid, "Must reference a signal with a non-empty name")
            else:
                element = replace(element, signal_name=self._expr(eid, name))
        elif event_type == m.LINK:
            link_name = d.get("name")
            if not link_name:
                self.problems.add(eid, "Link events must have a name")
            element = replace(element, link_name=link_name)
            if kind == m.INTERMEDIATE_CATCH_EVENT and link_name:
                key = (scope, link_name)
                if key in self.link_catches:
                    self.problems.add(
                        eid,
                        "Multiple intermediate catch link events with the same name "
                        f"'{link_name}' are not allowed",
                    )
                self.link_catches[key] = eid
        return element

    def _timer(
        self, eid: str, d: Any, kind: str, cancel_activity: bool, nested_start: bool
    ) -> m.TimerDefinition | None:
        for tag, timer_kind, check in (
            ("timeDuration", "duration", parse_duration),
            ("timeDate", "date", parse_date),
            ("timeCycle", "cycle", parse_cycle),
        ):
            node = d.find(_B + tag)
            if node is None:
                continue
            text = (node.text or "").strip()
            where = f"{eid}"
            if not text:
                self.problems.add(where, f"Timer {tag} must not be empty")
                return None
            expression = self._expr(where, text)
            if expression is None:
                return None
            if expression.is_static:
                validate: Callable[[str], object] = check
                try:
                    validate(text)
                except TimerValueError as exc:
                    self.problems.add(where, f"Invalid timer {timer_kind} expression ({exc})")
                    return None
            if timer_kind == "cycle" and cancel_activity and (kind == m.BOUNDARY_EVENT or nested_start):
                self.problems.add(where, "Interrupting timer event with time cycle is not allowed")
            if timer_kind == "cycle" and kind == m.INTERMEDIATE_CATCH_EVENT:
                self.problems.add(where, "Intermediate timer catch events must not have a time cycle")
            return m.TimerDefinition(timer_kind, expression)
        self.problems.add(eid, "Must have exactly one of timeDuration, timeDate or timeCycle")
        return None

    def _message_ref(self, el: Any, ref: str | None, eid: str, catch: bool) -> m.MessageDefinition | None:
        if not ref or ref not in self.messages:
            self.problems.add(
                eid, "Must reference a message" if not ref else f"Referenced message '{ref}' does not exist"
            )
            return None
        name_text = self.messages[ref]
        if not name_text:
            self.problems.add(ref, "Name must be present and not empty")
            return None
        name = self._expr(eid, name_text)
        correlation = None
        if catch:
            subscription = self._one(el, "subscription")
            if subscription is None:
                # Zeebe puts the subscription on the message element itself.
                message_el = self.root.find(f".//{_B}message[@id='{ref}']")
                if message_el is not None:
                    subscription = self._one(message_el, "subscription")
            if subscription is None or not subscription.get("correlationKey"):
                self.problems.add(
                    f"{ref} > extensionElements",
                    "Must have exactly one 'zeebe:subscription' extension element",
                )
                return None
            correlation = self._expr(
                f"{ref} > extensionElements > subscription", subscription.get("correlationKey")
            )
        if name is None:
            return None
        return m.MessageDefinition(name, correlation)

    # -- whole-process checks --------------------------------------------------------------------

    def _validate_process(self, root: m.Element) -> None:
        for element in self.elements.values():
            if element.type in m.GATEWAYS and not element.outgoing:
                self.problems.add(element.id, "Must have at least one outgoing sequence flow")
            if element.default_flow and element.default_flow not in element.outgoing:
                self.problems.add(element.id, "Default flow must start at the gateway")
            if element.type == m.EXCLUSIVE_GATEWAY and len(element.outgoing) > 1:
                for fid in element.outgoing:
                    flow = self.flows.get(fid)
                    if flow and flow.condition is None and fid != element.default_flow:
                        self.problems.add(fid, "Must have a condition or be default flow")
            if element.type == m.INCLUSIVE_GATEWAY and len(element.outgoing) > 1:
                for fid in element.outgoing:
                    flow = self.flows.get(fid)
                    if flow and flow.condition is None and fid != element.default_flow:
                        self.problems.add(fid, "Must have a condition or be default flow")
            if element.type == m.EVENT_BASED_GATEWAY:
                self._validate_event_gateway(element)
            if element.type == m.START_EVENT and element.incoming:
                self.problems.add(element.id, "Start events must not have incoming sequence flows")
            if element.type == m.BOUNDARY_EVENT and element.incoming:
                self.problems.add(element.id, "Boundary events must not have incoming sequence flows")
            if element.type == m.END_EVENT and element.outgoing:
                self.problems.add(element.id, "End events must not have outgoing sequence flows")
            if (
                element.type == m.START_EVENT
                and element.flow_scope == root.id
                and element.event_type not in (m.NONE, m.MESSAGE, m.TIMER, m.SIGNAL)
            ):
                self.problems.add(element.id, "Start event must be one of: none, timer, message, signal")
            if element.type == m.BOUNDARY_EVENT and element.attached_to:
                host = self.elements.get(element.attached_to)
                if host is not None and not host.is_activity:
                    self.problems.add(element.id, "Boundary events must be attached to an activity")
            if (
                element.event_type == m.LINK
                and element.type == m.INTERMEDIATE_THROW_EVENT
                and element.link_name
            ) and (element.flow_scope, element.link_name) not in self.link_catches:
                self.problems.add(
                    element.id,
                    "Can't find a catch link event for the throw link event with the "
                    f"name '{element.link_name}'",
                )
        if root.none_start is None and not any(self.elements[c].type == m.START_EVENT for c in root.children):
            self.problems.add(root.id, "Must have at least one start event")

    def _validate_event_gateway(self, gateway: m.Element) -> None:
        if len(gateway.outgoing) < 2:
            self.problems.add(gateway.id, "Event-based gateway must have at least 2 outgoing sequence flows")
        for fid in gateway.outgoing:
            flow = self.flows.get(fid)
            target = self.elements.get(flow.target) if flow else None
            if target is None:
                continue
            ok = (
                target.type == m.INTERMEDIATE_CATCH_EVENT
                and target.event_type in (m.MESSAGE, m.TIMER, m.SIGNAL)
            ) or (target.type == m.RECEIVE_TASK)
            if not ok:
                self.problems.add(
                    gateway.id,
                    "Event-based gateway must not have an outgoing sequence flow to other elements than "
                    "message/timer/signal intermediate catch events",
                )
