"""Shared machinery of the BPMN parser: namespaces, expression compilation that records problems, and
the Zeebe extension elements any flow node may carry (I/O mappings, execution listeners, multi-instance,
job definitions, message references)."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from lxml import etree

from engine.bpmn import model as m
from engine.bpmn.expression import Expression, ExpressionError, compile_expression, compile_feel
from engine.bpmn.validation import Problems

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"
B = "{" + BPMN_NS + "}"
Z = "{" + ZEEBE_NS + "}"


def local_name(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class ParserBase:
    """State of the document and of the process being parsed, and the helpers all parts share."""

    process_id: str
    elements: dict[str, m.Element]
    flows: dict[str, m.SequenceFlow]
    link_catches: dict[tuple[str | None, str], str]
    associations: list[tuple[str | None, str | None]]

    def __init__(self, root: Any, problems: Problems) -> None:
        self.root = root
        self.problems = problems
        self.messages = self._index("message", "name")
        self.errors = self._index("error", "errorCode")
        self.escalations = self._index("escalation", "escalationCode")
        self.signals = self._index("signal", "name")

    def _index(self, tag: str, attribute: str) -> dict[str, str | None]:
        return {el.get("id"): el.get(attribute) for el in self.root.iter(B + tag)}

    def _zeebe(self, el: Any, tag: str) -> list[Any]:
        ext = el.find(B + "extensionElements")
        return [] if ext is None else ext.findall(Z + tag)

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
                for mapping in io.findall(Z + tag):
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
            for prop in props.findall(Z + "property"):
                properties[prop.get("name", "")] = prop.get("value", "")
        loop = None
        loop_el = el.find(B + "multiInstanceLoopCharacteristics")
        if loop_el is not None:
            loop = self._loop(eid, loop_el)
        elif el.find(B + "standardLoopCharacteristics") is not None:
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
        ext = loop_el.find(B + "extensionElements")
        zl = ext.find(Z + "loopCharacteristics") if ext is not None else None
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
        cond_el = loop_el.find(B + "completionCondition")
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

    def _listeners(self, el: Any, eid: str) -> tuple[m.ExecutionListener, ...]:
        out = []
        for group in self._zeebe(el, "executionListeners"):
            for listener in group.findall(Z + "executionListener"):
                where = f"{eid} > extensionElements > executionListeners"
                event_type = listener.get("eventType") or ""
                if event_type not in ("start", "end"):
                    self.problems.add(
                        where, f"Execution listener event type must be 'start' or 'end', was '{event_type}'"
                    )
                    continue
                if not (listener.get("type") or "").strip():
                    self.problems.add(where, "Attribute 'type' must be present and not empty")
                    continue
                job_type = self._expr(where, listener.get("type"))
                retries = self._expr(where, listener.get("retries") or "3")
                if job_type is not None and retries is not None:
                    out.append(m.ExecutionListener(event_type, job_type, retries))
        return tuple(out)

    def _binding(self, where: str, node: Any) -> str:
        binding = str(node.get("bindingType") or "latest")
        if binding not in ("latest", "deployment", "versionTag"):
            self.problems.add(where, f"Unknown binding type '{binding}'")
        if binding == "versionTag" and not node.get("versionTag"):
            self.problems.add(
                where, "Attribute 'versionTag' must be present and not empty for binding type 'versionTag'"
            )
        return binding

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
            for header in header_set.findall(Z + "header"):
                headers[header.get("key", "")] = header.get("value", "")
        if job_type is None or retries is None:
            return element
        return replace(element, job=m.JobDefinition(job_type, retries, MappingProxyType(headers)))

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
                message_el = self.root.find(f".//{B}message[@id='{ref}']")
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
