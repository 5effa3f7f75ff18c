"""Cancelling process instances and the incident lifecycle.
https://docs.camunda.io/docs/components/concepts/incidents/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import (
    MultiInstance,
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    message,
    process,
    timer_duration,
)


def _waiting_everywhere() -> Any:
    return (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("task", job_type="work")
        .end_event("e1")
        .move_to("fork")
        .intermediate_catch_event("timer", timer_duration("P1D"))
        .end_event("e2")
        .move_to("fork")
        .intermediate_catch_event("msg", message("m", "= k"))
        .end_event("e3")
        .move_to("fork")
        .user_task("ut")
        .end_event("e4")
    )


def test_cancel_terminates_instance(engine: Any) -> None:
    """Cancelling an active instance terminates it.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    pi = deploy_and_start(engine, _waiting_everywhere(), {"k": "1"})
    engine.cancel_instance(pi.key)
    assert_that(engine, pi).is_terminated()


def test_cancel_terminates_every_active_element(engine: Any) -> None:
    """All active elements are terminated (ELEMENT_TERMINATING, ELEMENT_TERMINATED) before the process.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    pi = deploy_and_start(engine, _waiting_everywhere(), {"k": "1"})
    engine.cancel_instance(pi.key)
    for element in ("task", "timer", "msg", "ut"):
        assert_that(engine, pi).has_terminated(element, times=1)
    order = [
        (r.value["elementId"], r.intent)
        for r in RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi.key)
    ]
    assert order.index(("p", "ELEMENT_TERMINATING")) < order.index(("task", "ELEMENT_TERMINATED"))
    assert order[-1] == ("p", "ELEMENT_TERMINATED")


def test_cancel_cleans_up_jobs_timers_subscriptions_and_tasks(engine: Any) -> None:
    """Cancelling cancels the jobs, timers, message subscriptions and user tasks of the instance.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    pi = deploy_and_start(engine, _waiting_everywhere(), {"k": "1"})
    engine.cancel_instance(pi.key)
    events = RecordStream.of(engine).events()
    assert events.of_type("JOB").intents()[-1] == "CANCELED"
    assert events.of_type("TIMER").intents()[-1] == "CANCELED"
    assert events.of_type("USER_TASK").intents()[-1] == "CANCELED"
    assert_that(engine, pi).is_not_waiting_for_message("m")
    engine.clock.advance("P2D")
    engine.publish_message("m", "1")
    assert_that(engine, pi).has_not_passed("timer", "msg")


def test_cancel_unknown_instance_is_not_found(engine: Any, errors: Any) -> None:
    """Cancelling an instance that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    with pytest.raises(errors.NotFound):
        engine.cancel_instance(424242)


def test_cancel_completed_instance_is_not_found(engine: Any, errors: Any) -> None:
    """A completed instance can no longer be cancelled (NOT_FOUND).
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    with pytest.raises(errors.NotFound):
        engine.cancel_instance(pi.key)


def test_cancel_resolves_open_incidents(engine: Any) -> None:
    """Terminating an element resolves its open incidents.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e")
    )
    engine.fail_job(activate_one(engine, "w").key, retries=0, error_message="x")
    engine.cancel_instance(pi.key)
    assert RecordStream.of(engine).events().of_type("INCIDENT").intents() == ["CREATED", "RESOLVED"]
    assert_that(engine, pi).has_no_incidents().is_terminated()


def test_cancel_terminates_subprocess_children_first(engine: Any) -> None:
    """Inner elements are terminated before their subprocess.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda s: s.start_event("ss").service_task("t", job_type="w").end_event("se"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.cancel_instance(pi.key)
    order = [
        (r.value["elementId"], r.intent)
        for r in RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi.key)
    ]
    assert order.index(("t", "ELEMENT_TERMINATED")) < order.index(("sub", "ELEMENT_TERMINATED"))


