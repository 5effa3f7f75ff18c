"""Event definitions for the process builder: what kind of trigger an event carries.

Each is a small immutable value; the builder turns it into the BPMN event definition plus the
root-level element it refers to (message, error, signal, escalation), as Camunda Modeler does.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TimerDefinition:
    """A timer: exactly one of an ISO-8601 duration, date or cycle (or a FEEL expression for one)."""

    kind: str  # "timeDuration" | "timeDate" | "timeCycle"
    expression: str


@dataclass(frozen=True)
class MessageDefinition:
    """A message by name; catching events also carry the FEEL correlation key expression."""

    name: str
    correlation_key: str | None = None


@dataclass(frozen=True)
class ErrorDefinition:
    """An error; a catching event without a code catches every error (catch-all)."""

    code: str | None = None


@dataclass(frozen=True)
class EscalationDefinition:
    """An escalation; a catching event without a code catches every escalation."""

    code: str | None = None


@dataclass(frozen=True)
class SignalDefinition:
    name: str


@dataclass(frozen=True)
class LinkDefinition:
    name: str


@dataclass(frozen=True)
class TerminateDefinition:
    pass


EventDefinition = (
    TimerDefinition
    | MessageDefinition
    | ErrorDefinition
    | EscalationDefinition
    | SignalDefinition
    | LinkDefinition
    | TerminateDefinition
)


def timer_duration(duration: str) -> TimerDefinition:
    return TimerDefinition("timeDuration", duration)


def timer_date(date: str) -> TimerDefinition:
    return TimerDefinition("timeDate", date)


def timer_cycle(cycle: str) -> TimerDefinition:
    return TimerDefinition("timeCycle", cycle)


def message(name: str, correlation_key: str | None = None) -> MessageDefinition:
    return MessageDefinition(name, correlation_key)


def error(code: str | None = None) -> ErrorDefinition:
    return ErrorDefinition(code)


def escalation(code: str | None = None) -> EscalationDefinition:
    return EscalationDefinition(code)


def signal(name: str) -> SignalDefinition:
    return SignalDefinition(name)


def link(name: str) -> LinkDefinition:
    return LinkDefinition(name)


def terminate() -> TerminateDefinition:
    return TerminateDefinition()
