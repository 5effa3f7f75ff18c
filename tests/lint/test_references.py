"""What the diagrams reference exists: forms (formId), called processes, called decisions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from lint_runs import BPMN_FILES, FORM_FILES, PROJECT, relative
from lxml import etree

ZEEBE = "http://camunda.org/schema/zeebe/1.0"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def form_ids() -> list[str]:
    return [json.loads(path.read_text(encoding="utf-8")).get("id") for path in FORM_FILES]


def process_ids() -> set[str]:
    return {
        process.get("id")
        for path in BPMN_FILES
        for process in etree.parse(str(path)).getroot().iter(f"{{{BPMN}}}process")
    }


def decision_ids() -> set[str]:
    return {
        decision.get("id")
        for path in sorted((PROJECT / "decisions").glob("*.dmn"))
        for decision in etree.parse(str(path)).getroot().iter("{*}decision")
    }


def test_form_ids_are_unique() -> None:
    duplicates = [form_id for form_id, count in Counter(form_ids()).items() if count > 1]
    assert not duplicates, f"form ids used by more than one form: {duplicates}"


@pytest.mark.parametrize("path", BPMN_FILES, ids=relative)
def test_every_reference_of_the_diagram_exists(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    forms, processes, decisions = set(form_ids()), process_ids(), decision_ids()
    problems = []
    for element in root.iter(f"{{{ZEEBE}}}formDefinition"):
        form_id = element.get("formId")
        if form_id is not None and form_id not in forms:
            problems.append(f"{_owner(element)}: formId '{form_id}' is not the id of any forms/**/*.form")
    for element in root.iter(f"{{{ZEEBE}}}calledElement"):
        process_id = element.get("processId", "")
        if not process_id.startswith("=") and process_id not in processes:
            problems.append(f"{_owner(element)}: called process '{process_id}' is not in bpmn/")
    for element in root.iter(f"{{{ZEEBE}}}calledDecision"):
        decision_id = element.get("decisionId", "")
        if not decision_id.startswith("=") and decision_id not in decisions:
            problems.append(f"{_owner(element)}: called decision '{decision_id}' is not in decisions/")
    assert not problems, f"{relative(path)}:\n  " + "\n  ".join(problems)


def _owner(extension: etree._Element) -> str:
    """The id of the BPMN element an extension element belongs to."""
    element = extension.getparent()
    while element is not None and element.get("id") is None:
        element = element.getparent()
    return f"element '{element.get('id')}'" if element is not None else "(definitions)"
