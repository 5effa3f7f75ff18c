"""Commands and rejections in the record log: Zeebe writes every client command as a COMMAND record
and a refused one as a COMMAND_REJECTION with a rejection type, which exporters see.
https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import RecordStream, activate_one, deploy_and_start, process


def _rejection(engine: Any, value_type: str, intent: str) -> Any:
    stream = RecordStream.of(engine).rejections().of_type(value_type).with_intent(intent)
    assert stream, f"no {value_type} {intent} rejection in the log"
    return stream.last()


def test_complete_command_precedes_completed_event(engine: Any) -> None:
    """Completing a job writes the JOB COMPLETE command, then the JOB COMPLETED event.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    deploy_and_start(engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e"))
    job = activate_one(engine, "w")
    engine.complete_job(job.key, variables={})
    records = list(RecordStream.of(engine).of_type("JOB").with_key(job.key))
    labels = [(r.record_type, r.intent) for r in records]
    assert labels.index(("COMMAND", "COMPLETE")) < labels.index(("EVENT", "COMPLETED"))


def test_unknown_job_completion_is_a_not_found_rejection(engine: Any, errors: Any) -> None:
    """A refused job completion is logged as a JOB COMPLETE rejection of type NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#completejob-rpc"""
    with pytest.raises(errors.NotFound):
        engine.complete_job(4711, variables={})
    assert _rejection(engine, "JOB", "COMPLETE").rejection_type == "NOT_FOUND"


def test_duplicate_message_is_an_already_exists_rejection(engine: Any, errors: Any) -> None:
    """A duplicate message id is logged as a MESSAGE PUBLISH rejection of type ALREADY_EXISTS.
    https://docs.camunda.io/docs/components/concepts/messages/#message-uniqueness"""
    engine.publish_message("m", "k", time_to_live_ms=60_000, message_id="id")
    with pytest.raises(errors.AlreadyExists):
        engine.publish_message("m", "k", time_to_live_ms=60_000, message_id="id")
    assert _rejection(engine, "MESSAGE", "PUBLISH").rejection_type == "ALREADY_EXISTS"


def test_unknown_instance_cancel_is_a_not_found_rejection(engine: Any, errors: Any) -> None:
    """Cancelling an unknown instance is logged as a PROCESS_INSTANCE CANCEL rejection (NOT_FOUND).
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    with pytest.raises(errors.NotFound):
        engine.cancel_instance(4711)
    assert _rejection(engine, "PROCESS_INSTANCE", "CANCEL").rejection_type == "NOT_FOUND"


def test_unknown_process_creation_is_a_not_found_rejection(engine: Any, errors: Any) -> None:
    """Creating an instance of an unknown process is logged as a PROCESS_INSTANCE_CREATION CREATE
    rejection (NOT_FOUND). https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    with pytest.raises(errors.NotFound):
        engine.create_instance("nowhere", variables={})
    assert _rejection(engine, "PROCESS_INSTANCE_CREATION", "CREATE").rejection_type == "NOT_FOUND"


def test_invalid_deployment_is_an_invalid_argument_rejection(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A refused deployment is logged as a DEPLOYMENT CREATE rejection (INVALID_ARGUMENT) whose reason
    names the resource. https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    with pytest.raises(deployment_rejected):
        engine.deploy([("broken.bpmn", b"<not-bpmn/>")])
    rejection = _rejection(engine, "DEPLOYMENT", "CREATE")
    assert rejection.rejection_type == "INVALID_ARGUMENT"
    assert "broken.bpmn" in rejection.rejection_reason
