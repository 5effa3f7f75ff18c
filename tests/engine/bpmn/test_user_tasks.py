"""Camunda user tasks (zeebe:userTask): assignment, candidates, schedule, form, priority, lifecycle.
https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from engine.testing import (
    RecordStream,
    assert_that,
    assert_user_task,
    deploy_and_start,
    deploy_resources,
    process,
)
from engine.testing import timer_duration as duration

DOC = "https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/"


def _task(engine: Any, variables: dict[str, Any] | None = None, **task: Any) -> Any:
    pi = deploy_and_start(
        engine, process("p").start_event("s").user_task("review", **task).end_event("e"), variables
    )
    tasks = engine.user_tasks(process_instance_key=pi.key)
    assert len(tasks) == 1, f"expected one open user task, got {tasks}"
    return pi, tasks[0]


def _instant(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def test_user_task_waits_and_is_listed(engine: Any) -> None:
    """Entering a user task creates it (USER_TASK CREATED) and the instance waits.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/"""
    pi, task = _task(engine)
    assert_that(engine, pi).is_waiting_at("review")
    assert task.element_id == "review"
    assert task.process_instance_key == pi.key
    assert task.state == "CREATED"
    created = RecordStream.of(engine).events().of_type("USER_TASK").with_intent("CREATED")
    assert created.values("elementId") == ["review"]


def test_complete_user_task_continues_process(engine: Any) -> None:
    """Completing the user task with variables continues the process; the variables are merged.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/"""
    pi, task = _task(engine)
    engine.complete_user_task(task.key, variables={"approved": True})
    assert_that(engine, pi).is_completed().has_variable("approved", True)
    assert "COMPLETED" in RecordStream.of(engine).events().of_type("USER_TASK").intents()
    assert engine.user_tasks(process_instance_key=pi.key) == []


def test_complete_unknown_user_task_is_not_found(engine: Any, errors: Any) -> None:
    """Completing a user task that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/camunda-api-rest/specifications/complete-user-task/"""
    with pytest.raises(errors.NotFound):
        engine.complete_user_task(4242, variables={})


def test_static_assignee(engine: Any) -> None:
    """A static assignee is set on the task.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    _, task = _task(engine, assignee="zhang.wei")
    assert_user_task(task).has_assignee("zhang.wei")


def test_assignee_expression(engine: Any) -> None:
    """The assignee may be a FEEL expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    _, task = _task(engine, {"owner": "li.na"}, assignee="= owner")
    assert_user_task(task).has_assignee("li.na")


def test_candidate_groups_static_list(engine: Any) -> None:
    """Static candidate groups are a comma-separated list.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    _, task = _task(engine, candidate_groups="finance, it-authority")
    assert_user_task(task).has_candidate_groups("finance", "it-authority")


def test_candidate_groups_expression(engine: Any) -> None:
    """Candidate groups may be a FEEL expression giving a list of strings.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    _, task = _task(engine, {"groups": ["a", "b"]}, candidate_groups="= groups")
    assert_user_task(task).has_candidate_groups("a", "b")


def test_candidate_users(engine: Any) -> None:
    """Candidate users are set from a static list.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    _, task = _task(engine, candidate_users="wang, zhao")
    assert_user_task(task).has_candidate_users("wang", "zhao")


def test_candidate_groups_expression_not_a_list_raises_incident(engine: Any) -> None:
    """Candidate groups that are not a list of strings cannot be extracted: EXTRACT_VALUE_ERROR.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#assignments"""
    pi = deploy_and_start(
        engine,
        process("p").start_event("s").user_task("review", candidate_groups="= g").end_event("e"),
        {"g": 5},
    )
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "review")


def test_due_date_static(engine: Any) -> None:
    """A static due date (ISO 8601 date-time) is set on the task.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#scheduling"""
    _, task = _task(engine, due_date="2026-10-09T17:00:00+08:00")
    assert _instant(task.due_date) == dt.datetime.fromisoformat("2026-10-09T17:00:00+08:00")


def test_due_date_expression(engine: Any) -> None:
    """The due date may be a FEEL expression giving a date and time (or its string).
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#scheduling"""
    _, task = _task(engine, {"deadline": "2026-10-12T17:30:00+08:00"}, due_date="= deadline")
    assert _instant(task.due_date) == dt.datetime.fromisoformat("2026-10-12T17:30:00+08:00")


def test_follow_up_date(engine: Any) -> None:
    """A follow-up date is set like the due date.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#scheduling"""
    _, task = _task(engine, follow_up_date="2026-10-08T09:00:00+08:00")
    assert _instant(task.follow_up_date) == dt.datetime.fromisoformat("2026-10-08T09:00:00+08:00")


def test_invalid_due_date_raises_incident(engine: Any) -> None:
    """A due date that is not a valid date-time raises an EXTRACT_VALUE_ERROR incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#scheduling"""
    pi = deploy_and_start(
        engine,
        process("p").start_event("s").user_task("review", due_date="= deadline").end_event("e"),
        {"deadline": "next friday"},
    )
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "review")


