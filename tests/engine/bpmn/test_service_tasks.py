"""Service tasks and the other job-based elements: job creation, type, retries, headers,
variables offered to workers, completion. https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import (
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    message,
    process,
)


def _task_process(**task: Any) -> Any:
    return process("p").start_event("s").service_task("task", **task).end_event("e")


def test_service_task_creates_a_job_and_waits(engine: Any) -> None:
    """Entering a service task creates a job of the task's type; the instance waits there.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    pi = deploy_and_start(engine, _task_process(job_type="payment"))
    assert_that(engine, pi).is_active().is_waiting_at("task")
    assert_that(engine).job("payment").has_state("CREATED").has_element_id("task")


def test_job_created_after_task_activated(engine: Any) -> None:
    """The job is created once the task is ACTIVATED, before anything else happens.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    pi = deploy_and_start(engine, _task_process(job_type="payment"))
    records = [
        r
        for r in RecordStream.of(engine).events().process_instance(pi.key)
        if r.value_type in ("JOB", "PROCESS_INSTANCE")
    ]
    labels = [(r.value_type, r.value.get("elementId"), r.intent) for r in records]
    activated = labels.index(("PROCESS_INSTANCE", "task", "ELEMENT_ACTIVATED"))
    assert labels[activated + 1] == ("JOB", "task", "CREATED")


def test_completing_the_job_completes_the_task(engine: Any) -> None:
    """When the worker completes the job, the task completes and the flow continues.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    pi = deploy_and_start(engine, _task_process(job_type="payment"))
    complete_jobs(engine, "payment")
    assert_that(engine, pi).is_completed().has_passed("task").has_intents(
        "task", "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED", "ELEMENT_COMPLETING", "ELEMENT_COMPLETED"
    )
    assert_that(engine).job("payment").has_state("COMPLETED")


def test_job_default_retries_is_three(engine: Any) -> None:
    """Without a retries attribute a job gets 3 retries.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    deploy_and_start(engine, _task_process(job_type="payment"))
    assert_that(engine).job("payment").has_retries(3)


def test_job_retries_from_task_definition(engine: Any) -> None:
    """The task definition's retries attribute sets the job's retries.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    deploy_and_start(engine, _task_process(job_type="payment", retries="5"))
    assert_that(engine).job("payment").has_retries(5)


def test_job_type_expression_is_evaluated(engine: Any) -> None:
    """The job type may be a FEEL expression, evaluated when the task is entered.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    deploy_and_start(engine, _task_process(job_type='= "notify-" + channel'), {"channel": "sms"})
    assert_that(engine).job("notify-sms").has_element_id("task")


def test_job_retries_expression_is_evaluated(engine: Any) -> None:
    """The retries may be a FEEL expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    deploy_and_start(engine, _task_process(job_type="payment", retries="= attempts * 2"), {"attempts": 4})
    assert_that(engine).job("payment").has_retries(8)


def test_job_type_expression_not_a_string_raises_incident(engine: Any) -> None:
    """A job type expression that does not give a string creates an EXTRACT_VALUE_ERROR incident while
    the task is still ACTIVATING (no job is created).
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = deploy_and_start(engine, _task_process(job_type="= channel"), {"channel": 42})
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "task").has_not_activated("task")


def test_task_headers_are_offered_to_the_worker(engine: Any) -> None:
    """Task headers (static key/value pairs) reach the worker as custom headers.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/"""
    deploy_and_start(
        engine, _task_process(job_type="notify", headers={"template": "due-soon", "channel": "mail"})
    )
    job = activate_one(engine, "notify")
    assert job.custom_headers == {"template": "due-soon", "channel": "mail"}
    assert_that(engine).job("notify").has_custom_header("template", "due-soon")


def test_activated_job_carries_all_visible_variables(engine: Any) -> None:
    """By default the worker receives every variable visible from the task.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    deploy_and_start(engine, _task_process(job_type="work"), {"a": 1, "b": {"c": [1, 2]}})
    job = activate_one(engine, "work")
    assert job.variables == {"a": 1, "b": {"c": [1, 2]}}


def test_fetch_variables_limits_job_variables(engine: Any) -> None:
    """fetchVariables limits the variables sent with an activated job.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    deploy_and_start(engine, _task_process(job_type="work"), {"a": 1, "b": 2, "c": 3})
    jobs = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1, fetch_variables=["a", "c"])
    assert jobs[0].variables == {"a": 1, "c": 3}


def test_input_mapping_offers_local_variable_to_worker(engine: Any) -> None:
    """An input mapping creates a local variable of the task, visible to the job.
    https://docs.camunda.io/docs/components/concepts/variables/#input-mappings"""
    builder = _task_process(job_type="work", inputs={"total": "= price * quantity"})
    deploy_and_start(engine, builder, {"price": 3, "quantity": 4})
    job = activate_one(engine, "work")
    assert job.variables["total"] == 12