def test_cancel_multi_instance_terminates_all_instances(engine: Any) -> None:
    """Cancelling terminates every instance of a multi-instance activity and its body.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w", multi_instance=MultiInstance("= items", "i"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"items": [1, 2]})
    engine.cancel_instance(pi.key)
    assert_that(engine, pi).has_terminated("t", times=3).is_terminated()


# ---------------------------------------------------------------------- incidents
def test_incident_record_fields(engine: Any) -> None:
    """An incident names its type, message, element, element instance, process and job.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e")
    )
    job = activate_one(engine, "w")
    engine.fail_job(job.key, retries=0, error_message="registry down")
    record = assert_that(engine, pi).incident()
    assert record.value["errorType"] == "JOB_NO_RETRIES"
    assert record.value["errorMessage"] == "registry down"
    assert record.value["elementId"] == "t"
    assert record.value["elementInstanceKey"] == job.element_instance_key
    assert record.value["bpmnProcessId"] == "p"
    assert record.value["jobKey"] == job.key


def test_incidents_query(engine: Any) -> None:
    """engine.incidents lists open incidents of an instance.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    builder = process("p").start_event("s").exclusive_gateway("gw").flow(condition="= false").end_event("e")
    pi = deploy_and_start(engine, builder)
    (incident,) = engine.incidents(process_instance_key=pi.key)
    assert incident.error_type == "CONDITION_ERROR"
    assert incident.element_id == "gw"
    assert incident.process_instance_key == pi.key


def test_unresolved_problem_raises_new_incident(engine: Any) -> None:
    """Resolving without fixing the problem creates a new incident.
    https://docs.camunda.io/docs/components/concepts/incidents/#resolving"""
    builder = process("p").start_event("s").exclusive_gateway("gw").flow(condition="= ok").end_event("e")
    pi = deploy_and_start(engine, builder, {"ok": False})
    first = assert_that(engine, pi).incident("CONDITION_ERROR")
    engine.resolve_incident(first.key)
    second = assert_that(engine, pi).incident("CONDITION_ERROR")
    assert second.key != first.key


def test_extract_value_incident_resolved_after_fix(engine: Any) -> None:
    """An EXTRACT_VALUE_ERROR is resolved by fixing the variable and resolving the incident.
    https://docs.camunda.io/docs/components/concepts/incidents/#resolving"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w", multi_instance=MultiInstance("= items", "i"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"items": "oops"})
    incident = assert_that(engine, pi).incident("EXTRACT_VALUE_ERROR")
    engine.set_variables(pi.key, {"items": [1]})
    engine.resolve_incident(incident.key)
    complete_jobs(engine, "w")
    assert_that(engine, pi).is_completed().has_no_incidents()


def test_job_incident_resolved_without_new_retries_hands_job_out_again(engine: Any) -> None:
    """Resolving a job incident makes the job activatable again even if its retries stay 0 (Zeebe's
    IncidentResolvedApplier resolves the job); failing it again raises a new incident.
    https://docs.camunda.io/docs/components/concepts/incidents/#resolving-a-job-related-incident"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e")
    )
    engine.fail_job(activate_one(engine, "w").key, retries=0, error_message="x")
    first = assert_that(engine, pi).incident()
    engine.resolve_incident(first.key)
    job = activate_one(engine, "w")
    assert job.retries == 0
    engine.fail_job(job.key, retries=0, error_message="still broken")
    second = assert_that(engine, pi).incident("JOB_NO_RETRIES")
    assert second.key != first.key


def test_unhandled_error_incident_resolved_hands_job_out_again(engine: Any) -> None:
    """After an unhandled-error incident is resolved, the job can be activated and completed again.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#unhandled-errors"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e")
    )
    engine.throw_error(activate_one(engine, "w").key, error_code="X", error_message="")
    engine.resolve_incident(assert_that(engine, pi).incident("UNHANDLED_ERROR_EVENT").key)
    complete_jobs(engine, "w")
    assert_that(engine, pi).is_completed().has_no_incidents()


def test_incident_does_not_block_other_branches(engine: Any) -> None:
    """An incident stops only its own path; parallel branches go on.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("fork")
        .exclusive_gateway("gw")
        .flow(condition="= false")
        .end_event("e1")
        .move_to("fork")
        .service_task("t", job_type="w")
        .end_event("e2")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "w")
    assert_that(engine, pi).has_incident("CONDITION_ERROR", "gw").has_passed("e2").is_active()
