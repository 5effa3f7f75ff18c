"""Process instance modification: activate elements, terminate element instances."""

from __future__ import annotations

import pytest

from engine.runtime import ActivateInstruction, Engine, InvalidArgument
from tests.engine.runtime.diagrams import END, START, bpmn, chain, service


def _deploy(engine: Engine) -> int:
    engine.deploy(
        [
            (
                "p.bpmn",
                bpmn(START + service("a", "a") + service("b", "b") + END + chain("start", "a", "b", "end")),
            )
        ]
    )
    return engine.create_instance("p").key


def test_activate_another_element_and_terminate_the_current_one(engine: Engine) -> None:
    pi = _deploy(engine)
    [job] = engine.activate_jobs("a")
    engine.modify_instance(
        pi,
        activate=[ActivateInstruction("b", variables={"skipped": True})],
        terminate=[job.element_instance_key],
    )
    assert [e.element_id for e in engine.instance(pi).active_elements] == ["b"]
    assert engine.variables(pi) == {"skipped": True}
    engine.complete_job(engine.activate_jobs("b")[0].key)
    assert engine.instance(pi).state == "COMPLETED"


def test_terminating_the_last_element_terminates_the_instance(engine: Engine) -> None:
    pi = _deploy(engine)
    [job] = engine.activate_jobs("a")
    engine.modify_instance(pi, terminate=[job.element_instance_key])
    assert engine.instance(pi).state == "TERMINATED"


def test_unknown_element_is_rejected(engine: Engine) -> None:
    pi = _deploy(engine)
    with pytest.raises(InvalidArgument, match="could not be found: 'nope'"):
        engine.modify_instance(pi, activate=["nope"])
    assert engine.instance(pi).state == "ACTIVE"
