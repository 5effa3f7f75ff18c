"""The two ways a DMN model can fail: at parse (deploy) time and at evaluation time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.dmn.results import EvaluatedDecision


class DmnParseError(Exception):
    """A model that cannot be deployed: invalid XML, a duplicate id, a dangling reference, bad FEEL.

    ``str(err)`` reads ``"<source>: <element kind> '<id>': <reason>"``.
    """

    def __init__(self, source: str, element: str | None, reason: str) -> None:
        self.source = source
        self.element = element
        self.reason = reason
        where = f"{source}: {element}: " if element else f"{source}: "
        super().__init__(where + reason)


class DecisionEvaluationError(Exception):
    """An evaluation that Zeebe reports as a DECISION_EVALUATION_ERROR incident.

    ``decision_id`` is the decision that failed (Zeebe's ``failedDecisionId``);
    ``evaluated_decisions`` holds the decisions evaluated up to and including the failed one.
    """

    def __init__(
        self, message: str, decision_id: str | None, evaluated_decisions: Sequence[EvaluatedDecision] = ()
    ) -> None:
        self.message = message
        self.decision_id = decision_id
        self.evaluated_decisions = list(evaluated_decisions)
        super().__init__(message)


class EvaluationFailure(Exception):
    """Raised inside the engine where dmn-scala returns a Failure; becomes a DecisionEvaluationError."""
