"""Deleting deployed resources: process definitions (latest falls back, versions never reused), forms."""

from __future__ import annotations

import json

import pytest

from engine.runtime import Engine, FailedPrecondition, NotFound
from tests.engine.runtime.diagrams import END, START, bpmn, chain, service


def _deploy(engine: Engine, end_id: str) -> int:
    body = START + service("a", "work") + f'<bpmn:endEvent id="{end_id}"/>' + chain("start", "a", end_id)
    return engine.deploy([("p.bpmn", bpmn(body))]).processes[0].process_definition_key


def test_deleting_the_latest_version_makes_the_previous_one_latest(engine: Engine) -> None:
    first = _deploy(engine, "end_v1")
    second = _deploy(engine, "end_v2")
    engine.delete_resource(second)
    assert engine.create_instance("p").process_definition_key == first
    third = engine.deploy([("p.bpmn", bpmn(START + END + chain("start", "end")))]).processes[0]
    assert third.version == 3


def test_a_definition_with_running_instances_cannot_be_deleted(engine: Engine) -> None:
    key = _deploy(engine, "end")
    engine.create_instance("p")
    with pytest.raises(FailedPrecondition, match="running instances"):
        engine.delete_resource(key)
    assert any(
        r.record_type == "COMMAND_REJECTION" and r.value_type == "RESOURCE_DELETION" for r in engine.records
    )


def test_deleted_definition_takes_no_new_instances(engine: Engine) -> None:
    key = _deploy(engine, "end")
    engine.delete_resource(key)
    with pytest.raises(NotFound):
        engine.create_instance("p")


def test_form_deletion_and_unknown_keys(engine: Engine) -> None:
    form = engine.deploy([("f.form", json.dumps({"id": "review", "components": []}).encode())]).forms[0]
    engine.delete_resource(form.form_key)
    assert engine.form_definitions() == []
    with pytest.raises(NotFound):
        engine.delete_resource(form.form_key)
