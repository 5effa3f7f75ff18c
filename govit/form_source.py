"""Finds the form of a user task: from the cluster, or from the project's own bpmn/ and forms/.

A Camunda 8.8 cluster serves a task's linked form (``GET /v2/user-tasks/{key}/form``); where a
cluster serves none, the form is looked up the way Zeebe links it: the task's element carries
``zeebe:formDefinition formId``, and the form with that id lives under ``forms/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from govit.forms import load_forms
from govit.rest import RestClient

_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_ZEEBE = "http://camunda.org/schema/zeebe/1.0"


class FormNotFound(LookupError):
    pass


def form_ids(bpmn_folder: Path) -> dict[tuple[str, str], str]:
    """(process id, user task id) → form id, over every .bpmn file under ``bpmn_folder``."""
    linked: dict[tuple[str, str], str] = {}
    for path in sorted(bpmn_folder.rglob("*.bpmn")):
        tree = etree.parse(str(path))
        for process in tree.iter(f"{{{_BPMN}}}process"):
            for task in process.iter(f"{{{_BPMN}}}userTask"):
                definition = task.find(f".//{{{_ZEEBE}}}formDefinition")
                if definition is not None and definition.get("formId"):
                    linked[(str(process.get("id")), str(task.get("id")))] = str(definition.get("formId"))
    return linked


def task_form(
    rest: RestClient, task: dict[str, Any], bpmn_folder: Path, forms_folder: Path
) -> dict[str, Any]:
    schema = rest.user_task_form(str(task["userTaskKey"]))
    if schema is not None:
        return schema
    form_id = form_ids(bpmn_folder).get((task["processDefinitionId"], task["elementId"]))
    if form_id is None:
        raise FormNotFound(
            f"user task '{task['elementId']}' of '{task['processDefinitionId']}' links no form "
            f"the cluster serves or {bpmn_folder} declares"
        )
    forms = load_forms(forms_folder)
    if form_id not in forms:
        raise FormNotFound(f"form '{form_id}' of user task '{task['elementId']}' is not under {forms_folder}")
    return forms[form_id]
