"""Errors as RFC 9457 problem details, the body every Orchestration Cluster API error carries."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from engine.gateway.variables import InvalidVariables
from engine.runtime import errors

_STATUS: tuple[tuple[type[BaseException], int, str], ...] = (
    (errors.NotFound, 404, "NOT_FOUND"),
    (errors.InvalidArgument, 400, "INVALID_ARGUMENT"),
    (InvalidVariables, 400, "INVALID_ARGUMENT"),
    (errors.AlreadyExists, 409, "ALREADY_EXISTS"),
    (errors.FailedPrecondition, 409, "INVALID_STATE"),
    (errors.ResourceExhausted, 503, "RESOURCE_EXHAUSTED"),
    (errors.DeadlineExceeded, 504, "DEADLINE_EXCEEDED"),
)


class BadRequest(Exception):
    """The request body or path does not fit the API; the message names the field."""


def problem(request: Request, status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": request.url.path,
        },
        status_code=status,
        media_type="application/problem+json",
    )


def problem_for(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, BadRequest):
        return problem(request, 400, "INVALID_ARGUMENT", str(error))
    for kind, status, title in _STATUS:
        if isinstance(error, kind):
            return problem(request, status, title, str(error))
    return problem(request, 500, "INTERNAL", f"{type(error).__name__}: {error}")
