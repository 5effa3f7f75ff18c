"""Job lifecycle: failing with retries, back-off, incidents when retries run out, time-outs and
re-activation, updating retries and time-out, throwing errors.
https://docs.camunda.io/docs/components/concepts/job-workers/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import (
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    error,
    process,
)


def _start(engine: Any, **task: Any) -> Any:
    builder = process("p").start_event("s").service_task("task", job_type="work", **task).end_event("e")
    return deploy_and_start(engine, builder)


def _job_intents(engine: Any) -> list[str]:
    return RecordStream.of(engine).events().of_type("JOB").intents()


def test_fail_with_retries_left_makes_job_activatable_again(engine: Any) -> None:
    """A failed job with retries left can be activated again, with the retries the worker gave.
    https://docs.camunda.io/docs/components/concepts/job-workers/#completing-or-failing-jobs"""
    pi = _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=2, error_message="registry unreachable")
    assert_that(engine).job("work").has_state("FAILED").has_retries(2).has_error_message(
        "registry unreachable"
    )
    again = activate_one(engine, "work")
    assert again.key == job.key
    assert again.retries == 2
    assert_that(engine, pi).has_no_incidents().is_waiting_at("task")


def test_fail_without_retries_creates_job_no_retries_incident(engine: Any) -> None:
    """A job failed with no retries left raises a JOB_NO_RETRIES incident carrying the error message.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=0, error_message="document missing")
    incident = assert_that(engine, pi).has_incident("JOB_NO_RETRIES", "task").incident()
    assert incident.value["errorMessage"] == "document missing"
    assert incident.value["jobKey"] == job.key


def test_job_without_retries_is_not_activatable(engine: Any) -> None:
    """A job with zero retries is not handed to workers until its retries are increased.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    _start(engine)
    engine.fail_job(activate_one(engine, "work").key, retries=0, error_message="x")
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=5) == []


def test_update_retries_and_resolve_incident_reactivates_job(engine: Any) -> None:
    """Resolving a job incident: increase the job's retries, then resolve the incident.
    https://docs.camunda.io/docs/components/concepts/incidents/#resolving-a-job-related-incident"""
    pi = _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=0, error_message="x")
    incident_key = assert_that(engine, pi).incident("JOB_NO_RETRIES").key
    engine.update_job_retries(job.key, 2)
    engine.resolve_incident(incident_key)
    assert_that(engine, pi).has_no_incidents()
    complete_jobs(engine, "work")
    assert_that(engine, pi).is_completed()


def test_resolved_incident_writes_resolved_event(engine: Any) -> None:
    """Resolving writes INCIDENT RESOLVED for the incident key.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=0, error_message="x")
    incident_key = assert_that(engine, pi).incident().key
    engine.update_job_retries(job.key, 1)
    engine.resolve_incident(incident_key)
    intents = RecordStream.of(engine).events().of_type("INCIDENT").with_key(incident_key).intents()
    assert intents == ["CREATED", "RESOLVED"]


def test_resolve_unknown_incident_is_not_found(engine: Any, errors: Any) -> None:
    """Resolving an incident that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#resolveincident-rpc"""
    with pytest.raises(errors.NotFound):
        engine.resolve_incident(987654321)


def test_update_retries_writes_retries_updated(engine: Any) -> None:
    """UpdateJobRetries writes JOB RETRIES_UPDATED with the new retries.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#updatejobretries-rpc"""
    _start(engine)
    job = activate_one(engine, "work")
    engine.update_job_retries(job.key, 7)
    assert_that(engine).job("work").has_state("RETRIES_UPDATED").has_retries(7)


def test_update_retries_below_one_is_invalid(engine: Any, errors: Any) -> None:
    """Retries must be at least 1 when updated.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#updatejobretries-rpc"""
    _start(engine)
    job = activate_one(engine, "work")
    with pytest.raises(errors.InvalidArgument):
        engine.update_job_retries(job.key, 0)


def test_update_retries_of_unknown_job_is_not_found(engine: Any, errors: Any) -> None:
    """Updating retries of a job that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#updatejobretries-rpc"""
    with pytest.raises(errors.NotFound):
        engine.update_job_retries(42, 3)


def test_retry_backoff_delays_reactivation(engine: Any) -> None:
    """A job failed with a retry back-off is not activatable before the back-off has elapsed.
    https://docs.camunda.io/docs/components/concepts/job-workers/#completing-or-failing-jobs"""
    _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=2, error_message="busy", retry_backoff_ms=60_000)
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1) == []
    engine.clock.advance("PT59S")
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1) == []
    engine.clock.advance("PT1S")
    assert [j.key for j in engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)] == [
        job.key
    ]


def test_retry_backoff_ends_with_recurred_after_backoff(engine: Any) -> None:
    """When the back-off elapses Zeebe writes JOB RECURRED_AFTER_BACKOFF.
    https://docs.camunda.io/docs/components/concepts/job-workers/#completing-or-failing-jobs"""
    _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=1, error_message="busy", retry_backoff_ms=10_000)
    engine.clock.advance("PT10S")
    assert _job_intents(engine)[-2:] == ["FAILED", "RECURRED_AFTER_BACKOFF"]


