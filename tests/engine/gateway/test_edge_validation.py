"""One validation of variables and keys at the edge of both APIs (issue #18, item 8).

Before, a lone surrogate in a request's variables, or a REST key at or beyond 2^63, passed the edge
and failed only when the engine committed: INTERNAL to the client, and after it every REST search
answered 500. Each is now refused with INVALID_ARGUMENT / 400 naming where it sits, and the engine
serves the next request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.gateway.rest.limits import MAX_BODY_BYTES
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.test_bad_input import still_serves

BEYOND_A_LONG = 2**63

HOSTILE_VARIABLES = {
    "lone-surrogate": ('{"name": "\\ud800"}', "lone surrogate"),
    "lone-surrogate-in-a-name": ('{"\\udfff": 1}', "lone surrogate"),
    "infinite-number": ('{"amount": 1e999}', "out of range"),
    "nan-literal": ('{"amount": NaN}', "invalid"),
    "five-thousand-digits": ('{"amount": ' + "9" * 5000 + "}", "invalid"),
    "nested-100k-deep": ('{"form": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested deeper"),
}


@pytest.fixture
def stub(gateway: Served) -> Iterator[Any]:
    channel, stub = gateway.stub()
    yield stub
    channel.close()


@pytest.fixture
def rest(gateway: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway.rest_url, timeout=30) as client:
        yield client


def _rest_still_serves(rest: httpx.Client) -> None:
    for path in ("/v2/incidents/search", "/v2/process-instances/search", "/v2/variables/search"):
        assert rest.post(path, json={}).status_code == 200, path


@pytest.mark.parametrize("case", list(HOSTILE_VARIABLES), ids=list(HOSTILE_VARIABLES))
def test_grpc_create_instance_refuses_variables_the_engine_cannot_keep(
    gateway: Served, stub: Any, case: str
) -> None:
    document, reason = HOSTILE_VARIABLES[case]
    stub.DeployResource(
        pb.DeployResourceRequest(resources=[pb.Resource(name="one.bpmn", content=diagrams.one_task())]),
        timeout=10,
    )
    with pytest.raises(grpc.RpcError) as refused:
        stub.CreateProcessInstance(
            pb.CreateProcessInstanceRequest(bpmnProcessId="one_task", variables=document), timeout=30
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "variables" in (refused.value.details() or "")
    assert reason in (refused.value.details() or "")
    still_serves(gateway)


def test_grpc_complete_job_with_a_lone_surrogate_leaves_the_job_to_complete_properly(
    gateway: Served, stub: Any
) -> None:
    stub.DeployResource(
        pb.DeployResourceRequest(resources=[pb.Resource(name="one.bpmn", content=diagrams.one_task())]),
        timeout=10,
    )
    created = stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(bpmnProcessId="one_task"), timeout=10
    )
    request = pb.ActivateJobsRequest(
        type="work", worker="w", timeout=60_000, maxJobsToActivate=1, requestTimeout=5_000
    )
    [job] = [job for response in stub.ActivateJobs(request, timeout=10) for job in response.jobs]
    with pytest.raises(grpc.RpcError) as refused:
        stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key, variables='{"note": "\\ud83d"}'), timeout=10)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "$.note" in (refused.value.details() or "")
    stub.CompleteJob(
        pb.CompleteJobRequest(jobKey=job.key, variables='{"note": "\\ud83d\\ude00"}'), timeout=10
    )
    assert gateway.engine.instance(created.processInstanceKey).state == "COMPLETED"


def test_rest_write_with_a_key_beyond_a_long_is_invalid_and_search_keeps_working(rest: httpx.Client) -> None:
    answer = rest.post(f"/v2/incidents/{BEYOND_A_LONG}/resolution")
    assert answer.status_code == 400
    assert answer.json()["title"] == "INVALID_ARGUMENT"
    assert str(BEYOND_A_LONG) in answer.json()["detail"]
    _rest_still_serves(rest)


@pytest.mark.parametrize(
    "body",
    [
        {"filter": {"processInstanceKey": str(BEYOND_A_LONG)}},
        {"filter": {"processInstanceKey": {"$eq": BEYOND_A_LONG}}},
        {"filter": {"processInstanceKey": {"$in": ["1", str(BEYOND_A_LONG)]}}},
    ],
)
def test_rest_search_filter_with_a_key_beyond_a_long_is_invalid(
    rest: httpx.Client, body: dict[str, Any]
) -> None:
    answer = rest.post("/v2/incidents/search", json=body)
    assert answer.status_code == 400
    assert "processInstanceKey" in answer.json()["detail"]
    _rest_still_serves(rest)


def test_rest_variables_with_a_lone_surrogate_are_invalid(gateway: Served, rest: httpx.Client) -> None:
    gateway.engine.deploy([("user.bpmn", diagrams.user_task())])
    gateway.engine.create_instance("review")
    [task] = rest.post("/v2/user-tasks/search", json={}).json()["items"]
    body = '{"variables": {"approved": true, "note": "\\ud800"}}'
    answer = rest.post(
        f"/v2/user-tasks/{task['userTaskKey']}/completion",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 400
    assert "$.variables.note" in answer.json()["detail"]
    _rest_still_serves(rest)
    assert rest.post(f"/v2/user-tasks/{task['userTaskKey']}/completion", json={}).status_code == 204


def test_rest_variables_may_hold_digit_strings_under_names_ending_in_key(
    gateway: Served, rest: httpx.Client
) -> None:
    gateway.engine.deploy([("user.bpmn", diagrams.user_task())])
    gateway.engine.create_instance("review")
    [task] = rest.post("/v2/user-tasks/search", json={}).json()["items"]
    # a unified social credit code or a registry number is the user's text, not an engine key
    variables = {"projectKey": "9" * 30, "correlationKey": "1" * 25}
    answer = rest.post(f"/v2/user-tasks/{task['userTaskKey']}/completion", json={"variables": variables})
    assert answer.status_code == 204


def test_rest_body_beyond_the_cap_is_refused_before_it_is_read(rest: httpx.Client) -> None:
    oversized = json.dumps({"filter": {"name": "x" * (MAX_BODY_BYTES + 1)}})
    answer = rest.post(
        "/v2/variables/search", content=oversized, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert str(MAX_BODY_BYTES) in answer.json()["detail"]
    _rest_still_serves(rest)


def test_rest_body_nested_100k_deep_is_invalid(rest: httpx.Client) -> None:
    body = '{"filter": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = rest.post("/v2/variables/search", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert "nested deeper" in answer.json()["detail"]
    _rest_still_serves(rest)
