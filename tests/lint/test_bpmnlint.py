"""Every diagram passes bpmnlint: recommended rules plus camunda-compat for Camunda 8.8 (.bpmnlintrc),
through tools/lint-bpmn.mjs (bpmnlint's Linter with the zeebe and modeler moddle extensions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lint_runs import BPMN_FILES, PROJECT, describe, relative, run_node_tool


def test_bpmnlintrc_extends_recommended_and_camunda_8_8() -> None:
    config = json.loads((PROJECT / ".bpmnlintrc").read_text(encoding="utf-8"))
    assert set(config["extends"]) == {"bpmnlint:recommended", "plugin:camunda-compat/camunda-cloud-8-8"}
    assert "zeebe" in config["moddleExtensions"], "camunda-compat reads zeebe:* extension elements"


@pytest.mark.parametrize("path", BPMN_FILES, ids=relative)
def test_diagram_passes_bpmnlint(path: Path, bpmnlint_reports: dict[str, list[dict[str, Any]]]) -> None:
    reports = bpmnlint_reports[relative(path)]
    assert not reports, describe(relative(path), reports)


def test_a_broken_diagram_is_reported_with_its_element_and_rule() -> None:
    fixture = "tests/lint/fixtures/broken.bpmn"
    reports = run_node_tool("tools/lint-bpmn.mjs", [fixture])[fixture]
    found = {(r["rule"], r["id"]) for r in reports}
    assert ("camunda-compat/implementation", "task_without_type") in found
    assert ("no-bpmndi", "f1") in found
