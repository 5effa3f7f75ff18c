"""Geometry checks a process owner would make by eye, on the DI of one diagram.

Each check returns the problems found, one sentence each, naming the elements (in Chinese: the
reader is the process owner). An empty list means the diagram reads cleanly on that point.
"""

from __future__ import annotations

from itertools import combinations

from diagram_model import EXTERNAL_LABEL, GATEWAYS, Box, Diagram, Node

# A flow may touch a shape's outline where it bends around it; it must not run through it.
INSET = 2.0


def _shapes(diagram: Diagram) -> list[Node]:
    return [node for node in diagram.nodes.values() if node.box is not None]


def missing_di(diagram: Diagram) -> list[str]:
    problems = [f"{n.id}（{n.name}）没有形状" for n in diagram.nodes.values() if n.box is None]
    problems += [f"顺序流 {f.id} 没有连线" for f in diagram.flows.values() if len(f.waypoints) < 2]
    problems += [
        f"{n.id}（{n.name}）的名称没有标签位置"
        for n in diagram.nodes.values()
        if n.kind in EXTERNAL_LABEL and n.name and n.label is None
    ]
    problems += [
        f"顺序流 {f.id}（{f.name}）的名称没有标签位置"
        for f in diagram.flows.values()
        if f.name and f.label is None
    ]
    return problems


def flows_through_foreign_shapes(diagram: Diagram) -> list[str]:
    """A flow's segments enter no shape other than its own ends and the containers it lies in."""
    problems = []
    for flow in diagram.flows.values():
        own = {flow.source, flow.target} | diagram.ancestors(flow.source) | diagram.ancestors(flow.target)
        for node in _shapes(diagram):
            if node.id in own or node.box is None or node.plane != flow.plane:
                continue
            for a, b in zip(flow.waypoints, flow.waypoints[1:], strict=False):
                if node.box.crossed_by(a, b, INSET):
                    problems.append(
                        f"顺序流 {flow.id}（{flow.source} → {flow.target}）穿过了 {node.id}（{node.name}）"
                    )
                    break
    return problems


def overlapping_shapes(diagram: Diagram) -> list[str]:
    problems = []
    for first, second in combinations(_shapes(diagram), 2):
        assert first.box is not None and second.box is not None
        related = (
            first.plane != second.plane
            or first.id in diagram.ancestors(second.id)
            or second.id in diagram.ancestors(first.id)
            or first.host == second.id
            or second.host == first.id
        )
        if not related and first.box.overlaps(second.box):
            problems.append(f"{first.id}（{first.name}）与 {second.id}（{second.name}）重叠")
    return problems


def _labels(diagram: Diagram) -> list[tuple[str, str, Box]]:
    """(what, plane, box) of every label drawn."""
    labels = [
        (f"{n.id}（{n.name}）的标签", n.plane, n.label)
        for n in diagram.nodes.values()
        if n.name and n.label is not None
    ]
    labels += [
        (f"顺序流 {f.id}（{f.name}）的标签", f.plane, f.label)
        for f in diagram.flows.values()
        if f.name and f.label is not None
    ]
    return [(what, plane, box) for what, plane, box in labels if box is not None]


def overlapping_labels(diagram: Diagram) -> list[str]:
    """No label covers another label, or a shape other than its own element's (on the same plane)."""
    problems = []
    labels = _labels(diagram)
    for (first, first_plane, a), (second, second_plane, b) in combinations(labels, 2):
        if first_plane == second_plane and a.overlaps(b):
            problems.append(f"{first}与{second}重叠")
    for what, plane, box in labels:
        for node in _shapes(diagram):
            owner = what.startswith(f"{node.id}（")
            if owner or node.box is None or node.plane != plane or node.kind == "subProcess":
                continue
            if box.overlaps(node.box, inset=0.0):
                problems.append(f"{what}压在 {node.id}（{node.name}）上")
    return problems


def outside_lane_or_pool(diagram: Diagram) -> list[str]:
    """Every shape in its lane, sub-process content inside it, every flow and label in the pool.

    The content of a collapsed sub-process is drawn on a plane of its own, without pool or lanes.
    """
    if diagram.pool is None:
        return ["流程图没有参与者（池）"]
    problems = []
    for node in _shapes(diagram):
        assert node.box is not None
        parent = diagram.nodes.get(node.parent)
        if parent is not None and parent.plane == node.plane and parent.box is not None:
            if not parent.box.contains(node.box):
                problems.append(f"{node.id}（{node.name}）超出了子流程 {parent.id} 的边框")
            continue
        if node.plane != diagram.main_plane:
            continue
        if node.lane is None:
            problems.append(f"{node.id}（{node.name}）不属于任何泳道")
            continue
        lane = diagram.lanes.get(node.lane)
        if lane is None:
            problems.append(f"泳道“{node.lane}”没有形状")
            continue
        if node.kind == "boundaryEvent":
            centre = (node.box.x + node.box.width / 2, node.box.y + node.box.height / 2)
            if not lane.contains_point(*centre):
                problems.append(f"边界事件 {node.id}（{node.name}）不在泳道“{node.lane}”内")
        elif not lane.contains(node.box):
            problems.append(f"{node.id}（{node.name}）超出了泳道“{node.lane}”")
    for lane_name, lane in diagram.lanes.items():
        if not diagram.pool.contains(lane):
            problems.append(f"泳道“{lane_name}”超出了池")
    for flow in diagram.flows.values():
        on_main = flow.plane == diagram.main_plane
        if on_main and not all(diagram.pool.contains_point(x, y) for x, y in flow.waypoints):
            problems.append(f"顺序流 {flow.id} 超出了池")
    for what, plane, box in _labels(diagram):
        if plane == diagram.main_plane and not diagram.pool.contains(box):
            problems.append(f"{what}超出了池")
    return problems


def unlabeled_gateway_branches(diagram: Diagram) -> list[str]:
    """A splitting gateway asks a question; each branch is named by its answer, no two alike."""
    problems = []
    for node in diagram.nodes.values():
        if node.kind not in GATEWAYS or len(node.outgoing) < 2 or node.kind == "parallelGateway":
            continue
        if not node.name:
            problems.append(f"分支网关 {node.id} 没有名称（问题）")
        elif not node.name.endswith(("？", "?")):
            problems.append(f"分支网关 {node.id}（{node.name}）的名称不是一个问题")
        names = [diagram.flows[f].name for f in node.outgoing]
        for flow_id, name in zip(node.outgoing, names, strict=True):
            if not name:
                problems.append(f"网关 {node.id}（{node.name}）的分支 {flow_id} 没有标注答案")
        duplicates = sorted({n for n in names if n and names.count(n) > 1})
        if duplicates:
            problems.append(f"网关 {node.id}（{node.name}）有多个分支标注为“{'、'.join(duplicates)}”")
    return problems
