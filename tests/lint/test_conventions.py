"""Modelling conventions of the project (DESIGN.md "Process modelling", bpmn/shared/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lint_runs import BPMN_FILES, relative
from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
MODELER = "http://camunda.org/schema/modeler/1.0"
STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
CJK = re.compile(r"[\u4e00-\u9fff]")
NAMED = (
    "task",
    "userTask",
    "serviceTask",
    "businessRuleTask",
    "callActivity",
    "startEvent",
    "endEvent",
    "boundaryEvent",
    "intermediateCatchEvent",
    "exclusiveGateway",
    "subProcess",
)


def tag(element: etree._Element) -> str:
    return etree.QName(element).localname


@pytest.mark.parametrize("path", BPMN_FILES, ids=relative)
def test_diagram_targets_camunda_8_8(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    assert root.get(f"{{{MODELER}}}executionPlatform") == "Camunda Cloud", relative(path)
    assert root.get(f"{{{MODELER}}}executionPlatformVersion") == "8.8.0", relative(path)


@pytest.mark.parametrize("path", BPMN_FILES, ids=relative)
def test_numbers_never_sit_in_gateway_conditions(path: Path) -> None:
    """Thresholds live in DMN: a condition asks a decision's result (`=route.needsFeasibilityStudy`)."""
    root = etree.parse(str(path)).getroot()
    offending = []
    for flow in root.iter(f"{{{BPMN}}}sequenceFlow"):
        condition = flow.findtext(f"{{{BPMN}}}conditionExpression") or ""
        if re.search(r"\d", STRING_LITERAL.sub('""', condition)):
            offending.append(f"{flow.get('id')}: {condition.strip()}")
    assert not offending, f"{relative(path)}: numbers in conditions:\n  " + "\n  ".join(offending)


@pytest.mark.parametrize("path", BPMN_FILES, ids=relative)
def test_user_tasks_are_camunda_user_tasks_with_a_form_and_a_role(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    problems = []
    for task in root.iter(f"{{{BPMN}}}userTask"):
        if task.find(f".//{{{ZEEBE}}}userTask") is None:
            problems.append(f"{task.get('id')}: not a Camunda user task (zeebe:userTask)")
        form = task.find(f".//{{{ZEEBE}}}formDefinition")
        if form is None or not form.get("formId"):
            problems.append(f"{task.get('id')}: no zeebe:formDefinition formId")
        assignment = task.find(f".//{{{ZEEBE}}}assignmentDefinition")
        if assignment is None or not (assignment.get("candidateGroups") or assignment.get("assignee")):
            problems.append(f"{task.get('id')}: no candidate groups or assignee")
    assert not problems, f"{relative(path)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", BPMN_FILES, ids=relative)
def test_element_names_are_chinese_and_ids_english(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != BPMN:
            continue
        element_id = element.get("id") or ""
        if element_id and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", element_id):
            problems.append(f"id {element_id!r} is not plain ASCII")
        joining = tag(element).endswith("Gateway") and len(element.findall(f"{{{BPMN}}}outgoing")) <= 1
        if tag(element) in NAMED and not joining and not CJK.search(element.get("name") or ""):
            problems.append(f"{element_id}: name {element.get('name')!r} is not Chinese")
    assert not problems, f"{relative(path)}:\n  " + "\n  ".join(problems)
