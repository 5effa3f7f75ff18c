"""A simple diagram layout so that built processes open in Camunda Modeler: a layered layout where
the column is the longest path from a start and the row the order within the column; each nested
scope gets its own band below; boundary events sit on their host's lower edge."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from engine.testing.diagram import BPMNDI_NS, DC_NS, DI_NS, Scope, walk

_SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (100, 80)}


def _size(kind: str) -> tuple[int, int]:
    if kind.endswith("Event"):
        return _SIZES["event"]
    if kind.endswith("Gateway"):
        return _SIZES["gateway"]
    return _SIZES["activity"]


def diagram_element(process_id: str, root: Scope) -> ET.Element:
    """A simple layered layout: column = longest path from a start, row = order within the column;
    each nested scope gets its own band below. Enough for Modeler to open and show the diagram."""
    diagram = ET.Element(f"{{{BPMNDI_NS}}}BPMNDiagram", {"id": f"BPMNDiagram_{process_id}"})
    plane = ET.SubElement(
        diagram,
        f"{{{BPMNDI_NS}}}BPMNPlane",
        {"id": f"BPMNPlane_{process_id}", "bpmnElement": process_id},
    )
    bounds: dict[str, tuple[int, int, int, int]] = {}
    band_top = [80]

    def layout(scope: Scope) -> None:
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

    layout(root)
    for node in walk(root):
        x, y, w, h = bounds.get(node.id, (0, 0, *_size(node.kind)))
        shape = ET.SubElement(
            plane, f"{{{BPMNDI_NS}}}BPMNShape", {"id": f"{node.id}_di", "bpmnElement": node.id}
        )
        if node.scope is not None:
            shape.set("isExpanded", "false")
        ET.SubElement(
            shape, f"{{{DC_NS}}}Bounds", {"x": str(x), "y": str(y), "width": str(w), "height": str(h)}
        )

    def edges(scope: Scope) -> None:
        connections = [(f.id, f.source, f.target) for f in scope.flows] + scope.associations
        for connection_id, source, target in connections:
            edge = ET.SubElement(
                plane, f"{{{BPMNDI_NS}}}BPMNEdge", {"id": f"{connection_id}_di", "bpmnElement": connection_id}
            )
            for end in (source, target):
                x, y, w, h = bounds.get(end, (0, 0, 0, 0))
                ET.SubElement(edge, f"{{{DI_NS}}}waypoint", {"x": str(x + w // 2), "y": str(y + h // 2)})
        for node in scope.nodes:
            if node.scope is not None:
                edges(node.scope)

    edges(root)
    return diagram
