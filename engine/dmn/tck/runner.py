"""Running TCK folders: each model parsed once, each test case evaluated, one result row per case."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.dmn.errors import DecisionEvaluationError, DmnParseError
from engine.dmn.model import DmnModel
from engine.dmn.parser import parse_dmn
from engine.dmn.tck.cases import TestCase, read_test_file
from engine.dmn.tck.compare import same_value, show

LEVELS = ("compliance-level-2", "compliance-level-3")


@dataclass(frozen=True, slots=True)
class CaseResult:
    folder: str
    """``compliance-level-N/<case folder>``, as the published tck_results.csv files name it."""
    test_file: str
    case_id: str
    result: str
    """SUCCESS or ERROR."""
    message: str = ""

    @property
    def level(self) -> str:
        return self.folder.partition("/")[0]


def test_folders(directory: Path) -> list[Path]:
    """The case folders under a TestCases directory (or under one level folder), without non-compliant."""
    directory = directory.resolve()
    if directory.name in LEVELS:
        levels = [directory]
    else:
        levels = [directory / level for level in LEVELS if (directory / level).is_dir()]
    return [folder for level in levels for folder in sorted(level.iterdir()) if folder.is_dir()]


def run_tck(directory: Path) -> list[CaseResult]:
    results: list[CaseResult] = []
    for folder in test_folders(directory):
        results.extend(_run_folder(folder))
    return results


def _run_folder(folder: Path) -> Iterable[CaseResult]:
    label = f"{folder.parent.name}/{folder.name}"
    models: dict[str, DmnModel | DmnParseError] = {}
    for test_path in sorted(folder.glob("*-test-*.xml")):
        test_file = read_test_file(test_path)
        model_path = folder / test_file.model_name
        if test_file.model_name not in models:
            try:
                models[test_file.model_name] = parse_dmn(model_path, source_name=model_path.name, lazy=True)
            except DmnParseError as err:
                models[test_file.model_name] = err
        model = models[test_file.model_name]
        for case in test_file.cases:
            if isinstance(model, DmnParseError):
                yield CaseResult(label, test_path.stem, case.id, "ERROR", f"ERROR: {model}")
                continue
            failure = _run_case(model, case)
            if failure is None:
                yield CaseResult(label, test_path.stem, case.id, "SUCCESS")
            else:
                yield CaseResult(label, test_path.stem, case.id, "ERROR", failure)


def _run_case(model: DmnModel, case: TestCase) -> str | None:
    """None when every result node matches, else a message naming the first mismatch."""
    variables: dict[str, Any] = {}
    imported: dict[str, dict[str, Any]] = {}
    for node in case.inputs:
        if node.namespace and node.namespace != model.namespace:
            imported.setdefault(node.namespace, {})[node.name] = node.value
        else:
            variables[node.name] = node.value
    service_outputs: dict[str, Any] | None = None
    for result in case.results:
        error = ""
        try:
            if case.type == "decisionService":
                if service_outputs is None:
                    service_outputs = model.evaluate_decision_service(case.invocable_name or "", variables)
                actual = service_outputs.get(result.name)
            else:
                actual = model.evaluate(result.name, variables, imported_inputs=imported).output
        except DecisionEvaluationError as err:
            actual, error = None, f" ({err})"
        except Exception as err:  # an engine bug must fail this case only, not the whole run
            actual, error = None, f" (crash: {type(err).__name__}: {err})"
        if not same_value(result.expected, actual):
            expected = show(result.expected)
            return f"FAILURE: '{result.name}' expected='{expected}' but found='{show(actual)}'{error}"
    return None


def summarize(results: Iterable[CaseResult]) -> dict[str, tuple[int, int]]:
    """(passed, failed) per compliance level."""
    counts = {level: [0, 0] for level in LEVELS}
    for result in results:
        if result.level in counts:
            counts[result.level][0 if result.result == "SUCCESS" else 1] += 1
    return {level: (passed, failed) for level, (passed, failed) in counts.items()}


def write_results(results: Iterable[CaseResult], path: Path) -> None:
    """The published tck_results.csv format: every field quoted, one row per test case."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for r in results:
            writer.writerow([r.folder, r.test_file, r.case_id, r.result, r.message])


def read_results(path: Path) -> dict[tuple[str, str, str], str]:
    """A published tck_results.csv: result by (folder, test file, case id)."""
    with path.open(newline="", encoding="utf-8") as source:
        return {(row[0], row[1], row[2]): row[3] for row in csv.reader(source) if len(row) >= 4}
