"""Deployments that used to stop the in-memory engine are rejected, and it serves the next command.

Before, each raised an internal error half-way through the command, after which the in-memory engine
refused every further command (issue #18, item 8). The loop with no wait state, the timer overflow
and the runaway FEEL expression of the same list are in test_runaway_work.py and
test_timer_overflow.py.
"""

from __future__ import annotations

import json

import pytest

from engine.json_documents import MAX_DEPTH
from engine.runtime import Engine
from engine.runtime.errors import DeploymentRejected
from tests.engine.runtime.conftest import END, START, bpmn, chain, serves_the_next_command


def test_a_100_kb_deeply_nested_form_is_rejected_naming_the_file(engine: Engine) -> None:
    depth = 50_000
    form = '{"id": "deep", "type": "default", "components": ' + "[" * depth + "]" * depth + "}"
    assert len(form) >= 100_000
    with pytest.raises(DeploymentRejected, match=rf"'deep\.form'.*nested deeper than {MAX_DEPTH}"):
        engine.deploy([("deep.form", form.encode())])
    serves_the_next_command(engine)


def test_a_form_nested_within_the_bound_deploys(engine: Engine) -> None:
    nested: dict[str, object] = {"type": "textfield", "key": "x"}
    for _ in range(20):
        nested = {"type": "group", "components": [nested]}
    form = {"id": "grouped", "type": "default", "components": [nested]}
    engine.deploy([("grouped.form", json.dumps(form).encode())])
    assert [f["formId"] for f in engine.form_definitions()] == ["grouped"]


def test_a_form_with_a_lone_surrogate_is_rejected(engine: Engine) -> None:
    with pytest.raises(DeploymentRejected, match="lone surrogate"):
        engine.deploy([("bad.form", b'{"id": "bad", "components": [{"label": "\\ud800"}]}')])
    serves_the_next_command(engine)


def test_an_element_with_the_id_of_its_process_is_rejected(engine: Engine) -> None:
    body = START + '<bpmn:task id="p"/>' + END + chain("start", "p", "end")
    with pytest.raises(DeploymentRejected, match="Duplicate element id 'p'"):
        engine.deploy([("p.bpmn", bpmn(body, process_id="p"))])
    serves_the_next_command(engine)
