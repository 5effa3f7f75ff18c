"""The embedded engine accepts every process, decision and form in one deployment, as Zeebe would:
its validation catches what bpmnlint does not (e.g. an end event with an outgoing flow)."""

from __future__ import annotations

from lint_runs import BPMN_FILES, FORM_FILES, PROJECT

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.runtime.errors import DeploymentRejected


def test_every_resource_deploys_together() -> None:
    files = [*BPMN_FILES, *sorted((PROJECT / "decisions").glob("*.dmn")), *FORM_FILES]
    engine = Engine.in_memory(clock=ControlledClock())
    try:
        deployment = engine.deploy([(str(path.relative_to(PROJECT)), path.read_bytes()) for path in files])
    except DeploymentRejected as rejected:
        raise AssertionError(str(rejected)) from None
    finally:
        engine.close()
    assert len(deployment.processes) >= len(BPMN_FILES)
    assert len(deployment.forms) == len(FORM_FILES)
