"""The diagram interchange (DI) of a BPMN file as boxes and polylines, for the geometry checks.

Reads what Camunda Modeler and bpmn-js read: the BPMNShape bounds, the BPMNEdge waypoints and the
BPMNLabel bounds, next to the semantic elements they draw (type, name, container, lane, host).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"

# Elements whose name bpmn-js draws outside the shape, in a label box of its own.
EXTERNAL_LABEL = {
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
EXTERNAL_LABEL |= GATEWAYS
FLOW_NODES = EXTERNAL_LABEL | {
    "task",
    "userTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
    "manualTask",
    "callActivity",
    "subProcess",
}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box, inset: float = 0.0) -> bool:
        """Interiors intersect (touching edges do not count); inset shrinks self first."""
        return (
            self.x + inset < other.x + other.width
            and other.x < self.x + self.width - inset
            and self.y + inset < other.y + other.height
            and other.y < self.y + self.height - inset
        )

    def contains(self, other: Box, slack: float = 0.0) -> bool:
        return (
            other.x >= self.x - slack
            and other.y >= self.y - slack
            and other.x + other.width <= self.x + self.width + slack
            and other.y + other.height <= self.y + self.height + slack
        )

    def contains_point(self, x: float, y: float, slack: float = 0.0) -> bool:
        return (
            self.x - slack <= x <= self.x + self.width + slack
            and self.y - slack <= y <= self.y + self.height + slack
        )

    def crossed_by(self, a: tuple[float, float], b: tuple[float, float], inset: float) -> bool:
        """An orthogonal (or any) segment a-b enters the box shrunk by inset on every side."""
        x0, y0 = self.x + inset, self.y + inset
        x1, y1 = self.x + self.width - inset, self.y + self.height - inset
        if x0 >= x1 or y0 >= y1:
            return False
        # Liang-Barsky clipping of the segment against the open rectangle.
        t0, t1 = 0.0, 1.0
        dx, dy = b[0] - a[0], b[1] - a[1]
        for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
            if p == 0:
                if q <= 0:
                    return False
            else:
                t = q / p
                if p < 0:
                    t0 = max(t0, t)
                else:
                    t1 = min(t1, t)
        return t0 < t1


@dataclass
class Node:
    id: str
    kind: str
    name: str
    parent: str  # id of the process or sub-process that holds it
    box: Box | None = None
    label: Box | None = None
    host: str | None = None  # boundary events: the activity they are attached to
    lane: str | None = None  # name of the lane that references it
    outgoing: list[str] = field(default_factory=list)
    candidate_groups: str | None = None
    plane: str = ""  # the BPMNPlane it is drawn on: the main one, or a collapsed sub-process's own


@dataclass
class Flow:
    id: str
    name: str
    source: str
    target: str
    parent: str
    waypoints: list[tuple[float, float]] = field(default_factory=list)
    label: Box | None = None
    plane: str = ""


@dataclass
class Diagram:
    path: Path
    process_id: str
    nodes: dict[str, Node]
    flows: dict[str, Flow]
    pool: Box | None
    lanes: dict[str, Box]  # lane name -> its box
    lane_of_box: dict[str, str]  # lane id -> lane name
    main_plane: str = ""  # bpmnElement of the first plane: the collaboration (or the process)

    def ancestors(self, node_id: str) -> set[str]:
        found: set[str] = set()
        current = self.nodes[node_id].parent if node_id in self.nodes else None
        while current is not None and current in self.nodes:
            found.add(current)
            current = self.nodes[current].parent
        return found


def _box(element: etree._Element | None) -> Box | None:
    if element is None:
        return None
    return Box(*(float(element.get(k, "0")) for k in ("x", "y", "width", "height")))


def read_diagram(path: Path) -> Diagram:
    root = etree.parse(str(path)).getroot()
    processes = root.findall(f"{{{BPMN}}}process")
    if len(processes) != 1:
        raise ValueError(f"{path}: 应恰好包含一个流程，实际为 {len(processes)} 个")
    process = processes[0]
    nodes: dict[str, Node] = {}
    flows: dict[str, Flow] = {}

    def walk(container: etree._Element) -> None:
        cid = container.get("id", "")
        for child in container:
            if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{BPMN}}}"):
                continue
            kind = etree.QName(child).localname
            if kind in FLOW_NODES:
                node = Node(
                    child.get("id", ""), kind, child.get("name", ""), cid, host=child.get("attachedToRef")
                )
                assignment = child.find(f"{{{BPMN}}}extensionElements/{{{ZEEBE}}}assignmentDefinition")
                if assignment is not None:
                    node.candidate_groups = assignment.get("candidateGroups")
                nodes[node.id] = node
                if kind == "subProcess":
                    walk(child)
            elif kind == "sequenceFlow":
                flow = Flow(
                    child.get("id", ""),
                    child.get("name", ""),
                    child.get("sourceRef", ""),
                    child.get("targetRef", ""),
                    cid,
                )
                flows[flow.id] = flow

    walk(process)
    for flow in flows.values():
        if flow.source in nodes:
            nodes[flow.source].outgoing.append(flow.id)
    lane_of_box: dict[str, str] = {}
    for lane in process.iter(f"{{{BPMN}}}lane"):
        lane_of_box[lane.get("id", "")] = lane.get("name", "")
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"):
            if ref.text and ref.text.strip() in nodes:
                nodes[ref.text.strip()].lane = lane.get("name", "")
    pool: Box | None = None
    lanes: dict[str, Box] = {}
    participants = {p.get("id"): p.get("processRef") for p in root.iter(f"{{{BPMN}}}participant")}
    planes = list(root.iter(f"{{{BPMNDI}}}BPMNPlane"))
    main_plane = planes[0].get("bpmnElement", "") if planes else ""
    # DI element id -> bpmnElement of its plane (lxml proxies have no stable identity of their own).
    plane_of = {e.get("id", ""): plane.get("bpmnElement", "") for plane in planes for e in plane}
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        ref = shape.get("bpmnElement", "")
        if ref in nodes:
            nodes[ref].plane = plane_of.get(shape.get("id", ""), "")
        bounds = _box(shape.find(f"{{{DC}}}Bounds"))
        label = _box(shape.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds"))
        if ref in nodes:
            nodes[ref].box = bounds
            nodes[ref].label = label
        elif participants.get(ref) == process.get("id"):
            pool = bounds
        elif ref in lane_of_box and bounds is not None:
            lanes[lane_of_box[ref]] = bounds
    for edge in root.iter(f"{{{BPMNDI}}}BPMNEdge"):
        ref = edge.get("bpmnElement", "")
        if ref in flows:
            flows[ref].plane = plane_of.get(edge.get("id", ""), "")
            flows[ref].waypoints = [
                (float(w.get("x", "0")), float(w.get("y", "0"))) for w in edge.findall(f"{{{DI}}}waypoint")
            ]
            flows[ref].label = _box(edge.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds"))
    return Diagram(path, process.get("id", ""), nodes, flows, pool, lanes, lane_of_box, main_plane)
