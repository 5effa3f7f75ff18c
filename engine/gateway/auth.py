"""Optional bearer-token check for the gRPC API: a client without the token gets UNAUTHENTICATED."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import grpc

if TYPE_CHECKING:  # the stubs make these generic; the runtime classes are not subscriptable
    Handler: TypeAlias = grpc.RpcMethodHandler[Any, Any]
    Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]

_OPEN_METHODS = frozenset({"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"})
_DENIED = "a valid bearer token is required"


class BearerTokenInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, token: str) -> None:
        self._expected = f"Bearer {token}".encode()

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Handler | None]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> Handler | None:
        handler = await continuation(handler_call_details)
        if (
            handler is None
            or handler_call_details.method in _OPEN_METHODS
            or self._authorized(handler_call_details)
        ):
            return handler
        return _deny(handler)

    def _authorized(self, details: grpc.HandlerCallDetails) -> bool:
        for key, value in details.invocation_metadata or ():
            if key == "authorization":
                presented = value.encode() if isinstance(value, str) else bytes(value)
                return hmac.compare_digest(presented, self._expected)
        return False


async def _abort(request: Any, context: Context) -> Any:
    # grpc.aio accepts a coroutine for streaming handlers too (one that would write with context.write).
    await context.abort(grpc.StatusCode.UNAUTHENTICATED, _DENIED)


def _deny(handler: Handler) -> Handler:
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            _abort,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
    return grpc.unary_unary_rpc_method_handler(
        _abort,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )
