"""A fluent builder for small Zeebe-dialect BPMN diagrams, the Python counterpart of Zeebe's
``Bpmn.createExecutableProcess()``: one line of code per element keeps hundreds of tests short.

    xml = (
        process("order")
        .start_event("start")
        .exclusive_gateway("gw")
        .flow(condition="= amount > 100")
        .service_task("review", job_type="review")
        .end_event("reviewed")
        .move_to("gw")
        .flow(default=True)
        .end_event("skipped")
        .to_xml()
    )

Each element method adds the element to the current scope and, unless it is the first element or
an event subprocess, a sequence flow from the element the cursor is on. ``flow()`` shapes the next
sequence flow (id, condition, default), ``move_to()`` moves the cursor, ``connect_to()`` joins the
cursor to an existing element. Subprocesses take a callable that builds their inside.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from engine.testing.events import (
    ErrorDefinition,
    EscalationDefinition,
    EventDefinition,
    LinkDefinition,
    MessageDefinition,
    SignalDefinition,
    TerminateDefinition,
    TimerDefinition,
)

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
MODELER_NS = "http://camunda.org/schema/modeler/1.0"

for _prefix, _uri in (
    ("bpmn", BPMN_NS),
    ("bpmndi", BPMNDI_NS),
    ("dc", DC_NS),
    ("di", DI_NS),
    ("zeebe", ZEEBE_NS),
    ("xsi", XSI_NS),
    ("modeler", MODELER_NS),
):
    ET.register_namespace(_prefix, _uri)


def _b(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def _z(tag: str) -> str:
    return f"{{{ZEEBE_NS}}}{tag}"


@dataclass(frozen=True)
class MultiInstance:
    """``multiInstanceLoopCharacteristics`` with Zeebe's ``zeebe:loopCharacteristics``."""

    input_collection: str
    input_element: str | None = None
    sequential: bool = False
    output_collection: str | None = None
    output_element: str | None = None
    completion_condition: str | None = None


class ElementOptions(TypedDict, total=False):
    """Options every element method takes; io mappings are ``{target: source}``."""

    name: str
    inputs: Mapping[str, str] | Sequence[tuple[str, str]]
    outputs: Mapping[str, str] | Sequence[tuple[str, str]]
    multi_instance: MultiInstance
    properties: Mapping[str, str]


@dataclass
class _Node:
    kind: str  # the BPMN tag, e.g. "serviceTask"
    id: str
    name: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    extensions: list[ET.Element] = field(default_factory=list)
    event: EventDefinition | None = None
    multi_instance: MultiInstance | None = None
    default_flow: str | None = None
    scope: _Scope | None = None  # the inside of a subprocess


@dataclass
class _Flow:
    id: str
    source: str
    target: str
    condition: str | None = None


@dataclass
class _Scope:
    nodes: list[_Node] = field(default_factory=list)
    flows: list[_Flow] = field(default_factory=list)


@dataclass
class _PendingFlow:
    id: str | None = None
    condition: str | None = None
    default: bool = False


class _Definitions:
    """Root-level elements shared by every scope of one diagram: messages, errors, signals..."""

    def __init__(self) -> None:
        self.messages: dict[tuple[str, str | None], str] = {}
        self.errors: dict[str, str] = {}
        self.escalations: dict[str, str] = {}
        self.signals: dict[str, str] = {}
        self.ids = itertools.count(1)
        self.all_ids: set[str] = set()

    def fresh_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}_{next(self.ids)}"
            if candidate not in self.all_ids:
                self.all_ids.add(candidate)
                return candidate

    def claim(self, element_id: str) -> str:
        if element_id in self.all_ids:
            raise ValueError(f"duplicate element id {element_id!r} in the diagram being built")
        self.all_ids.add(element_id)
        return element_id


