"""Starts the gateway's gRPC server (with the standard health service) over an engine host."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from pyzeebe.proto.gateway_pb2_grpc import add_GatewayServicer_to_server

from engine.gateway.auth import BearerTokenInterceptor
from engine.gateway.engine_host import EngineHost
from engine.gateway.grpc_guard import GrpcGuard
from engine.gateway.grpc_service import GatewayService
from engine.gateway.identity_services import IdentityServices

MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # Zeebe's default maximum message size
# Backpressure: beyond this many calls in progress (long polls included) a call is refused with
# RESOURCE_EXHAUSTED, the status Zeebe's gateway answers when its broker is overloaded.
MAX_CONCURRENT_RPCS = 2_000


@dataclass(frozen=True)
class TlsFiles:
    certificate_chain: bytes
    private_key: bytes


async def start_grpc_server(
    host: EngineHost,
    *,
    bind_host: str,
    port: int,
    token: str | None = None,
    tls: TlsFiles | None = None,
    identity: IdentityServices | None = None,
) -> tuple[grpc.aio.Server, int]:
    """Start serving; returns the server and the bound port (useful when ``port`` is 0)."""
    interceptors: list[grpc.aio.ServerInterceptor] = [BearerTokenInterceptor(token)] if token else []
    if identity is not None:
        interceptors = [GrpcGuard(identity)]  # it accepts the service token as well
    server = grpc.aio.server(
        interceptors=interceptors,
        maximum_concurrent_rpcs=MAX_CONCURRENT_RPCS,
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            # gRPC shares a port between servers by default: a second engine on the same port
            # would silently take half the clients. Refuse the port instead.
            ("grpc.so_reuseport", 0),
        ],
    )
    address = f"{bind_host}:{port}"
    if tls is None:
        bound = server.add_insecure_port(address)
    else:
        credentials = grpc.ssl_server_credentials([(tls.private_key, tls.certificate_chain)])
        bound = server.add_secure_port(address, credentials)
    add_GatewayServicer_to_server(
        GatewayService(host, advertised_host=bind_host, advertised_port=bound), server
    )
    health_servicer = health.aio.HealthServicer()
    await health_servicer.set("gateway_protocol.Gateway", health_pb2.HealthCheckResponse.SERVING)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    await server.start()
    return server, bound
