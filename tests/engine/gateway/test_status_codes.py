"""Refusals carry the status codes Zeebe's gateway returns for them (docs.camunda.io, Zeebe API
(gRPC), the "Errors" section of each RPC), with a message that names what was wrong."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.runtime import Engine
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

UNKNOWN_KEY = 2251799813699999


@pytest.fixture
def engine(controlled_gateway: Served) -> Engine:
    engine = controlled_gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task()), ("pay.bpmn", diagrams.message_catch())])
    return engine


def refusal(call: Any, request: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as refused:
        call(request, timeout=10)
    return refused.value


def activated_job(engine: Engine) -> int:
    engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    return int(job.key)


def test_completing_a_job_twice_is_not_found(engine: Engine, stub: Any) -> None:
    key = activated_job(engine)
    stub.CompleteJob(pb.CompleteJobRequest(jobKey=key), timeout=10)
    error = refusal(stub.CompleteJob, pb.CompleteJobRequest(jobKey=key))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert str(key) in error.details()


def test_failing_a_job_that_failed_for_good_is_failed_precondition(engine: Engine, stub: Any) -> None:
    # an activatable job may be failed (as Zeebe's JobFailProcessor allows); one without retries
    # left, waiting on its incident, may not
    engine.create_instance("one_task")
    [job] = engine.jobs("work")
    engine.fail_job(job["key"], retries=0, error_message="down")
    error = refusal(stub.FailJob, pb.FailJobRequest(jobKey=job["key"], retries=1, errorMessage="x"))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_updating_the_timeout_of_a_job_not_activated_is_failed_precondition(
    engine: Engine, stub: Any
) -> None:
    engine.create_instance("one_task")
    [job] = engine.jobs("work")
    error = refusal(stub.UpdateJobTimeout, pb.UpdateJobTimeoutRequest(jobKey=job["key"], timeout=1000))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_publishing_a_duplicate_message_id_is_already_exists(engine: Engine, stub: Any) -> None:
    request = pb.PublishMessageRequest(
        name="payment-received", correlationKey="o-9", messageId="pay-9", timeToLive=60_000
    )
    stub.PublishMessage(request, timeout=10)
    error = refusal(stub.PublishMessage, request)
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "pay-9" in error.details()


@pytest.mark.parametrize("retries", [0, -1])
def test_update_job_retries_below_one_is_invalid_argument(engine: Engine, stub: Any, retries: int) -> None:
    key = activated_job(engine)
    error = refusal(stub.UpdateJobRetries, pb.UpdateJobRetriesRequest(jobKey=key, retries=retries))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "retries" in error.details()


@pytest.mark.parametrize(
    ("rpc", "request_"),
    [
        ("CompleteJob", pb.CompleteJobRequest(jobKey=UNKNOWN_KEY)),
        ("FailJob", pb.FailJobRequest(jobKey=UNKNOWN_KEY, retries=1)),
        ("ThrowError", pb.ThrowErrorRequest(jobKey=UNKNOWN_KEY, errorCode="E")),
        ("UpdateJobRetries", pb.UpdateJobRetriesRequest(jobKey=UNKNOWN_KEY, retries=3)),
        ("UpdateJobTimeout", pb.UpdateJobTimeoutRequest(jobKey=UNKNOWN_KEY, timeout=1000)),
        ("CancelProcessInstance", pb.CancelProcessInstanceRequest(processInstanceKey=UNKNOWN_KEY)),
        ("ResolveIncident", pb.ResolveIncidentRequest(incidentKey=UNKNOWN_KEY)),
        ("SetVariables", pb.SetVariablesRequest(elementInstanceKey=UNKNOWN_KEY, variables="{}")),
        ("CreateProcessInstance", pb.CreateProcessInstanceRequest(bpmnProcessId="no_such_process")),
        (
            "CreateProcessInstance",
            pb.CreateProcessInstanceRequest(processDefinitionKey=UNKNOWN_KEY),
        ),
        ("EvaluateDecision", pb.EvaluateDecisionRequest(decisionId="no_such_decision")),
        ("DeleteResource", pb.DeleteResourceRequest(resourceKey=UNKNOWN_KEY)),
        ("ModifyProcessInstance", pb.ModifyProcessInstanceRequest(processInstanceKey=UNKNOWN_KEY)),
    ],
)
def test_unknown_keys_are_not_found(engine: Engine, stub: Any, rpc: str, request_: Any) -> None:
    error = refusal(getattr(stub, rpc), request_)
    assert error.code() == grpc.StatusCode.NOT_FOUND, error.details()


def test_a_rejected_deployment_is_invalid_argument_naming_the_element(stub: Any) -> None:
    request = pb.DeployResourceRequest(
        resources=[pb.Resource(name="broken.bpmn", content=diagrams.INVALID_BPMN)]
    )
    error = refusal(stub.DeployResource, request)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "broken.bpmn" in error.details()
    assert "no_type" in error.details()
    assert "zeebe:taskDefinition" in error.details()


def test_an_empty_deployment_is_invalid_argument(stub: Any) -> None:
    error = refusal(stub.DeployResource, pb.DeployResourceRequest())
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        ('{"amount": ', "valid JSON"),
        ("[1, 2, 3]", "'ARRAY'"),
        ('"text"', "root level object"),
    ],
)
@pytest.mark.parametrize("rpc", ["CreateProcessInstance", "PublishMessage", "CompleteJob", "SetVariables"])
def test_variables_that_are_not_a_json_object_are_invalid_argument(
    engine: Engine, stub: Any, rpc: str, document: str, detail: str
) -> None:
    requests = {
        "CreateProcessInstance": lambda: pb.CreateProcessInstanceRequest(
            bpmnProcessId="one_task", variables=document
        ),
        "PublishMessage": lambda: pb.PublishMessageRequest(name="m", correlationKey="k", variables=document),
        "CompleteJob": lambda: pb.CompleteJobRequest(jobKey=activated_job(engine), variables=document),
        "SetVariables": lambda: pb.SetVariablesRequest(
            elementInstanceKey=engine.create_instance("one_task").key, variables=document
        ),
    }
    error = refusal(getattr(stub, rpc), requests[rpc]())
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "Property 'variables' is invalid" in error.details()
    assert detail in error.details()


def test_migrating_an_unknown_instance_is_not_found(stub: Any) -> None:
    """Zeebe rejects with NOT_FOUND, which its gateway maps onto NOT_FOUND."""
    error = refusal(stub.MigrateProcessInstance, pb.MigrateProcessInstanceRequest(processInstanceKey=1))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert "no process instance found with key '1'" in error.details()
