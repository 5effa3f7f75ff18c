"""Every form passes @camunda/form-linting for its execution platform version (tools/lint-forms.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lint_runs import FORM_FILES, describe, relative, run_node_tool


@pytest.mark.parametrize("path", FORM_FILES, ids=relative)
def test_form_passes_camunda_form_linting(
    path: Path, form_lint_reports: dict[str, list[dict[str, Any]]]
) -> None:
    reports = form_lint_reports[relative(path)]
    assert not reports, describe(relative(path), reports)


@pytest.mark.parametrize("path", FORM_FILES, ids=relative)
def test_form_targets_camunda_8_8(path: Path) -> None:
    form = json.loads(path.read_text(encoding="utf-8"))
    assert form.get("executionPlatform") == "Camunda Cloud", relative(path)
    assert form.get("executionPlatformVersion") == "8.8.0", relative(path)
    assert isinstance(form.get("id"), str) and form["id"], f"{relative(path)}: a form needs an id for formId"


def test_a_component_camunda_8_8_does_not_know_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.form"
    broken.write_text(
        json.dumps(
            {
                "executionPlatform": "Camunda Cloud",
                "executionPlatformVersion": "8.8.0",
                "schemaVersion": 18,
                "id": "broken",
                "type": "default",
                "components": [{"type": "signature-pad", "id": "Field_1", "key": "x"}],
            }
        ),
        encoding="utf-8",
    )
    reports = run_node_tool("tools/lint-forms.mjs", [str(broken)])[str(broken)]
    assert [r["id"] for r in reports if r["category"] == "error"] == ["Field_1"]
