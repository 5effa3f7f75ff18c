"""The two ways a DMN model can fail: at parse (deploy) time and at evaluation time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.dmn.results import EvaluatedDecision, EvaluatedInput, MatchedRule


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

    The message reads as Zeebe's: "Expected to evaluate decision 'route', but multiple values ...".
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
    """Raised inside the engine where dmn-scala returns a Failure; becomes a DecisionEvaluationError.

    A decision table that fails on its hit policy attaches what it evaluated (``inputs``,
    ``matched_rules``), which Zeebe still reports for the failed decision.
    """

    def __init__(
        self, message: str, inputs: Sequence[EvaluatedInput] = (), matched_rules: Sequence[MatchedRule] = ()
    ) -> None:
        super().__init__(message)
        self.inputs = list(inputs)
        self.matched_rules = list(matched_rules)
