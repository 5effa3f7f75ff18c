"""Reading TCK test files (testCases.xsd): inputs and expected results as FEEL values."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from engine.dmn.xml import local_name, read_xml
from engine.feel.temporal import parse_temporal_literal

_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_NUMBER_TYPES = frozenset({"decimal", "double", "float", "integer", "int", "long", "short"})
_TEMPORAL_TYPES = frozenset({"date", "dateTime", "time", "duration", "dayTimeDuration", "yearMonthDuration"})


@dataclass(frozen=True, slots=True)
class InputNode:
    name: str
    namespace: str | None
    value: Any


@dataclass(frozen=True, slots=True)
class ResultNode:
    name: str
    expected: Any
    error_result: bool


@dataclass(frozen=True, slots=True)
class TestCase:
    id: str
    type: str
    """decision, bkm or decisionService."""
    invocable_name: str | None
    inputs: list[InputNode] = field(default_factory=list)
    results: list[ResultNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TestFile:
    path: Path
    model_name: str
    cases: list[TestCase]


def read_test_file(path: Path) -> TestFile:
    root = read_xml(path.read_bytes())
    model_name = ""
    cases = []
    for position, element in enumerate(_children(root, "testCase"), start=1):
        inputs = [
            InputNode(node.get("name", ""), node.get("namespace"), read_value(node))
            for node in _children(element, "inputNode")
        ]
        results = [
            ResultNode(
                node.get("name", ""),
                read_value(expected) if (expected := _child(node, "expected")) is not None else None,
                node.get("errorResult") == "true",
            )
            for node in _children(element, "resultNode")
        ]
        cases.append(
            TestCase(
                element.get("id") or f"{position:03d}",
                element.get("type", "decision"),
                element.get("invocableName"),
                inputs,
                results,
            )
        )
    for element in _children(root, "modelName"):
        model_name = (element.text or "").strip()
    return TestFile(path, model_name, cases)


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and local_name(c) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def read_value(element: etree._Element) -> Any:
    """A valueType element (a value, components, or a list) as a FEEL value."""
    if element.get(_XSI_NIL) == "true":
        return None
    value = _child(element, "value")
    if value is not None:
        return _simple_value(value)
    components = _children(element, "component")
    if components:
        return {c.get("name", ""): read_value(c) for c in components}
    items = _child(element, "list")
    if items is not None:
        if items.get(_XSI_NIL) == "true":
            return None
        return [read_value(item) for item in _children(items, "item")]
    return None


def _simple_value(element: etree._Element) -> Any:
    if element.get(_XSI_NIL) == "true":
        return None
    text = element.text or ""
    xsd_type = (element.get(_XSI_TYPE) or "").rpartition(":")[2]
    if xsd_type in _NUMBER_TYPES:
        try:
            return Decimal(text.strip())
        except InvalidOperation:
            return None
    if xsd_type == "boolean":
        return text.strip() == "true"
    if xsd_type in _TEMPORAL_TYPES:
        return parse_temporal_literal(text.strip())
    return text
