"""Issue #16: every diagram renders in bpmn-js (the renderer of Camunda Modeler) in headless
Chromium without import warnings. The PNGs are kept under test-artifacts/diagrams/ (git-ignored)
for a reader to look at; `node tools/render-bpmn.mjs DIR FILE...` renders them by hand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
BPMN_FILES = sorted((PROJECT / "bpmn").glob("**/*.bpmn"))
ARTIFACTS = PROJECT / "test-artifacts" / "diagrams"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def renderings() -> dict[str, dict[str, object]]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium and fonts-noto-cjk")
    if shutil.which("node") is None or not (PROJECT / "node_modules" / "bpmn-js").is_dir():
        pytest.fail("node or node_modules is missing: run `make setup` (npm ci) first")
    files = [str(path.relative_to(PROJECT)) for path in BPMN_FILES]
    result = subprocess.run(
        ["node", "tools/render-bpmn.mjs", str(ARTIFACTS), *files],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode not in (0, 1):
        pytest.fail(f"tools/render-bpmn.mjs could not run (exit {result.returncode}): {result.stderr}")
    return {entry["file"]: entry for entry in map(json.loads, result.stdout.splitlines())}


@pytest.mark.parametrize("path", BPMN_FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_diagram_renders_in_bpmn_js(path: Path, renderings: dict[str, dict[str, object]]) -> None:
    entry = renderings[str(path.relative_to(PROJECT))]
    assert entry["warnings"] == [], entry["warnings"]
    png = PROJECT / str(entry["png"])
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    # A drawing, not an empty canvas: at least the size of a pool with one lane.
    assert int(str(entry["width"])) > 300
    assert int(str(entry["height"])) > 150
