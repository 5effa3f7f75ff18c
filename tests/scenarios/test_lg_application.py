"""LG 立项: application and approval (bpmn/lg/application.bpmn), through the real workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import ProcessApp
from lg_scenarios import LG_START, lg_project, preliminary_design_approved

from engine.testing import assert_that


@pytest.fixture
def app(tmp_path: Path, registry_template: Path) -> Iterator[ProcessApp]:
    with ProcessApp.running(tmp_path, start=LG_START, registry_template=registry_template) as running:
        yield running


def start_application(app: ProcessApp, **facts: object) -> int:
    return app.start("lg-project-application", {"projectId": None, **lg_project(app, **facts)})


def test_LG_12_1_LG_12_8_standard_project_approved_through_preliminary_design(app: ProcessApp) -> None:
    instance = start_application(app)
    preliminary_design_approved(app)
    assert_that(app.engine, instance).is_completed().has_passed("approved").has_not_passed(
        "fsr_formal_acceptance", "topic_meeting", "proposal_review"
    )
    variables = app.variables(instance)
    assert variables["route"]["route"] == "LG_STANDARD"
    assert variables["pdExpertReview"]["conclusion"] == "PASSED"
