"""A gRPC channel that sends a fixed bearer token with every call: the embedded engine's service
token (``ENGINE_AUTH_TOKEN``) or a user's API token, for an engine started with a token or with
``--identity``. OAuth (a real cluster) has its own channel in pyzeebe; this is for the rest.

gRPC attaches call credentials only to TLS channels, so on a plaintext loopback channel the
token goes in as metadata through a client interceptor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from pyzeebe.channel.channel_options import get_channel_options


def _with_token(details: Any, token: str) -> Any:
    metadata = [(key, value) for key, value in (details.metadata or ()) if key != "authorization"]
    metadata.append(("authorization", f"Bearer {token}"))
    return details._replace(metadata=metadata)


class _BearerUnaryUnary(grpc.aio.UnaryUnaryClientInterceptor):
    def __init__(self, token: str) -> None:
        self._token = token

    async def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        return await continuation(_with_token(details, self._token), request)


class _BearerUnaryStream(grpc.aio.UnaryStreamClientInterceptor):
    def __init__(self, token: str) -> None:
        self._token = token

    async def intercept_unary_stream(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        return await continuation(_with_token(details, self._token), request)


def bearer_channel(address: str, token: str, *, tls: bool = False) -> grpc.aio.Channel:
    """A channel to ``address`` (pyzeebe's channel options) whose every call carries
    ``Authorization: Bearer <token>``."""
    options = get_channel_options()
    if tls:
        credentials = grpc.composite_channel_credentials(
            grpc.ssl_channel_credentials(), grpc.access_token_call_credentials(token)
        )
        return grpc.aio.secure_channel(address, credentials, options=options)
    interceptors = [_BearerUnaryUnary(token), _BearerUnaryStream(token)]
    return grpc.aio.insecure_channel(address, options=options, interceptors=interceptors)
