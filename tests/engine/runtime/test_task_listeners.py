"""User task listeners: blocking jobs at creating/assigning/updating/completing, corrections, denial."""

from __future__ import annotations

import pytest

from engine.runtime import Engine, FailedPrecondition, InvalidArgument
from tests.engine.runtime.diagrams import END, START, bpmn, chain


def _deploy(engine: Engine, listeners: list[tuple[str, str]], assignee: str | None = None) -> int:
    entries = "".join(f'<zeebe:taskListener eventType="{e}" type="{t}"/>' for e, t in listeners)
    assignment = f'<zeebe:assignmentDefinition assignee="{assignee}"/>' if assignee else ""
    task = (
        '<bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask/>'
        f"{assignment}<zeebe:taskListeners>{entries}</zeebe:taskListeners>"
        "</bpmn:extensionElements></bpmn:userTask>"
    )
    engine.deploy([("p.bpmn", bpmn(START + task + END + chain("start", "review", "end")))])
    return engine.create_instance("p").key


def _intents(engine: Engine) -> list[str]:
    return [r.intent for r in engine.records if r.value_type == "USER_TASK" and r.record_type == "EVENT"]


def test_creating_listener_blocks_until_its_job_completes(engine: Engine) -> None:
    _deploy(engine, [("creating", "setup")])
    assert _intents(engine) == ["CREATING"]
    assert engine.user_tasks() == []
    [job] = engine.activate_jobs("setup")
    engine.complete_job(job.key, result={"corrections": {"assignee": "alice", "priority": 80}})
    [task] = engine.user_tasks()
    assert (task.assignee, task.priority) == ("alice", 80)
    assert _intents(engine) == ["CREATING", "CORRECTED", "CREATED"]


def test_denied_assignment_restores_the_task(engine: Engine) -> None:
    _deploy(engine, [("assigning", "check")])
    [task] = engine.user_tasks()
    engine.assign_user_task(task.key, "mallory")
    with pytest.raises(FailedPrecondition, match="ASSIGNING"):
        engine.complete_user_task(task.key)
    [job] = engine.activate_jobs("check")
    engine.complete_job(job.key, result={"denied": True, "deniedReason": "not in the group"})
    [task] = engine.user_tasks()
    assert task.assignee is None
    assert _intents(engine)[-2:] == ["ASSIGNING", "ASSIGNMENT_DENIED"]


def test_completing_listener_runs_before_the_element_completes(engine: Engine) -> None:
    pi = _deploy(engine, [("completing", "archive")])
    [task] = engine.user_tasks()
    engine.complete_user_task(task.key, {"approved": True})
    assert engine.instance(pi).state == "ACTIVE"
    [job] = engine.activate_jobs("archive")
    engine.complete_job(job.key)
    assert engine.instance(pi).state == "COMPLETED"


def test_creating_listener_may_not_deny(engine: Engine) -> None:
    _deploy(engine, [("creating", "setup")])
    [job] = engine.activate_jobs("setup")
    with pytest.raises(InvalidArgument, match="not to deny"):
        engine.complete_job(job.key, result={"denied": True})


def test_failed_listener_without_retries_raises_an_incident(engine: Engine) -> None:
    pi = _deploy(engine, [("creating", "setup")])
    [job] = engine.activate_jobs("setup")
    engine.fail_job(job.key, retries=0, error_message="directory down")
    [incident] = engine.incidents(pi)
    assert incident.error_type == "TASK_LISTENER_NO_RETRIES"


def test_assignee_at_creation_goes_through_assigning_listeners(engine: Engine) -> None:
    _deploy(engine, [("assigning", "check")], assignee="bob")
    assert _intents(engine) == ["CREATING", "CREATED", "ASSIGNING"]
    engine.complete_job(engine.activate_jobs("check")[0].key)
    [task] = engine.user_tasks()
    assert task.assignee == "bob"
    assert _intents(engine)[-1] == "ASSIGNED"
