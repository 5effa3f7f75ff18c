"""The in-memory shape of a diagram being built: nodes, sequence flows and scopes, plus the XML
namespaces of Zeebe-dialect BPMN. Shared by the builder (which writes the process XML) and the
layout (which writes the diagram interchange)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from engine.testing.events import EventDefinition

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


@dataclass(frozen=True)
class MultiInstance:
    """``multiInstanceLoopCharacteristics`` with Zeebe's ``zeebe:loopCharacteristics``."""

    input_collection: str
    input_element: str | None = None
    sequential: bool = False
    output_collection: str | None = None
    output_element: str | None = None
    completion_condition: str | None = None


@dataclass
class Node:
    kind: str  # the BPMN tag, e.g. "serviceTask"
    id: str
    name: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    extensions: list[ET.Element] = field(default_factory=list)
    event: EventDefinition | None = None
    multi_instance: MultiInstance | None = None
    default_flow: str | None = None
    scope: Scope | None = None  # the inside of a subprocess
    completion_condition: str | None = None  # of an ad-hoc subprocess


@dataclass
class Flow:
    id: str
    source: str
    target: str
    condition: str | None = None


@dataclass
class Scope:
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    associations: list[tuple[str, str, str]] = field(default_factory=list)  # (id, source, target)


def walk(scope: Scope) -> list[Node]:
    """Every node of the scope and of the scopes nested in it, depth first."""
    nodes: list[Node] = []
    for node in scope.nodes:
        nodes.append(node)
        if node.scope is not None:
            nodes.extend(walk(node.scope))
    return nodes
