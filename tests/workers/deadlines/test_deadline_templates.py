import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from workers.deadlines.models import DueDateResult, ElapsedResult, OverdueResult, ReminderDateResult
from workers.deadlines.router import create_router
from workers.deadlines.settings import DeadlineSettings

TEMPLATES = Path(__file__).resolve().parents[3] / ".camunda" / "element-templates" / "deadlines.json"
SCHEMA = "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json"
RESULTS: dict[str, type[BaseModel]] = {
    "govit.deadlines.due-date": DueDateResult,
    "govit.deadlines.reminder-date": ReminderDateResult,
    "govit.deadlines.working-days-elapsed": ElapsedResult,
    "govit.deadlines.check-overdue": OverdueResult,
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


def test_one_template_per_registered_job_type() -> None:
    router = create_router(DeadlineSettings())
    assert sorted(task_type(t) for t in templates()) == sorted(task.type for task in router.tasks)


@pytest.mark.parametrize("template", templates(), ids=lambda t: t["id"])
def test_template_shape(template: dict[str, Any]) -> None:
    assert template["$schema"] == SCHEMA
    assert template["appliesTo"] == ["bpmn:ServiceTask"]
    assert template["elementType"] == {"value": "bpmn:ServiceTask"}
    assert template["id"] == task_type(template)
    assert " / " in template["name"]  # Chinese / English, as process owners search for either
    groups = {group["id"] for group in template["groups"]}
    assert all(p.get("group", "input") in groups for p in template["properties"])


@pytest.mark.parametrize("template", templates(), ids=lambda t: t["id"])
def test_template_inputs_and_outputs_match_the_job(template: dict[str, Any]) -> None:
    task = create_router(DeadlineSettings()).get_task(task_type(template))
    inputs = {p["binding"]["name"] for p in template["properties"] if p["binding"]["type"] == "zeebe:input"}
    assert inputs == set(task.config.variables_to_fetch or [])
    produced = {field.alias for field in RESULTS[task.type].model_fields.values()}
    sources = {
        p["binding"]["source"] for p in template["properties"] if p["binding"]["type"] == "zeebe:output"
    }
    assert sources and all(source.startswith("=") and source[1:] in produced for source in sources)
