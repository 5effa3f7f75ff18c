"""Differential test: our FEEL against feelin (npm) on the expressions our diagrams and tables use.

Every case must agree with feelin, or be listed in known_differences.yaml with the value Camunda's
FEEL (feel-scala) gives and the reason; a listed case is then held to that value instead, so the
list cannot hide a wrong answer.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.feel import FeelSyntaxError, compile_expression, compile_unary_tests, from_json, to_json

from .corpus import Case, all_cases

HERE = Path(__file__).parent
PROJECT_ROOT = HERE.parent.parent
RUNNER = HERE / "feelin_runner.mjs"
KNOWN_DIFFERENCES = HERE / "known_differences.yaml"

CASES = all_cases()
SYNTAX_ERROR = "<syntax error>"


def _revive(value: Any) -> Any:
    if isinstance(value, list):
        return [_revive(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        return {key: _revive(item) for key, item in value.items()}
    return from_json(value)


def _ours(case: Case) -> Any:
    context = _revive(case.context)
    try:
        if case.expression is not None:
            result = compile_expression(case.expression).evaluate(context)
        else:
            assert case.unary_tests is not None
            result = compile_unary_tests(case.unary_tests).evaluate(_revive(case.input), context)
    except FeelSyntaxError:
        return SYNTAX_ERROR
    return to_json(result.value)


def _same(ours: Any, theirs: Any) -> bool:
    """Equal as JSON values; numbers equal when they are the same binary double (feelin's number type)."""
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return ours is theirs
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return float(ours) == float(theirs)
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(_same(ours[k], theirs[k]) for k in ours)
    return bool(ours == theirs)


@pytest.fixture(scope="module")
def feelin_results() -> dict[str, dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the differential test needs Node.js to run feelin")
    if not (PROJECT_ROOT / "node_modules" / "feelin").is_dir():
        pytest.fail("feelin is not installed: run `make setup` (npm ci) first")
    feed = "\n".join(json.dumps(case.as_json(), ensure_ascii=False) for case in CASES)
    completed = subprocess.run(
        [node, str(RUNNER)],
        input=feed,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    results = {}
    for line in completed.stdout.splitlines():
        entry = json.loads(line)
        if entry.get("error", "").startswith("SyntaxError"):
            entry["value"] = SYNTAX_ERROR
        results[entry["id"]] = entry
    assert len(results) == len(CASES), "feelin did not answer every case"
    return results


def _known_differences() -> dict[str, dict[str, Any]]:
    entries = yaml.safe_load(KNOWN_DIFFERENCES.read_text(encoding="utf-8")) or []
    known = {entry["id"]: entry for entry in entries}
    for case_id, entry in known.items():
        if not entry.get("reason") or "camunda" not in entry:
            raise AssertionError(f"known difference {case_id} needs a reason and the value Camunda gives")
    return known


KNOWN = _known_differences()


def test_corpus_is_large_enough_and_every_known_difference_names_a_case() -> None:
    assert len(CASES) >= 500
    ids = {case.id for case in CASES}
    assert not set(KNOWN) - ids, f"known differences name cases that do not exist: {sorted(set(KNOWN) - ids)}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_agrees_with_feelin_or_with_camunda_where_they_differ(
    case: Case, feelin_results: dict[str, dict[str, Any]]
) -> None:
    ours = _ours(case)
    theirs = feelin_results[case.id]["value"]
    known = KNOWN.get(case.id)
    source = (
        case.expression if case.expression is not None else f"{case.unary_tests!r} with ? = {case.input!r}"
    )
    if known is None:
        assert _same(ours, theirs), f"{source}: ours {ours!r}, feelin {theirs!r}"
    else:
        assert _same(ours, known["camunda"]), f"{source}: ours {ours!r}, Camunda {known['camunda']!r}"
        assert not _same(theirs, known["camunda"]), (
            f"{case.id} is listed as a difference but feelin agrees now"
        )
