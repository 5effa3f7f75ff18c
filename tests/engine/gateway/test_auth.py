"""With a token configured, every Gateway RPC needs it; the health service stays open for probes."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe.proto import gateway_pb2 as pb

from tests.engine.gateway.conftest import ServeFactory

TOKEN = [("authorization", "Bearer s3cret")]


@pytest.mark.parametrize("metadata", [[], [("authorization", "Bearer wrong")], [("authorization", "s3cret")]])
def test_unary_and_streaming_calls_need_the_token(
    serve_gateway: ServeFactory, metadata: list[tuple[str, str]]
) -> None:
    gateway = serve_gateway(token="s3cret")
    channel, stub = gateway.stub()
    with channel:
        with pytest.raises(grpc.RpcError) as unary:
            stub.Topology(pb.TopologyRequest(), timeout=10, metadata=metadata)
        assert unary.value.code() == grpc.StatusCode.UNAUTHENTICATED
        poll = pb.ActivateJobsRequest(
            type="t", worker="w", timeout=1000, maxJobsToActivate=1, requestTimeout=-1
        )
        with pytest.raises(grpc.RpcError) as streaming:
            list(stub.ActivateJobs(poll, timeout=10, metadata=metadata))
        assert streaming.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert list(stub.ActivateJobs(poll, timeout=10, metadata=TOKEN)) == [pb.ActivateJobsResponse()]
        assert stub.Topology(pb.TopologyRequest(), timeout=10, metadata=TOKEN).clusterSize == 1


def test_health_checks_need_no_token(serve_gateway: ServeFactory) -> None:
    gateway = serve_gateway(token="s3cret")
    with grpc.insecure_channel(gateway.grpc_address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        response = health.Check(health_pb2.HealthCheckRequest(service="gateway_protocol.Gateway"), timeout=10)
    assert response.status == health_pb2.HealthCheckResponse.SERVING
