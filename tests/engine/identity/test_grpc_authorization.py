"""Every gateway RPC under the identity guard: UNAUTHENTICATED without credentials,
PERMISSION_DENIED without the permission (state unchanged), success with it."""

from __future__ import annotations

import json

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayServicer

from engine.identity.policy import GRPC_POLICY
from tests.engine.identity.conftest import (
    SERVICE_TOKEN,
    UNIT_A,
    Guarded,
    grpc_basic,
    grpc_call,
    review_process,
)

SERVICE_METADATA = [("authorization", f"Bearer {SERVICE_TOKEN}")]


def test_every_gateway_method_has_a_policy_line() -> None:
    methods = [name for name in dir(GatewayServicer) if name[0].isupper()]
    missing = [name for name in methods if f"/gateway_protocol.Gateway/{name}" not in GRPC_POLICY]
    assert not missing, f"gRPC methods without an authorization policy line: {missing}"


def _requests(instance: int) -> dict[str, object]:
    variables = json.dumps({"unit": UNIT_A, "reviewers": ["lg-ita-reviewers"]})
    return {
        "DeployResource": pb.DeployResourceRequest(
            resources=[pb.Resource(name="r.bpmn", content=review_process())]
        ),
        "CreateProcessInstance": pb.CreateProcessInstanceRequest(
            bpmnProcessId="lg-review", version=-1, variables=variables
        ),
        "CancelProcessInstance": pb.CancelProcessInstanceRequest(processInstanceKey=instance),
        "SetVariables": pb.SetVariablesRequest(elementInstanceKey=instance, variables='{"x": 1}'),
        "PublishMessage": pb.PublishMessageRequest(name="m", correlationKey="c", timeToLive=0),
        "ResolveIncident": pb.ResolveIncidentRequest(incidentKey=1),
        "UpdateJobRetries": pb.UpdateJobRetriesRequest(jobKey=1, retries=1),
        "ActivateJobs": pb.ActivateJobsRequest(
            type="t", worker="w", timeout=1000, maxJobsToActivate=1, requestTimeout=-1
        ),
    }


REFUSED_TO = {
    "DeployResource": ["operator", "reviewer", "clerk_a"],
    "CreateProcessInstance": ["reviewer", "operator", "nobody"],
    "CancelProcessInstance": ["clerk_a", "reviewer", "finance"],
    "SetVariables": ["clerk_a", "reviewer"],
    "PublishMessage": ["clerk_a", "reviewer", "owner"],
    "ResolveIncident": ["clerk_a", "reviewer"],
    "UpdateJobRetries": ["clerk_a", "reviewer"],
    "ActivateJobs": ["clerk_a", "reviewer"],
}


@pytest.mark.parametrize("method", sorted(REFUSED_TO))
def test_a_user_without_the_permission_is_denied_and_nothing_changes(guarded: Guarded, method: str) -> None:
    instance = guarded.start_project(UNIT_A, ["lg-ita-reviewers"])
    before = len(guarded.engine.records)
    request = _requests(instance)[method]
    with pytest.raises(grpc.RpcError) as missing:
        grpc_call(guarded, method, request, [])
    assert missing.value.code() == grpc.StatusCode.UNAUTHENTICATED
    for user in REFUSED_TO[method]:
        with pytest.raises(grpc.RpcError) as refused:
            grpc_call(guarded, method, request, grpc_basic(user))
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED, user
    assert len(guarded.engine.records) == before


def test_users_with_the_permission_succeed_and_are_recorded(guarded: Guarded) -> None:
    deployed = grpc_call(guarded, "DeployResource", _requests(0)["DeployResource"], grpc_basic("owner"))
    assert deployed.deployments
    created = grpc_call(
        guarded, "CreateProcessInstance", _requests(0)["CreateProcessInstance"], grpc_basic("clerk_a")
    )
    instance = created.processInstanceKey
    grpc_call(guarded, "PublishMessage", _requests(instance)["PublishMessage"], grpc_basic("operator"))
    grpc_call(
        guarded, "CancelProcessInstance", _requests(instance)["CancelProcessInstance"], grpc_basic("operator")
    )
    assert grpc_call(guarded, "Topology", pb.TopologyRequest(), grpc_basic("nobody")).clusterSize == 1
    operations = [(e.actor, e.operation) for e in guarded.services.audit.entries()]
    assert operations == [
        ("owner", "DEPLOY_RESOURCE"),
        ("clerk_a", "CREATE_PROCESS_INSTANCE"),
        ("operator", "PUBLISH_MESSAGE"),
        ("operator", "CANCEL_PROCESS_INSTANCE"),
    ]
    cancelled = guarded.services.audit.entries(process_instance_key=str(instance))
    assert [e.operation for e in cancelled] == ["CREATE_PROCESS_INSTANCE", "CANCEL_PROCESS_INSTANCE"]


def test_the_service_token_does_everything_as_before(guarded: Guarded) -> None:
    assert grpc_call(guarded, "ActivateJobs", _requests(0)["ActivateJobs"], SERVICE_METADATA) == [
        pb.ActivateJobsResponse()
    ]


def test_an_applying_unit_starts_projects_only_in_its_own_name(guarded: Guarded) -> None:
    foreign = pb.CreateProcessInstanceRequest(
        bpmnProcessId="lg-review", version=-1, variables=json.dumps({"unit": "别的单位", "reviewers": []})
    )
    before = len(guarded.engine.records)
    with pytest.raises(grpc.RpcError) as refused:
        grpc_call(guarded, "CreateProcessInstance", foreign, grpc_basic("clerk_a"))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "本单位" in (refused.value.details() or "")
    assert len(guarded.engine.records) == before