class ProcessBuilder:
    """Builds one executable process; see the module docstring for the idea."""

    def __init__(
        self,
        process_id: str,
        *,
        name: str | None = None,
        version_tag: str | None = None,
        executable: bool = True,
        _scope: _Scope | None = None,
        _definitions: _Definitions | None = None,
    ) -> None:
        self.process_id = process_id
        self._name = name
        self._version_tag = version_tag
        self._executable = executable
        self._scope = _scope if _scope is not None else _Scope()
        self._defs = _definitions if _definitions is not None else _Definitions()
        if _definitions is None:
            self._defs.claim(process_id)
        self._cursor: str | None = None
        self._pending = _PendingFlow()
        self._extra_processes: list[ProcessBuilder] = []

    # ------------------------------------------------------------------ cursor and flows
    def flow(
        self, id: str | None = None, *, condition: str | None = None, default: bool = False
    ) -> ProcessBuilder:
        """Shape the next sequence flow out of the cursor: its id, FEEL condition, default marker."""
        self._pending = _PendingFlow(id, condition, default)
        return self

    def move_to(self, element_id: str) -> ProcessBuilder:
        self._node(element_id)
        self._cursor = element_id
        return self

    def begin_path(self) -> ProcessBuilder:
        """The next element starts a new, unconnected path (e.g. a link catch event)."""
        self._cursor = None
        self._pending = _PendingFlow()
        return self

    def connect_to(self, element_id: str) -> ProcessBuilder:
        """Add a sequence flow from the cursor to an element that already exists."""
        self._node(element_id)
        self._connect(element_id)
        self._cursor = element_id
        return self

    # ------------------------------------------------------------------ events
    def start_event(
        self,
        id: str | None = None,
        event: EventDefinition | None = None,
        *,
        interrupting: bool = True,
        **io: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        node = self._add("startEvent", id, event=event, connect=False, **io)
        if not interrupting:
            node.attributes["isInterrupting"] = "false"
        return self

    def end_event(
        self,
        id: str | None = None,
        event: EventDefinition | None = None,
        *,
        job_type: str | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        return self._event("endEvent", id, event, job_type, **options)

    def intermediate_catch_event(
        self, id: str | None = None, event: EventDefinition | None = None, **options: Unpack[ElementOptions]
    ) -> ProcessBuilder:
        return self._event("intermediateCatchEvent", id, event, None, **options)

    def intermediate_throw_event(
        self,
        id: str | None = None,
        event: EventDefinition | None = None,
        *,
        job_type: str | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        return self._event("intermediateThrowEvent", id, event, job_type, **options)

    def boundary_event(
        self,
        id: str | None,
        event: EventDefinition,
        *,
        attached_to: str | None = None,
        interrupting: bool = True,
        **io: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        """A boundary event on ``attached_to`` (default: the cursor); the cursor moves to it."""
        host = attached_to if attached_to is not None else self._cursor
        if host is None:
            raise ValueError("boundary_event needs an activity to attach to")
        self._node(host)
        node = self._add("boundaryEvent", id, event=event, connect=False, **io)
        node.attributes["attachedToRef"] = host
        if not interrupting:
            node.attributes["cancelActivity"] = "false"
        return self

    def _event(
        self,
        kind: str,
        id: str | None,
        event: EventDefinition | None,
        job_type: str | None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        node = self._add(kind, id, event=event, **options)
        if job_type is not None:
            node.extensions.insert(0, _task_definition(job_type, None))
        return self

    # ------------------------------------------------------------------ tasks
    def service_task(
        self,
        id: str | None = None,
        *,
        job_type: str | None = None,
        retries: str | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        return self._job_task("serviceTask", id, job_type, retries, headers, **options)

    def send_task(
        self,
        id: str | None = None,
        *,
        job_type: str | None = None,
        retries: str | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        return self._job_task("sendTask", id, job_type, retries, None, **options)

    def _job_task(
        self,
        kind: str,
        id: str | None,
        job_type: str | None,
        retries: str | None,
        headers: Mapping[str, str] | None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        node = self._add(kind, id, **options)
        extensions: list[ET.Element] = []
        if job_type is not None:
            extensions.append(_task_definition(job_type, retries))
        if headers:
            extensions.append(_task_headers(headers))
        node.extensions[0:0] = extensions
        return self

    def user_task(
        self,
        id: str | None = None,
        *,
        assignee: str | None = None,
        candidate_groups: str | None = None,
        candidate_users: str | None = None,
        due_date: str | None = None,
        follow_up_date: str | None = None,
        form_id: str | None = None,
        external_reference: str | None = None,
        priority: str | None = None,
        headers: Mapping[str, str] | None = None,
        job_worker: bool = False,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        """A Camunda user task (``zeebe:userTask``), the 8.8 default implementation; with
        ``job_worker=True`` the older job-worker implementation (no ``zeebe:userTask``)."""
        node = self._add("userTask", id, **options)
        ext: list[ET.Element] = [] if job_worker else [ET.Element(_z("userTask"))]
        if form_id is not None or external_reference is not None:
            form = ET.Element(_z("formDefinition"))
            if form_id is not None:
                form.set("formId", form_id)
            if external_reference is not None:
                form.set("externalReference", external_reference)
            ext.append(form)
        assignment = {
            "assignee": assignee,
            "candidateGroups": candidate_groups,
            "candidateUsers": candidate_users,
        }
        if any(v is not None for v in assignment.values()):
            ext.append(_element(_z("assignmentDefinition"), assignment))
        schedule = {"dueDate": due_date, "followUpDate": follow_up_date}
        if any(v is not None for v in schedule.values()):
            ext.append(_element(_z("taskSchedule"), schedule))
        if priority is not None:
            ext.append(_element(_z("priorityDefinition"), {"priority": priority}))
        if headers:
            ext.append(_task_headers(headers))
        node.extensions[0:0] = ext
        return self

    def receive_task(
        self, id: str | None = None, *, message: MessageDefinition, **options: Unpack[ElementOptions]
    ) -> ProcessBuilder:
        node = self._add("receiveTask", id, **options)
        node.attributes["messageRef"] = self._message_ref(message)
        return self

    def script_task(
        self,
        id: str | None = None,
        *,
        expression: str | None = None,
        result_variable: str | None = None,
        job_type: str | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        node = self._add("scriptTask", id, **options)
        if job_type is not None:
            node.extensions.insert(0, _task_definition(job_type, None))
        elif expression is not None:
            script = {"expression": expression, "resultVariable": result_variable}
            node.extensions.insert(0, _element(_z("script"), script))
        return self

    def business_rule_task(
        self,
        id: str | None = None,
        *,
        decision_id: str | None = None,
        result_variable: str | None = None,
        job_type: str | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        node = self._add("businessRuleTask", id, **options)
        if job_type is not None:
            node.extensions.insert(0, _task_definition(job_type, None))
        elif decision_id is not None:
            called = {"decisionId": decision_id, "resultVariable": result_variable}
            node.extensions.insert(0, _element(_z("calledDecision"), called))
        return self

    def manual_task(self, id: str | None = None, **options: Unpack[ElementOptions]) -> ProcessBuilder:
        self._add("manualTask", id, **options)
        return self

    def task(self, id: str | None = None, **options: Unpack[ElementOptions]) -> ProcessBuilder:
        """An undefined task: Zeebe passes through it like a manual task."""
        self._add("task", id, **options)
        return self

    # ------------------------------------------------------------------ gateways
    def exclusive_gateway(self, id: str | None = None, **options: Unpack[ElementOptions]) -> ProcessBuilder:
        self._add("exclusiveGateway", id, **options)
        return self

    def parallel_gateway(self, id: str | None = None, **options: Unpack[ElementOptions]) -> ProcessBuilder:
        self._add("parallelGateway", id, **options)
        return self

    def inclusive_gateway(self, id: str | None = None, **options: Unpack[ElementOptions]) -> ProcessBuilder:
        self._add("inclusiveGateway", id, **options)
        return self

    def event_based_gateway(self, id: str | None = None, **options: Unpack[ElementOptions]) -> ProcessBuilder:
        self._add("eventBasedGateway", id, **options)
        return self

    # ------------------------------------------------------------------ containers
    def sub_process(
        self, id: str | None, build: Callable[[ProcessBuilder], object], **options: Unpack[ElementOptions]
    ) -> ProcessBuilder:
        node = self._add("subProcess", id, **options)
        node.scope = self._inner(build)
        return self

    def event_sub_process(self, id: str | None, build: Callable[[ProcessBuilder], object]) -> ProcessBuilder:
        """An event subprocess in the current scope; it has no sequence flows and the cursor stays."""
        cursor = self._cursor
        node = self._add("subProcess", id, connect=False)
        node.attributes["triggeredByEvent"] = "true"
        node.scope = self._inner(build)
        self._cursor = cursor
        return self

    def call_activity(
        self,
        id: str | None = None,
        *,
        process_id: str,
        propagate_all_child_variables: bool | None = None,
        propagate_all_parent_variables: bool | None = None,
        **options: Unpack[ElementOptions],
    ) -> ProcessBuilder:
        node = self._add("callActivity", id, **options)
        called = {
            "processId": process_id,
            "propagateAllChildVariables": _bool(propagate_all_child_variables),
            "propagateAllParentVariables": _bool(propagate_all_parent_variables),
        }
        node.extensions.insert(0, _element(_z("calledElement"), called))
        return self

    def also(self, other: ProcessBuilder) -> ProcessBuilder:
        """Put another process into the same resource (a file may hold several processes)."""
        self._extra_processes.append(other)
        return self

    # ------------------------------------------------------------------ output
    def to_xml(self, *, layout: bool = False) -> bytes:
        root = ET.Element(
            _b("definitions"),
            {
                "id": f"Definitions_{self.process_id}",
                "targetNamespace": "http://bpmn.io/schema/bpmn",
                f"{{{MODELER_NS}}}executionPlatform": "Camunda Cloud",
                f"{{{MODELER_NS}}}executionPlatformVersion": "8.8.0",
            },
        )
        processes: list[ProcessBuilder] = [self, *self._extra_processes]
        for builder in processes:
            root.append(builder._process_element())
        for builder in processes:
            for element in builder._root_elements():
                root.append(element)
        if layout:
            for builder in processes:
                root.append(_diagram(builder))
        ET.indent(root)
        body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return body

    def resource(self, *, layout: bool = False) -> tuple[str, bytes]:
        """``(resource name, bytes)`` as ``Engine.deploy`` takes it."""
        return f"{self.process_id}.bpmn", self.to_xml(layout=layout)

    # ------------------------------------------------------------------ internals
    def _inner(self, build: Callable[[ProcessBuilder], object]) -> _Scope:
        inner = ProcessBuilder(self.process_id, _scope=_Scope(), _definitions=self._defs)
        build(inner)
        return inner._scope

    def _node(self, element_id: str) -> _Node:
        for node in _walk(self._scope):
            if node.id == element_id:
                return node
        raise KeyError(f"no element {element_id!r} in this scope of process {self.process_id!r}")

    def _add(
        self,
        kind: str,
        id: str | None,
        *,
        event: EventDefinition | None = None,
        connect: bool = True,
        name: str | None = None,
        inputs: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        outputs: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        multi_instance: MultiInstance | None = None,
        properties: Mapping[str, str] | None = None,
    ) -> _Node:
        element_id = (
            self._defs.claim(id) if id is not None else self._defs.fresh_id(kind[0].upper() + kind[1:])
        )
        node = _Node(kind, element_id, name=name, event=event, multi_instance=multi_instance)
        mapping = _io_mapping(inputs, outputs)
        if mapping is not None:
            node.extensions.append(mapping)
        if properties:
            props = ET.Element(_z("properties"))
            for key, value in properties.items():
                ET.SubElement(props, _z("property"), {"name": key, "value": value})
            node.extensions.append(props)
        self._scope.nodes.append(node)
        if connect and self._cursor is not None:
            self._connect(element_id)
        else:
            self._pending = _PendingFlow()
        self._cursor = element_id
        return node

    def _connect(self, target: str) -> None:
        if self._cursor is None:
            raise ValueError(f"nothing to connect to {target!r} from")
        pending = self._pending
        flow_id = self._defs.claim(pending.id) if pending.id is not None else self._defs.fresh_id("Flow")
        self._scope.flows.append(_Flow(flow_id, self._cursor, target, pending.condition))
        if pending.default:
            self._node(self._cursor).default_flow = flow_id
        self._pending = _PendingFlow()

    def _message_ref(self, definition: MessageDefinition) -> str:
        key = (definition.name, definition.correlation_key)
        if key not in self._defs.messages:
            self._defs.messages[key] = self._defs.fresh_id("Message")
        return self._defs.messages[key]

    def _process_element(self) -> ET.Element:
        element = ET.Element(
            _b("process"), {"id": self.process_id, "isExecutable": _bool(self._executable) or ""}
        )
        if self._name is not None:
            element.set("name", self._name)
        if self._version_tag is not None:
            ext = ET.SubElement(element, _b("extensionElements"))
            ET.SubElement(ext, _z("versionTag"), {"value": self._version_tag})
        self._write_scope(element, self._scope)
        return element

    def _write_scope(self, parent: ET.Element, scope: _Scope) -> None:
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for flow in scope.flows:
            outgoing.setdefault(flow.source, []).append(flow.id)
            incoming.setdefault(flow.target, []).append(flow.id)
        for node in scope.nodes:
            parent.append(self._node_element(node, incoming.get(node.id, []), outgoing.get(node.id, [])))
        for flow in scope.flows:
            element = ET.SubElement(
                parent,
                _b("sequenceFlow"),
                {"id": flow.id, "sourceRef": flow.source, "targetRef": flow.target},
            )
            if flow.condition is not None:
                condition = ET.SubElement(
                    element, _b("conditionExpression"), {f"{{{XSI_NS}}}type": "bpmn:tFormalExpression"}
                )
                condition.text = flow.condition

    def _node_element(self, node: _Node, incoming: list[str], outgoing: list[str]) -> ET.Element:
        element = ET.Element(_b(node.kind), {"id": node.id})
        if node.name is not None:
            element.set("name", node.name)
        for key, value in node.attributes.items():
            element.set(key, value)
        if node.default_flow is not None:
            element.set("default", node.default_flow)
        extensions = list(node.extensions)
        if extensions:
            ext = ET.SubElement(element, _b("extensionElements"))
            ext.extend(extensions)
        for flow_id in incoming:
            ET.SubElement(element, _b("incoming")).text = flow_id
        for flow_id in outgoing:
            ET.SubElement(element, _b("outgoing")).text = flow_id
        if node.event is not None:
            element.append(self._event_definition(node.event))
        if node.multi_instance is not None:
            element.append(_loop_characteristics(node.multi_instance))
        if node.scope is not None:
            self._write_scope(element, node.scope)
        return element

    def _event_definition(self, event: EventDefinition) -> ET.Element:
        if isinstance(event, TimerDefinition):
            element = ET.Element(_b("timerEventDefinition"))
            inner = ET.SubElement(element, _b(event.kind), {f"{{{XSI_NS}}}type": "bpmn:tFormalExpression"})
            inner.text = event.expression
            return element
        if isinstance(event, MessageDefinition):
            return ET.Element(_b("messageEventDefinition"), {"messageRef": self._message_ref(event)})
        if isinstance(event, ErrorDefinition):
            element = ET.Element(_b("errorEventDefinition"))
            if event.code is not None:
                if event.code not in self._defs.errors:
                    self._defs.errors[event.code] = self._defs.fresh_id("Error")
                element.set("errorRef", self._defs.errors[event.code])
            return element
        if isinstance(event, EscalationDefinition):
            element = ET.Element(_b("escalationEventDefinition"))
            if event.code is not None:
                if event.code not in self._defs.escalations:
                    self._defs.escalations[event.code] = self._defs.fresh_id("Escalation")
                element.set("escalationRef", self._defs.escalations[event.code])
            return element
        if isinstance(event, SignalDefinition):
            if event.name not in self._defs.signals:
                self._defs.signals[event.name] = self._defs.fresh_id("Signal")
            return ET.Element(_b("signalEventDefinition"), {"signalRef": self._defs.signals[event.name]})
        if isinstance(event, LinkDefinition):
            return ET.Element(_b("linkEventDefinition"), {"name": event.name})
        if isinstance(event, TerminateDefinition):
            return ET.Element(_b("terminateEventDefinition"))
        raise TypeError(f"unsupported event definition {event!r}")

    def _root_elements(self) -> list[ET.Element]:
        # Written after the processes so that every reference made while writing them is known.
        elements: list[ET.Element] = []
        for (name, correlation_key), message_id in self._defs.messages.items():
            message = ET.Element(_b("message"), {"id": message_id, "name": name})
            if correlation_key is not None:
                ext = ET.SubElement(message, _b("extensionElements"))
                ET.SubElement(ext, _z("subscription"), {"correlationKey": correlation_key})
            elements.append(message)
        for code, error_id in self._defs.errors.items():
            elements.append(ET.Element(_b("error"), {"id": error_id, "name": code, "errorCode": code}))
        for code, escalation_id in self._defs.escalations.items():
            elements.append(
                ET.Element(_b("escalation"), {"id": escalation_id, "name": code, "escalationCode": code})
            )
        for name, signal_id in self._defs.signals.items():
            elements.append(ET.Element(_b("signal"), {"id": signal_id, "name": name}))
        return elements


def process(process_id: str, *, name: str | None = None, version_tag: str | None = None) -> ProcessBuilder:
    """Start building an executable process with the given BPMN process id."""
    return ProcessBuilder(process_id, name=name, version_tag=version_tag)


# ---------------------------------------------------------------------- element helpers
def _bool(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _element(tag: str, attributes: Mapping[str, str | None]) -> ET.Element:
    return ET.Element(tag, {k: v for k, v in attributes.items() if v is not None})


def _task_definition(job_type: str, retries: str | None) -> ET.Element:
    return _element(_z("taskDefinition"), {"type": job_type, "retries": retries})


def _task_headers(headers: Mapping[str, str]) -> ET.Element:
    element = ET.Element(_z("taskHeaders"))
    for key, value in headers.items():
        ET.SubElement(element, _z("header"), {"key": key, "value": value})
    return element


def _pairs(mapping: Mapping[str, str] | Sequence[tuple[str, str]] | None) -> list[tuple[str, str]]:
    if mapping is None:
        return []
    if isinstance(mapping, Mapping):
        return list(mapping.items())
    return list(mapping)


def _io_mapping(
    inputs: Mapping[str, str] | Sequence[tuple[str, str]] | None,
    outputs: Mapping[str, str] | Sequence[tuple[str, str]] | None,
) -> ET.Element | None:
    """Mappings are given as ``{target: source}`` (read: target = source)."""
    ins, outs = _pairs(inputs), _pairs(outputs)
    if not ins and not outs:
        return None
    element = ET.Element(_z("ioMapping"))
    for target, source in ins:
        ET.SubElement(element, _z("input"), {"source": source, "target": target})
    for target, source in outs:
        ET.SubElement(element, _z("output"), {"source": source, "target": target})
    return element


def _loop_characteristics(mi: MultiInstance) -> ET.Element:
    element = ET.Element(_b("multiInstanceLoopCharacteristics"))
    if mi.sequential:
        element.set("isSequential", "true")
    ext = ET.SubElement(element, _b("extensionElements"))
    ext.append(
        _element(
            _z("loopCharacteristics"),
            {
                "inputCollection": mi.input_collection,
                "inputElement": mi.input_element,
                "outputCollection": mi.output_collection,
                "outputElement": mi.output_element,
            },
        )
    )
    if mi.completion_condition is not None:
        condition = ET.SubElement(
            element, _b("completionCondition"), {f"{{{XSI_NS}}}type": "bpmn:tFormalExpression"}
        )
        condition.text = mi.completion_condition
    return element


def _walk(scope: _Scope) -> list[_Node]:
    nodes: list[_Node] = []
    for node in scope.nodes:
        nodes.append(node)
        if node.scope is not None:
            nodes.extend(_walk(node.scope))
    return nodes


# ---------------------------------------------------------------------- diagram layout
_SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (100, 80)}


def _size(kind: str) -> tuple[int, int]:
    if kind.endswith("Event"):
        return _SIZES["event"]
    if kind.endswith("Gateway"):
        return _SIZES["gateway"]
    return _SIZES["activity"]


def _diagram(builder: ProcessBuilder) -> ET.Element:
    """A simple layered layout: column = longest path from a start, row = order within the column;
    each nested scope gets its own band below. Enough for Modeler to open and show the diagram."""
    diagram = ET.Element(f"{{{BPMNDI_NS}}}BPMNDiagram", {"id": f"BPMNDiagram_{builder.process_id}"})
    plane = ET.SubElement(
        diagram,
        f"{{{BPMNDI_NS}}}BPMNPlane",
        {"id": f"BPMNPlane_{builder.process_id}", "bpmnElement": builder.process_id},
    )
    bounds: dict[str, tuple[int, int, int, int]] = {}
    band_top = [80]

    def layout(scope: _Scope) -> None:
        top = band_top[0]
        column: dict[str, int] = {}
        hosts = {n.id: n.attributes.get("attachedToRef") for n in scope.nodes if n.kind == "boundaryEvent"}
        for node in scope.nodes:
            column.setdefault(node.id, 0)
        for _ in range(len(scope.nodes)):
            for boundary, host in hosts.items():
                column[boundary] = column.get(host or "", 0)
            for flow in scope.flows:
                source_col = column.get(flow.source, 0)
                if column.get(flow.target, 0) <= source_col and flow.target != flow.source:
                    column[flow.target] = min(source_col + 1, len(scope.nodes))
        rows: dict[int, int] = {}
        height = 0
        for node in scope.nodes:
            if node.id in hosts:
                continue
            col = column[node.id]
            row = rows.get(col, 0)
            rows[col] = row + 1
            w, h = _size(node.kind)
            x = 160 + col * 160 + (100 - w) // 2
            y = top + row * 130 + (80 - h) // 2
            bounds[node.id] = (x, y, w, h)
            height = max(height, (row + 1) * 130)
        for node in scope.nodes:
            host = hosts.get(node.id)
            if host is not None and host in bounds:
                hx, hy, hw, hh = bounds[host]
                bounds[node.id] = (hx + hw - 28, hy + hh - 18, 36, 36)
        band_top[0] = top + max(height, 130) + 40
        for node in scope.nodes:
            if node.scope is not None:
                layout(node.scope)

    layout(builder._scope)
    for node in _walk(builder._scope):
        x, y, w, h = bounds.get(node.id, (0, 0, *_size(node.kind)))
        shape = ET.SubElement(
            plane, f"{{{BPMNDI_NS}}}BPMNShape", {"id": f"{node.id}_di", "bpmnElement": node.id}
        )
        if node.scope is not None:
            shape.set("isExpanded", "false")
        ET.SubElement(
            shape, f"{{{DC_NS}}}Bounds", {"x": str(x), "y": str(y), "width": str(w), "height": str(h)}
        )

    def edges(scope: _Scope) -> None:
        for flow in scope.flows:
            edge = ET.SubElement(
                plane, f"{{{BPMNDI_NS}}}BPMNEdge", {"id": f"{flow.id}_di", "bpmnElement": flow.id}
            )
            for end in (flow.source, flow.target):
                x, y, w, h = bounds.get(end, (0, 0, 0, 0))
                ET.SubElement(edge, f"{{{DI_NS}}}waypoint", {"x": str(x + w // 2), "y": str(y + h // 2)})
        for node in scope.nodes:
            if node.scope is not None:
                edges(node.scope)

    edges(builder._scope)
    return diagram
