"""The project's files to lint and the node linters (tools/*.mjs) run over them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parents[2]
BPMN_FILES = sorted((PROJECT / "bpmn").glob("**/*.bpmn"))
FORM_FILES = sorted((PROJECT / "forms").glob("**/*.form"))


def run_node_tool(script: str, files: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Run a tools/*.mjs linter that prints one JSON line per file; file -> its reports."""
    if shutil.which("node") is None or not (PROJECT / "node_modules").is_dir():
        pytest.fail("node or node_modules is missing: run `make setup` (npm ci) first")
    result = subprocess.run(
        ["node", script, *files], check=False, cwd=PROJECT, capture_output=True, text=True, timeout=180
    )
    if result.returncode not in (0, 1):
        pytest.fail(f"{script} could not run (exit {result.returncode}): {result.stderr or result.stdout}")
    reports = {}
    for line in result.stdout.splitlines():
        entry = json.loads(line)
        reports[entry["file"]] = entry["reports"]
    missing = set(files) - set(reports)
    if missing:
        pytest.fail(f"{script} gave no result for {sorted(missing)}: {result.stderr}")
    return reports


def relative(path: Path) -> str:
    return str(path.relative_to(PROJECT))


def describe(file: str, reports: list[dict[str, Any]]) -> str:
    lines = []
    for r in reports:
        rule = r.get("rule", "form-linting")
        lines.append(f"  element '{r.get('id') or '-'}': {r['message']} ({r['category']}, rule {rule})")
    return f"{file}:\n" + "\n".join(lines)
