from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workers.notifications.models import NotificationSent, NotificationTemplate, SendNotification
from workers.notifications.router import JOB_TYPES

TEMPLATES = Path(__file__).resolve().parents[3] / ".camunda" / "element-templates" / "notifications.json"


def test_send_template_binds_every_input_and_output_of_the_job() -> None:
    (template,) = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    properties: list[dict[str, Any]] = template["properties"]
    [job_type] = [p["value"] for p in properties if p["binding"].get("property") == "type"]
    assert [job_type] == list(JOB_TYPES) == [template["id"]]
    inputs = {p["binding"]["name"] for p in properties if p["binding"]["type"] == "zeebe:input"}
    assert inputs == set(SendNotification.variable_names())
    outputs = {p["binding"]["source"][1:] for p in properties if p["binding"]["type"] == "zeebe:output"}
    assert outputs == set(NotificationSent.variable_names())
    [dropdown] = [p for p in properties if p["type"] == "Dropdown"]
    assert {c["value"] for c in dropdown["choices"]} == {t.value for t in NotificationTemplate}
