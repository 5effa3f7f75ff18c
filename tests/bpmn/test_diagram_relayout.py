"""Issue #16: the layout is produced by tools/layout-bpmn.mjs, which a process owner re-runs after
adding a step. Running it changes nothing but the layout (the semantic model stays the same), and
the committed diagrams are exactly what it produces, so a changed diagram that was not re-laid out
is noticed here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from semantic_model import semantic_model

PROJECT = Path(__file__).resolve().parents[2]
BPMN_FILES = sorted((PROJECT / "bpmn").glob("**/*.bpmn"))
RELAYOUT = "node tools/layout-bpmn.mjs bpmn/*/*.bpmn"


@pytest.fixture(scope="module")
def relaid(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bytes]:
    """Every diagram copied (the region folder kept: it picks the coordinating lane) and re-laid out."""
    if shutil.which("node") is None or not (PROJECT / "node_modules" / "elkjs").is_dir():
        pytest.fail("node or node_modules is missing: run `make setup` (npm ci) first")
    out = tmp_path_factory.mktemp("relaid")
    copies = {}
    for path in BPMN_FILES:
        copy = out / path.relative_to(PROJECT / "bpmn")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copy)
        copies[path] = copy
    result = subprocess.run(
        ["node", "tools/layout-bpmn.mjs", *map(str, copies.values())],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {path: copy.read_bytes() for path, copy in copies.items()}


def _relative(path: Path) -> str:
    return str(path.relative_to(PROJECT))


@pytest.mark.parametrize("path", BPMN_FILES, ids=_relative)
def test_relayout_keeps_the_semantic_model(path: Path, relaid: dict[Path, bytes]) -> None:
    assert semantic_model(relaid[path], keep_words=True) == semantic_model(path.read_bytes(), keep_words=True)


@pytest.mark.parametrize("path", BPMN_FILES, ids=_relative)
def test_committed_diagram_is_the_tools_layout(path: Path, relaid: dict[Path, bytes]) -> None:
    assert relaid[path] == path.read_bytes(), f"{_relative(path)} 的布局不是工具生成的：请运行 {RELAYOUT}"


def test_semantic_model_sees_a_changed_condition_but_not_a_moved_shape() -> None:
    xml = BPMN_FILES[0].read_bytes()
    moved = xml.replace(b'<dc:Bounds x="', b'<dc:Bounds x="1', 1)
    assert moved != xml
    assert semantic_model(moved) == semantic_model(xml)
    changed = xml.replace(b"= true", b"= false", 1)
    assert changed != xml
    assert semantic_model(changed) != semantic_model(xml)
