"""Execution listeners (start/end jobs around an element) and resource binding types of called
decisions and linked forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.testing import (
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    process,
)

DIAGRAMS = Path(__file__).parent / "diagrams"
LISTENERS = "https://docs.camunda.io/docs/components/concepts/execution-listeners/"


def _task_with(listeners: list[tuple[str, str]]) -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work", execution_listeners=listeners)
        .end_event("e")
    )


def _created_job_types(engine: Any) -> list[str]:
    return [
        str(t) for t in RecordStream.of(engine).events().of_type("JOB").with_intent("CREATED").values("type")
    ]


def test_start_listener_runs_before_element_is_activated(engine: Any) -> None:
    """A start execution listener's job runs while the element is ACTIVATING; the task's own job
    is created only after the listener completed.
    https://docs.camunda.io/docs/components/concepts/execution-listeners/"""
    pi = deploy_and_start(engine, _task_with([("start", "prepare")]))
    assert_that(engine, pi).has_intents("task", "ELEMENT_ACTIVATING")
    assert _created_job_types(engine) == ["prepare"]
    complete_jobs(engine, "prepare")
    assert_that(engine, pi).is_waiting_at("task")
    assert _created_job_types(engine) == ["prepare", "work"]


def test_end_listener_runs_before_element_completes(engine: Any) -> None:
    """An end execution listener's job runs while the element is COMPLETING.
    https://docs.camunda.io/docs/components/concepts/execution-listeners/"""
    pi = deploy_and_start(engine, _task_with([("end", "audit")]))
    complete_jobs(engine, "work")
    assert_that(engine, pi).has_intents(
        "task", "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED", "ELEMENT_COMPLETING"
    ).is_active()
    complete_jobs(engine, "audit")
    assert_that(engine, pi).is_completed()


def test_listeners_run_in_order(engine: Any) -> None:
    """Several listeners of one event type run one after another, in the order defined.
    https://docs.camunda.io/docs/components/concepts/execution-listeners/"""
    deploy_and_start(engine, _task_with([("start", "first"), ("start", "second")]))
    assert _created_job_types(engine) == ["first"]
    complete_jobs(engine, "first")
    assert _created_job_types(engine) == ["first", "second"]


def test_listener_job_kind(engine: Any) -> None:
    """A listener job is of kind EXECUTION_LISTENER with its listener event type.
    https://docs.camunda.io/docs/components/concepts/execution-listeners/"""
    deploy_and_start(engine, _task_with([("start", "prepare")]))
    job = RecordStream.of(engine).events().of_type("JOB").with_intent("CREATED").first()
    assert job.value["jobKind"] == "EXECUTION_LISTENER"
    assert job.value["jobListenerEventType"] == "START"


def test_failed_listener_without_retries_raises_listener_incident(engine: Any) -> None:
    """A listener job failed without retries raises an EXECUTION_LISTENER_NO_RETRIES incident.
    https://docs.camunda.io/docs/components/concepts/execution-listeners/"""
    pi = deploy_and_start(engine, _task_with([("start", "prepare")]))
    engine.fail_job(activate_one(engine, "prepare").key, retries=0, error_message="down")
    assert_that(engine, pi).has_incident("EXECUTION_LISTENER_NO_RETRIES", "task")


def test_end_listener_on_end_event(engine: Any) -> None:
    """End events may have end listeners; the process completes after them.
    https://docs.camunda.io/docs/components/concepts/execution-listeners/"""
    builder = process("p").start_event("s").end_event("e", execution_listeners=[("end", "closing")])
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_active()
    complete_jobs(engine, "closing")
    assert_that(engine, pi).is_completed()


# ---------------------------------------------------------------------- binding types
def _route_v2() -> tuple[str, bytes]:
    body = (DIAGRAMS / "route.dmn").read_bytes().replace(b'"expert-review"', b'"expert-panel"')
    return "route.dmn", body


