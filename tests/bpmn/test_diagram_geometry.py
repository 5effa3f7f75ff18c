"""Issue #16: every diagram reads as drawn. No flow runs through a shape that is not its own end,
no shapes or labels overlap, every shape lies in its lane and every flow in its pool, and every
splitting gateway asks a question whose branches each carry a different answer.

The fixture tests/bpmn/fixtures/tangled.bpmn has each of these faults once, so each check is shown
to find what it looks for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from diagram_checks import (
    flows_through_foreign_shapes,
    missing_di,
    outside_lane_or_pool,
    overlapping_labels,
    overlapping_shapes,
    unlabeled_gateway_branches,
)
from diagram_model import Diagram, read_diagram

PROJECT = Path(__file__).resolve().parents[2]
BPMN_FILES = sorted((PROJECT / "bpmn").glob("**/*.bpmn"))
TANGLED = Path(__file__).parent / "fixtures" / "tangled.bpmn"
RELAYOUT = "node tools/layout-bpmn.mjs bpmn/*/*.bpmn"

Check = Callable[[Diagram], list[str]]
CHECKS: list[Check] = [
    missing_di,
    flows_through_foreign_shapes,
    overlapping_shapes,
    overlapping_labels,
    outside_lane_or_pool,
    unlabeled_gateway_branches,
]


def _relative(path: Path) -> str:
    return str(path.relative_to(PROJECT))


@pytest.fixture(scope="module")
def diagrams() -> dict[Path, Diagram]:
    return {path: read_diagram(path) for path in BPMN_FILES}


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("path", BPMN_FILES, ids=_relative)
def test_diagram_reads_cleanly(path: Path, check: Check, diagrams: dict[Path, Diagram]) -> None:
    problems = check(diagrams[path])
    assert not problems, f"{_relative(path)}（重新布局：{RELAYOUT}）:\n" + "\n".join(problems)


def test_each_check_finds_its_fault_in_the_tangled_fixture() -> None:
    diagram = read_diagram(TANGLED)
    assert flows_through_foreign_shapes(diagram) == ["顺序流 f3（gw → b）穿过了 a（甲）"]
    assert overlapping_shapes(diagram) == ["b（乙）与 c（丙）重叠"]
    assert overlapping_labels(diagram) == ["顺序流 f2（是）的标签与顺序流 f3（是）的标签重叠"]
    assert outside_lane_or_pool(diagram) == ["c（丙）超出了泳道“建设单位”", "顺序流 f4 超出了池"]
    assert unlabeled_gateway_branches(diagram) == [
        "分支网关 gw（审核结论）的名称不是一个问题",
        "网关 gw（审核结论）的分支 f4 没有标注答案",
        "网关 gw（审核结论）有多个分支标注为“是”",
    ]
    assert missing_di(diagram) == []


def test_a_name_without_label_bounds_is_reported() -> None:
    diagram = read_diagram(TANGLED)
    diagram.nodes["start"].label = None
    assert missing_di(diagram) == ["start（开始）的名称没有标签位置"]
