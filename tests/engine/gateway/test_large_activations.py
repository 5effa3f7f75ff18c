"""Activations the gateway could not send: over 4 MiB, or with a deadline past any instant (issue #18).

Before, both activated the jobs in the engine and then failed to build or send the response, so
the jobs stayed activated, delivered to no one, until their timeout (never, for 2^63-1 ms).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

MIB = 1024 * 1024
LONGEST_TIMEOUT = 2**63 - 1


@pytest.fixture
def stub(gateway: Served) -> Iterator[Any]:
    channel, stub = gateway.stub()
    gateway.engine.deploy([("one.bpmn", diagrams.one_task())])
    yield stub
    channel.close()


def _activate(stub: Any, max_jobs: int = 10, timeout: int = 60_000) -> list[Any]:
    request = pb.ActivateJobsRequest(
        type="work", worker="w", timeout=timeout, maxJobsToActivate=max_jobs, requestTimeout=-1
    )
    return [job for response in stub.ActivateJobs(request, timeout=10) for job in response.jobs]


def test_jobs_beyond_4_mib_wait_for_the_next_activation(gateway: Served, stub: Any) -> None:
    keys = {gateway.engine.create_instance("one_task", {"scan": "x" * (3 * MIB)}).key for _ in range(2)}
    first = _activate(stub)
    assert len(first) == 1
    second = _activate(stub)
    assert len(second) == 1
    assert {first[0].processInstanceKey, second[0].processInstanceKey} == keys
    for job in (*first, *second):
        stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key), timeout=10)
    assert all(gateway.engine.instance(key).state == "COMPLETED" for key in keys)


def test_fetching_fewer_variables_fits_more_jobs(gateway: Served, stub: Any) -> None:
    for _ in range(3):
        gateway.engine.create_instance("one_task", {"scan": "x" * (3 * MIB), "id": 1})
    request = pb.ActivateJobsRequest(
        type="work", worker="w", timeout=60_000, maxJobsToActivate=10, requestTimeout=-1, fetchVariable=["id"]
    )
    jobs = [job for response in stub.ActivateJobs(request, timeout=10) for job in response.jobs]
    assert len(jobs) == 3


def test_a_job_larger_than_4_mib_alone_raises_a_message_size_incident(gateway: Served, stub: Any) -> None:
    big = gateway.engine.create_instance("one_task", {"scan": "x" * (5 * MIB)}).key
    healthy = gateway.engine.create_instance("one_task", {"scan": "small"}).key
    assert _activate(stub) == []
    [incident] = gateway.engine.incidents(big)
    assert incident.error_type == "MESSAGE_SIZE_EXCEEDED"
    assert "larger than the configured message size" in incident.error_message
    # the job out of the way, the next one of the type is delivered
    [job] = _activate(stub)
    assert job.processInstanceKey == healthy


def test_an_activation_timeout_of_2_pow_63_minus_1_is_invalid_and_the_job_stays_available(
    gateway: Served, stub: Any
) -> None:
    gateway.engine.create_instance("one_task")
    with pytest.raises(grpc.RpcError) as refused:
        _activate(stub, timeout=LONGEST_TIMEOUT)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "9999-12-30" in (refused.value.details() or "")
    assert len(_activate(stub)) == 1


def test_a_rest_job_timeout_update_of_2_pow_63_minus_1_is_invalid(gateway: Served, stub: Any) -> None:
    gateway.engine.create_instance("one_task")
    [job] = _activate(stub)
    with httpx.Client(base_url=gateway.rest_url, timeout=10) as rest:
        answer = rest.patch(f"/v2/jobs/{job.key}", json={"changeset": {"timeout": LONGEST_TIMEOUT}})
    assert answer.status_code == 400
    assert "9999-12-30" in answer.json()["detail"]
    stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key), timeout=10)