def test_called_decision_binding_deployment(engine: Any) -> None:
    """bindingType="deployment" on a called decision uses the decision deployed with the process.
    https://docs.camunda.io/docs/components/best-practices/modeling/choosing-the-resource-binding-type/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route", binding_type="deployment")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    deploy_resources(engine, _route_v2())
    pi = engine.create_instance("p", variables={"amount": 2000000})
    assert_that(engine, pi).has_variable("route", "expert-review")


def test_called_decision_binding_latest(engine: Any) -> None:
    """By default (bindingType latest) the newest decision version is evaluated.
    https://docs.camunda.io/docs/components/best-practices/modeling/choosing-the-resource-binding-type/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    deploy_resources(engine, _route_v2())
    pi = engine.create_instance("p", variables={"amount": 2000000})
    assert_that(engine, pi).has_variable("route", "expert-panel")


def _form(version_marker: str) -> tuple[str, bytes]:
    body = {"id": "review-form", "type": "default", "components": [{"type": "text", "text": version_marker}]}
    return "review.form", json.dumps(body).encode()


def test_linked_form_binding_deployment(engine: Any) -> None:
    """bindingType="deployment" on a linked form uses the form deployed with the process.
    https://docs.camunda.io/docs/components/best-practices/modeling/choosing-the-resource-binding-type/"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review", form_id="review-form", form_binding_type="deployment")
        .end_event("e")
    )
    first = deploy_resources(engine, _form("v1"), builder)
    deploy_resources(engine, _form("v2"))
    pi = engine.create_instance("p", variables={})
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    assert task.form_key == first.forms[0].form_key


def test_linked_form_binding_latest(engine: Any) -> None:
    """By default the latest version of the linked form is used.
    https://docs.camunda.io/docs/components/best-practices/modeling/choosing-the-resource-binding-type/"""
    builder = process("p").start_event("s").user_task("review", form_id="review-form").end_event("e")
    deploy_resources(engine, _form("v1"), builder)
    second = deploy_resources(engine, _form("v2"))
    assert second.forms[0].version == 2
    pi = engine.create_instance("p", variables={})
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    assert task.form_key == second.forms[0].form_key


# ---------------------------------------------------------------------- user task listeners
def _listened_task(event_type: str, job_type: str) -> Any:
    return (
        process("p")
        .start_event("s")
        .user_task("review", task_listeners=[(event_type, job_type)])
        .end_event("e")
    )


def _user_task_intents(engine: Any) -> list[str]:
    return RecordStream.of(engine).events().of_type("USER_TASK").intents()


def test_completing_listener_runs_before_task_completes(engine: Any) -> None:
    """A completing task listener is a job run while the user task is COMPLETING; the task completes
    (and the process continues) when the listener job completes.
    https://docs.camunda.io/docs/components/concepts/user-task-listeners/"""
    pi = deploy_and_start(engine, _listened_task("completing", "audit"))
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    engine.complete_user_task(task.key, variables={})
    assert _user_task_intents(engine)[-1] == "COMPLETING"
    assert_that(engine, pi).is_waiting_at("review")
    complete_jobs(engine, "audit")
    assert _user_task_intents(engine)[-1] == "COMPLETED"
    assert_that(engine, pi).is_completed()


def test_task_listener_job_kind(engine: Any) -> None:
    """A task listener job is of kind TASK_LISTENER with the listener event type.
    https://docs.camunda.io/docs/components/concepts/user-task-listeners/"""
    pi = deploy_and_start(engine, _listened_task("completing", "audit"))
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    engine.complete_user_task(task.key, variables={})
    job = RecordStream.of(engine).events().of_type("JOB").with_intent("CREATED").where(type="audit").first()
    assert job.value["jobKind"] == "TASK_LISTENER"
    assert job.value["jobListenerEventType"] == "COMPLETING"


def test_assigning_listener_runs_before_assignment(engine: Any) -> None:
    """An assigning task listener runs while the task is ASSIGNING; the assignee is set once the
    listener job completes. https://docs.camunda.io/docs/components/concepts/user-task-listeners/"""
    pi = deploy_and_start(engine, _listened_task("assigning", "check-assignee"))
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    engine.assign_user_task(task.key, "li")
    assert _user_task_intents(engine)[-1] == "ASSIGNING"
    complete_jobs(engine, "check-assignee")
    assert _user_task_intents(engine)[-1] == "ASSIGNED"
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    assert task.assignee == "li"
