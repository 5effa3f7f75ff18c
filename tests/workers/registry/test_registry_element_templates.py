from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyzeebe import ZeebeTaskRouter

from workers.registry import models
from workers.registry.router import JOB_TYPES, create_router
from workers.registry.settings import RegistrySettings

TEMPLATES = Path(__file__).resolve().parents[3] / ".camunda" / "element-templates" / "registry.json"
SCHEMA = "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json"
OUTPUTS: dict[str, type[models.Variables]] = {
    "govit.registry.register-project": models.ProjectRegistered,
    "govit.registry.start-phase": models.PhaseStarted,
    "govit.registry.record-application": models.ApplicationRecorded,
    "govit.registry.record-decision": models.DecisionRecorded,
    "govit.registry.record-filing": models.FilingRecorded,
    "govit.registry.record-milestone": models.MilestoneRecorded,
    "govit.registry.record-compliance": models.ComplianceRecorded,
    "govit.registry.record-unit-issue": models.UnitIssueRecorded,
    "govit.registry.check-eligibility": models.EligibilityChecked,
    "govit.registry.list-due-filings": models.DueFilingsListed,
}


def templates() -> list[dict[str, Any]]:
    loaded = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def task_type(template: dict[str, Any]) -> str:
    [value] = [
        p["value"]
        for p in template["properties"]
        if p["binding"] == {"type": "zeebe:taskDefinition", "property": "type"}
    ]
    return str(value)


@pytest.fixture(scope="module")
def router(tmp_path_factory: pytest.TempPathFactory) -> ZeebeTaskRouter:
    return create_router(RegistrySettings(url=f"sqlite:///{tmp_path_factory.mktemp('t') / 'r.db'}"))


def test_one_template_per_registry_job_type() -> None:
    assert sorted(task_type(t) for t in templates()) == sorted(JOB_TYPES) == sorted(OUTPUTS)


@pytest.mark.parametrize("template", templates(), ids=lambda t: t["id"])
def test_template_binds_the_job_inputs_and_outputs(template: dict[str, Any], router: ZeebeTaskRouter) -> None:
    assert template["$schema"] == SCHEMA
    assert template["appliesTo"] == ["bpmn:ServiceTask"]
    assert template["id"] == task_type(template)
    task = router.get_task(task_type(template))
    inputs = {p["binding"]["name"] for p in template["properties"] if p["binding"]["type"] == "zeebe:input"}
    assert inputs == set(task.config.variables_to_fetch or [])
    produced = set(OUTPUTS[task.type].variable_names())
    sources = {
        p["binding"]["source"][1:] for p in template["properties"] if p["binding"]["type"] == "zeebe:output"
    }
    assert sources == produced


@pytest.mark.parametrize("template", templates(), ids=lambda t: t["id"])
def test_dropdown_choices_are_values_the_job_accepts(template: dict[str, Any]) -> None:
    enums = {
        "filingKind": models.FilingKind,
        "milestone": models.MilestoneKind,
        "eligibilityQuestion": models.EligibilityQuestion,
        "force": models.Force,
    }
    for prop in template["properties"]:
        if prop["type"] == "Dropdown":
            allowed = {member.value for member in enums[prop["binding"]["name"]]}
            assert {choice["value"] for choice in prop["choices"]} == allowed
