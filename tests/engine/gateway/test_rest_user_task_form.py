"""GET /v2/user-tasks/{userTaskKey}/form: the deployed form a user task links to.

The form's ``schema`` is sent as the deployed form's JSON text, as Camunda 8.8 sends it (the 8.9
contract documents it so: "the form schema as a JSON document serialized as a string"). The 8.8
document types it as an object, and the pinned Python SDK (1.1.3) follows that document: its
``get_user_task_form`` cannot read a found form (``GetUserTaskFormResponse200Schema.from_dict`` is
handed a string), so a found form is read here over plain HTTP; the SDK's 404 error is checked."""

from __future__ import annotations

import json

import httpx
import pytest
from camunda_orchestration_sdk import errors as sdk_errors

from engine.testing.builder import process
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_sdk import orchestration_client

FILING_FORM = {
    "id": "filing_review",
    "type": "default",
    "components": [{"key": "approved", "label": "Approve the filing", "type": "checkbox"}],
}


def _review(form_id: str | None = None, external_reference: str | None = None) -> bytes:
    return (
        process("review")
        .start_event("start")
        .user_task("approve", name="Approve filing", form_id=form_id, external_reference=external_reference)
        .end_event("end")
        .to_xml()
    )


def _task_key(gateway: Served) -> int:
    [task] = gateway.engine.user_tasks()
    return task.key


def test_the_linked_form_of_a_user_task_is_returned(gateway: Served) -> None:
    engine = gateway.engine
    schema = json.dumps(FILING_FORM).encode()
    engine.deploy([("filing.form", schema), ("review.bpmn", _review(form_id="filing_review"))])
    engine.create_instance("review")
    [form] = engine.form_definitions()

    result = httpx.get(f"{gateway.rest_url}/v2/user-tasks/{_task_key(gateway)}/form").json()

    assert result["formId"] == "filing_review"
    assert result["formKey"] == str(form["key"])
    assert result["version"] == 1
    assert result["tenantId"] == "<default>"
    assert json.loads(result["schema"]) == FILING_FORM


def test_the_form_version_bound_at_task_creation_is_returned(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("filing.form", json.dumps(FILING_FORM).encode())])
    engine.deploy([("review.bpmn", _review(form_id="filing_review"))])
    changed = dict(FILING_FORM, components=[{"key": "note", "label": "Note", "type": "textfield"}])
    engine.deploy([("filing.form", json.dumps(changed).encode())])
    engine.create_instance("review")

    body = httpx.get(f"{gateway.rest_url}/v2/user-tasks/{_task_key(gateway)}/form").json()

    assert body["version"] == 2
    assert json.loads(body["schema"]) == changed
    assert set(body) == {"tenantId", "formId", "schema", "version", "formKey"}


@pytest.mark.parametrize("external_reference", [None, "https://forms.example.gov.cn/filing"])
def test_a_task_without_a_linked_form_answers_204(gateway: Served, external_reference: str | None) -> None:
    gateway.engine.deploy([("review.bpmn", _review(external_reference=external_reference))])
    gateway.engine.create_instance("review")

    response = httpx.get(f"{gateway.rest_url}/v2/user-tasks/{_task_key(gateway)}/form")

    assert response.status_code == 204
    assert response.content == b""


def test_an_unknown_user_task_form_is_a_404_problem(gateway: Served) -> None:
    response = httpx.get(f"{gateway.rest_url}/v2/user-tasks/2251799813685999/form")
    assert response.status_code == 404
    assert "2251799813685999" in response.json()["detail"]
    with pytest.raises(sdk_errors.GetUserTaskFormNotFound):
        orchestration_client(gateway).get_user_task_form("2251799813685999")


def test_a_non_numeric_user_task_key_is_a_400_problem(gateway: Served) -> None:
    response = httpx.get(f"{gateway.rest_url}/v2/user-tasks/review/form")
    assert response.status_code == 400
    assert "key" in response.json()["detail"]
