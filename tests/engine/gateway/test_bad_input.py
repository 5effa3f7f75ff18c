"""Hostile or broken clients: the gateway refuses what it cannot read and goes on serving others."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served


@pytest.fixture
def stub(gateway: Served) -> Iterator[Any]:
    channel, stub = gateway.stub()
    yield stub
    channel.close()


def still_serves(gateway: Served) -> None:
    """A fresh client can deploy, start an instance and work its job."""
    channel, stub = gateway.stub()
    try:
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
        stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key), timeout=10)
    finally:
        channel.close()
    assert_that(gateway.engine, created.processInstanceKey).is_completed()


@pytest.mark.parametrize(
    "garbage",
    [
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x12\x04\x00\x00\x00\x00\x00" + os.urandom(64),
        os.urandom(4096),
    ],
    ids=["http1", "broken-http2", "random"],
)
def test_garbage_bytes_on_the_grpc_port(gateway: Served, garbage: bytes) -> None:
    with socket.create_connection(("127.0.0.1", gateway.grpc_port), timeout=5) as raw:
        raw.sendall(garbage)
        raw.settimeout(5)
        try:
            while raw.recv(4096):
                pass
        except (TimeoutError, ConnectionResetError):
            pass
    still_serves(gateway)


def test_an_oversized_message_is_resource_exhausted(gateway: Served, stub: Any) -> None:
    big = json.dumps({"scan": "x" * (5 * 1024 * 1024)})
    with pytest.raises(grpc.RpcError) as refused:
        stub.PublishMessage(
            pb.PublishMessageRequest(name="upload", correlationKey="k", variables=big), timeout=30
        )
    assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    still_serves(gateway)


def test_a_client_that_hangs_up_mid_poll_does_not_disturb_others(gateway: Served, stub: Any) -> None:
    request = pb.ActivateJobsRequest(
        type="work", worker="w", timeout=60_000, maxJobsToActivate=1, requestTimeout=60_000
    )
    poll = stub.ActivateJobs(request, timeout=30)
    poll.cancel()
    still_serves(gateway)


def test_refused_requests_do_not_disturb_others(gateway: Served, stub: Any) -> None:
    for document in ("{", "[]", "1"):
        with pytest.raises(grpc.RpcError):
            stub.CreateProcessInstance(
                pb.CreateProcessInstanceRequest(bpmnProcessId="one_task", variables=document), timeout=10
            )
    still_serves(gateway)