def test_job_times_out_and_becomes_activatable(engine: Any) -> None:
    """A job not completed within its activation time-out becomes activatable again (TIMED_OUT).
    https://docs.camunda.io/docs/components/concepts/job-workers/#timeouts"""
    _start(engine)
    job = engine.activate_jobs("work", worker="slow", timeout_ms=300_000, max_jobs=1)[0]
    engine.clock.advance("PT4M59S")
    assert engine.activate_jobs("work", worker="fast", timeout_ms=60_000, max_jobs=1) == []
    engine.clock.advance("PT1S")
    assert_that(engine).job("work").has_state("TIMED_OUT")
    again = engine.activate_jobs("work", worker="fast", timeout_ms=60_000, max_jobs=1)
    assert [j.key for j in again] == [job.key]
    assert again[0].worker == "fast"


def test_timed_out_job_keeps_its_retries(engine: Any) -> None:
    """A time-out does not consume a retry.
    https://docs.camunda.io/docs/components/concepts/job-workers/#timeouts"""
    _start(engine)
    engine.activate_jobs("work", worker="slow", timeout_ms=1_000, max_jobs=1)
    engine.clock.advance("PT1S")
    assert activate_one(engine, "work").retries == 3


def test_completing_timed_out_job_still_works_before_reactivation(engine: Any) -> None:
    """A timed-out job still exists: its (late) completion is accepted if no one completed it.
    https://docs.camunda.io/docs/components/concepts/job-workers/#timeouts"""
    pi = _start(engine)
    job = engine.activate_jobs("work", worker="slow", timeout_ms=1_000, max_jobs=1)[0]
    engine.clock.advance("PT2S")
    engine.complete_job(job.key, variables={})
    assert_that(engine, pi).is_completed()


def test_update_timeout_extends_deadline(engine: Any) -> None:
    """UpdateJobTimeout sets the deadline to now + the new time-out.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#updatejobtimeout-rpc"""
    _start(engine)
    job = engine.activate_jobs("work", worker="slow", timeout_ms=60_000, max_jobs=1)[0]
    engine.update_job_timeout(job.key, 600_000)
    engine.clock.advance("PT5M")
    assert engine.activate_jobs("work", worker="other", timeout_ms=60_000, max_jobs=1) == []
    assert_that(engine).job("work").has_deadline(engine.clock.now_ms() - 300_000 + 600_000)


def test_update_timeout_writes_timeout_updated(engine: Any) -> None:
    """UpdateJobTimeout writes JOB TIMEOUT_UPDATED.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#updatejobtimeout-rpc"""
    _start(engine)
    job = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)[0]
    engine.update_job_timeout(job.key, 120_000)
    assert _job_intents(engine)[-1] == "TIMEOUT_UPDATED"


def test_update_timeout_of_unknown_job_is_not_found(engine: Any, errors: Any) -> None:
    """Updating the time-out of a job that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#updatejobtimeout-rpc"""
    with pytest.raises(errors.NotFound):
        engine.update_job_timeout(42, 1_000)


def test_fail_job_variables_are_local_to_the_task(engine: Any) -> None:
    """Variables sent with FailJob are set in the local scope of the job's task.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#failjob-rpc"""
    pi = _start(engine)
    job = activate_one(engine, "work")
    engine.fail_job(job.key, retries=1, error_message="x", variables={"attempt": 1})
    assert_that(engine, pi).has_local_variable("task", "attempt", 1).has_no_variable("attempt")


def test_throw_error_is_caught_by_boundary_event(engine: Any) -> None:
    """ThrowError with a code is caught by an error boundary event with that code; the task is terminated.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#business-error-vs-technical-error"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("ok")
        .boundary_event("rejected", error("REJECTED"), attached_to="task")
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder)
    engine.throw_error(activate_one(engine, "work").key, error_code="REJECTED", error_message="incomplete")
    assert_that(engine, pi).is_completed().has_terminated("task").has_passed("handled").has_not_passed("ok")
    assert_that(engine).job("work").has_state("ERROR_THROWN")


def test_throw_error_without_catch_event_creates_incident(engine: Any) -> None:
    """An error thrown by a worker that no catch event catches creates an UNHANDLED_ERROR_EVENT incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#unhandled-errors"""
    pi = _start(engine)
    engine.throw_error(activate_one(engine, "work").key, error_code="NOPE", error_message="unknown")
    assert_that(engine, pi).has_incident("UNHANDLED_ERROR_EVENT", "task").is_waiting_at("task")


def test_throw_error_variables_reach_catch_event_output(engine: Any) -> None:
    """Variables sent with ThrowError are set at the catch event and can be mapped by its outputs.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#throwerror-rpc"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("ok")
        .boundary_event("caught", error("REJECTED"), attached_to="task", outputs={"why": "= reason"})
        .end_event("handled")
    )
    pi = deploy_and_start(engine, builder)
    job = activate_one(engine, "work")
    engine.throw_error(job.key, error_code="REJECTED", error_message="", variables={"reason": "no budget"})
    assert_that(engine, pi).is_completed().has_variable("why", "no budget")


def test_cancel_instance_cancels_its_jobs(engine: Any) -> None:
    """Cancelling the instance cancels its open jobs (JOB CANCELED); they can no longer be activated.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    pi = _start(engine)
    engine.cancel_instance(pi.key)
    assert _job_intents(engine)[-1] == "CANCELED"
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1) == []
