"""How engine refusals become gRPC status codes, as Zeebe's gateway maps its rejection types."""

from __future__ import annotations

import grpc

from engine.gateway.variables import InvalidVariables
from engine.runtime import errors

# Rejection type -> status code, following the gateway's mapping of INVALID_ARGUMENT, NOT_FOUND,
# ALREADY_EXISTS, INVALID_STATE (FAILED_PRECONDITION) and backpressure (RESOURCE_EXHAUSTED).
_CODES: tuple[tuple[type[BaseException], grpc.StatusCode], ...] = (
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (errors.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.ResourceExhausted, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (errors.DeadlineExceeded, grpc.StatusCode.DEADLINE_EXCEEDED),
    (InvalidVariables, grpc.StatusCode.INVALID_ARGUMENT),
)


def status_for(error: BaseException) -> grpc.StatusCode | None:
    for kind, code in _CODES:
        if isinstance(error, kind):
            return code
    return None
