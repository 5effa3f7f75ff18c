"""Lint runs shared by the lint tests: each node tool runs once per session over every file."""

from __future__ import annotations

from typing import Any

import pytest
from lint_runs import BPMN_FILES, FORM_FILES, relative, run_node_tool


@pytest.fixture(scope="session")
def bpmnlint_reports() -> dict[str, list[dict[str, Any]]]:
    return run_node_tool("tools/lint-bpmn.mjs", [relative(path) for path in BPMN_FILES])


@pytest.fixture(scope="session")
def form_lint_reports() -> dict[str, list[dict[str, Any]]]:
    return run_node_tool("tools/lint-forms.mjs", [relative(path) for path in FORM_FILES])
