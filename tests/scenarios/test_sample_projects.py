"""Every region's sample project file (deploy/samples/) starts its lifecycle and reaches its first
task without an incident, with the variables `govit start FILE` sends."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import Backend, ProcessApp, region

from govit.project import load_project

SAMPLES = Path(__file__).resolve().parents[2] / "deploy" / "samples"


@pytest.mark.parametrize(
    ("code", "first_task"),
    [
        pytest.param("hy", ("fill_application", ["hy-owner"]), id="HY-11-1"),
        pytest.param("lz", ("fill_application", ["lz-owner"]), id="LZ-8-1"),
        pytest.param("th", ("fill_application", ["th-owner"]), id="TH-11-1"),
        pytest.param("yb", ("fill_demand_declaration", ["yb-owner"]), id="YB-6-1"),
    ],
)
def test_sample_project_file_starts_its_lifecycle_and_reaches_the_first_task(
    tmp_path: Path,
    registry_template: Path,
    scenario_backend: Backend,
    code: str,
    first_task: tuple[str, list[str]],
) -> None:
    project = load_project(SAMPLES / f"{code}-project.yaml")
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region(code)
    ) as app:
        instance = app.start(project.process_id(), project.variables())
        element_id, groups = first_task
        assert app.task(element_id).candidate_groups == groups
        incidents = [
            incident
            for key in app.instance_tree()
            for incident in app.rest.incidents(processInstanceKey=str(key), state="ACTIVE")
        ]
        assert incidents == [], incidents
        assert app.instance(instance).state() == "ACTIVE"