def test_default_priority_is_fifty(engine: Any) -> None:
    """Without a priority definition the task priority is 50.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#define-user-task-priority"""
    _, task = _task(engine)
    assert_user_task(task).has_priority(50)


def test_priority_static_and_expression(engine: Any) -> None:
    """The priority may be static or a FEEL expression (0..100).
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#define-user-task-priority"""
    _, task = _task(engine, {"urgent": True}, priority="= if urgent then 90 else 10")
    assert_user_task(task).has_priority(90)


def test_external_form_reference(engine: Any) -> None:
    """An external form reference is carried by the task.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#user-task-forms"""
    _, task = _task(engine, external_reference="https://forms.example.gov.cn/review")
    assert task.external_form_reference == "https://forms.example.gov.cn/review"


def test_linked_form_resolved_to_form_key(engine: Any) -> None:
    """A formId links a deployed Camunda form; the task gets the form's key.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#camunda-form-linked"""
    form = json.dumps({"id": "review-form", "type": "default", "components": []}).encode()
    deployment = deploy_resources(engine, ("review.form", form))
    _, task = _task(engine, form_id="review-form")
    assert task.form_key == deployment.forms[0].form_key


def test_linked_form_not_deployed_raises_incident(engine: Any) -> None:
    """A formId that matches no deployed form raises a FORM_NOT_FOUND incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#camunda-form-linked"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").user_task("review", form_id="missing").end_event("e")
    )
    assert_that(engine, pi).has_incident("FORM_NOT_FOUND", "review")


def test_assign_and_unassign(engine: Any) -> None:
    """Assigning sets the assignee (USER_TASK ASSIGNED); unassigning clears it.
    https://docs.camunda.io/docs/apis-tools/camunda-api-rest/specifications/assign-user-task/"""
    pi, task = _task(engine)
    engine.assign_user_task(task.key, "chen")
    assert_user_task(engine.user_tasks(process_instance_key=pi.key)[0]).has_assignee("chen")
    assert "ASSIGNED" in RecordStream.of(engine).events().of_type("USER_TASK").intents()
    engine.unassign_user_task(task.key)
    assert_user_task(engine.user_tasks(process_instance_key=pi.key)[0]).has_assignee(None)


def test_update_due_date_and_priority(engine: Any) -> None:
    """Updating a task changes its due date and priority (USER_TASK UPDATED).
    https://docs.camunda.io/docs/apis-tools/camunda-api-rest/specifications/update-user-task/"""
    pi, task = _task(engine)
    engine.update_user_task(task.key, {"dueDate": "2026-11-01T17:00:00+08:00", "priority": 70})
    updated = engine.user_tasks(process_instance_key=pi.key)[0]
    assert _instant(updated.due_date) == dt.datetime.fromisoformat("2026-11-01T17:00:00+08:00")
    assert_user_task(updated).has_priority(70)
    assert "UPDATED" in RecordStream.of(engine).events().of_type("USER_TASK").intents()


def test_user_task_input_mapping_creates_local_variable(engine: Any) -> None:
    """Input mappings of a user task create local variables of the task (shown in its form).
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#variable-mappings"""
    pi, _ = _task(engine, {"project": "电子政务云"}, inputs={"title": '= "审核: " + project'})
    assert_that(engine, pi).has_local_variable("review", "title", "审核: 电子政务云").has_no_variable("title")


def test_boundary_timer_cancels_user_task(engine: Any) -> None:
    """A user task interrupted by a boundary event is cancelled (USER_TASK CANCELED).
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review")
        .end_event("e")
        .boundary_event("late", duration("P5D"), attached_to="review")
        .end_event("escalated")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("P5D")
    assert_that(engine, pi).is_completed().has_passed("escalated")
    assert RecordStream.of(engine).events().of_type("USER_TASK").intents()[-1] == "CANCELED"
    assert engine.user_tasks(process_instance_key=pi.key) == []


def test_user_task_output_mapping(engine: Any) -> None:
    """With output mappings, only mapped completion variables reach the process.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    pi, task = _task(engine, outputs={"decision": "= outcome"})
    engine.complete_user_task(task.key, variables={"outcome": "approve", "comment": "ok"})
    assert_that(engine, pi).is_completed().has_variable("decision", "approve").has_no_variable("comment")


def test_job_worker_user_task_creates_job(engine: Any) -> None:
    """A user task without zeebe:userTask is job-based: a job of type io.camunda.zeebe:userTask,
    with the assignee in the custom headers.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#job-worker-implementation"""
    pi = deploy_and_start(
        engine,
        process("p").start_event("s").user_task("review", assignee="demo", job_worker=True).end_event("e"),
    )
    assert_that(engine).job("io.camunda.zeebe:userTask").has_custom_header(
        "io.camunda.zeebe:assignee", "demo"
    )
    job = engine.activate_jobs("io.camunda.zeebe:userTask", worker="tasklist", timeout_ms=60_000, max_jobs=1)[
        0
    ]
    engine.complete_job(job.key, variables={"ok": True})
    assert_that(engine, pi).is_completed().has_variable("ok", True)
