"""Errors raised by engine commands; each maps onto a gateway status code."""

from __future__ import annotations


class EngineError(Exception):
    """A command the engine rejected; ``rejection_type`` is Zeebe's RejectionType name."""

    rejection_type = "PROCESSING_ERROR"


class NotFound(EngineError):
    rejection_type = "NOT_FOUND"


class InvalidArgument(EngineError):
    rejection_type = "INVALID_ARGUMENT"


class FailedPrecondition(EngineError):
    rejection_type = "INVALID_STATE"


class AlreadyExists(EngineError):
    rejection_type = "ALREADY_EXISTS"


class ResourceExhausted(EngineError):
    rejection_type = "EXCEEDED_BATCH_RECORD_SIZE"


class DeadlineExceeded(EngineError):
    """A command that waits (create with result) did not see its outcome in time."""

    rejection_type = "DEADLINE_EXCEEDED"


class DeploymentRejected(InvalidArgument):
    """A deployment Zeebe would reject; the message names the resource, the element and the reason."""
