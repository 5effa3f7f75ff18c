"""Failures that job handlers raise, and how each reaches the process."""

from __future__ import annotations


class PermanentJobError(Exception):
    """A technical fault that retrying cannot fix (an unknown calendar year, a missing template).

    The job is failed with no retries left, so Operate shows an incident with this message at once
    and an operator can fix the cause and resolve it.
    """


class BusinessRuleError(Exception):
    """A business outcome the process models as a BPMN error (for instance: returned, rejected).

    ``code`` is the BPMN error code an error boundary or event subprocess catches.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