def test_activated_job_describes_its_origin(engine: Any) -> None:
    """An activated job carries its process instance, process, version, element and worker.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    pi = deploy_and_start(engine, _task_process(job_type="work"))
    job = engine.activate_jobs("work", worker="clerk-1", timeout_ms=30_000, max_jobs=1)[0]
    assert job.type == "work"
    assert job.process_instance_key == pi.key
    assert job.bpmn_process_id == "p"
    assert job.process_definition_version == 1
    assert job.process_definition_key == pi.process_definition_key
    assert job.element_id == "task"
    assert job.worker == "clerk-1"
    assert job.retries == 3


def test_activation_writes_activated_event_with_worker_and_deadline(engine: Any) -> None:
    """Activation writes JOB ACTIVATED with the worker and deadline = now + timeout.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    deploy_and_start(engine, _task_process(job_type="work"))
    now = engine.clock.now_ms()
    job = engine.activate_jobs("work", worker="clerk-1", timeout_ms=30_000, max_jobs=1)[0]
    assert job.deadline_ms == now + 30_000
    assert_that(engine).job("work").has_state("ACTIVATED").has_deadline(now + 30_000)


def test_activated_job_is_not_handed_out_twice(engine: Any) -> None:
    """A job that is activated (and not timed out) is not activated again.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    deploy_and_start(engine, _task_process(job_type="work"))
    assert len(engine.activate_jobs("work", worker="a", timeout_ms=60_000, max_jobs=5)) == 1
    assert engine.activate_jobs("work", worker="b", timeout_ms=60_000, max_jobs=5) == []


def test_max_jobs_limits_activation(engine: Any) -> None:
    """maxJobsToActivate bounds the number of jobs handed out.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    builder = _task_process(job_type="work")
    deploy_and_start(engine, builder)
    for _ in range(4):
        engine.create_instance("p", variables={})
    assert len(engine.activate_jobs("work", worker="a", timeout_ms=60_000, max_jobs=3)) == 3
    assert len(engine.activate_jobs("work", worker="a", timeout_ms=60_000, max_jobs=3)) == 2


def test_jobs_of_other_types_are_not_activated(engine: Any) -> None:
    """A worker only receives jobs of its type.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    deploy_and_start(engine, _task_process(job_type="work"))
    assert engine.activate_jobs("other", worker="a", timeout_ms=60_000, max_jobs=5) == []


def test_completion_variables_are_merged_into_process(engine: Any) -> None:
    """Job completion variables propagate to the process scope when the task has no output mapping.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-propagation"""
    pi = deploy_and_start(engine, _task_process(job_type="work"))
    complete_jobs(engine, "work", {"approved": True, "score": 87})
    assert_that(engine, pi).is_completed().has_variable("approved", True).has_variable("score", 87)


def test_complete_unknown_job_is_not_found(engine: Any, errors: Any) -> None:
    """Completing a job that does not exist is rejected with NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#completejob-rpc"""
    with pytest.raises(errors.NotFound):
        engine.complete_job(123456789, variables={})


def test_complete_job_twice_is_not_found(engine: Any, errors: Any) -> None:
    """A completed job no longer exists: completing it again is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#completejob-rpc"""
    deploy_and_start(engine, _task_process(job_type="work"))
    job = complete_jobs(engine, "work")[0]
    with pytest.raises(errors.NotFound):
        engine.complete_job(job.key, variables={})


def test_complete_job_that_was_not_activated(engine: Any) -> None:
    """A job may be completed by key even if it was never activated (Zeebe accepts it).
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#completejob-rpc"""
    pi = deploy_and_start(engine, _task_process(job_type="work"))
    job_key = RecordStream.of(engine).events().of_type("JOB").with_intent("CREATED").first().key
    engine.complete_job(job_key, variables={})
    assert_that(engine, pi).is_completed()


def test_send_task_is_job_based(engine: Any) -> None:
    """A send task behaves like a service task: it creates a job of its type.
    https://docs.camunda.io/docs/components/modeler/bpmn/send-tasks/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").send_task("send", job_type="mail").end_event("e")
    )
    assert_that(engine, pi).is_waiting_at("send")
    complete_jobs(engine, "mail")
    assert_that(engine, pi).is_completed()


def test_script_task_with_job_worker(engine: Any) -> None:
    """A script task with a task definition is executed by a job worker.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").script_task("script", job_type="groovy").end_event("e")
    )
    assert_that(engine).job("groovy").has_element_id("script")
    complete_jobs(engine, "groovy", {"out": 1})
    assert_that(engine, pi).is_completed().has_variable("out", 1)


def test_business_rule_task_with_job_worker(engine: Any) -> None:
    """A business rule task with a task definition is executed by a job worker.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = process("p").start_event("s").business_rule_task("rule", job_type="rules").end_event("e")
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "rules", {"route": "fast"})
    assert_that(engine, pi).is_completed().has_variable("route", "fast")


def test_message_intermediate_throw_event_is_job_based(engine: Any) -> None:
    """An intermediate message throw event with a task definition creates a job like a service task.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#intermediate-message-throw-events"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_throw_event("notify", message("done"), job_type="notify")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_waiting_at("notify")
    complete_jobs(engine, "notify")
    assert_that(engine, pi).is_completed()


def test_message_end_event_is_job_based(engine: Any) -> None:
    """A message end event with a task definition creates a job; the process completes after it.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-end-events"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").end_event("notify", message("done"), job_type="notify")
    )
    assert_that(engine, pi).is_waiting_at("notify")
    complete_jobs(engine, "notify")
    assert_that(engine, pi).is_completed()
