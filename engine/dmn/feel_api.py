"""The shapes of compiled FEEL that DMN relies on (see FEEL_DMN_API.md), as structural types."""

from __future__ import annotations

from typing import Any, Protocol

from engine.dmn.errors import EvaluationFailure
from engine.feel.values import EvaluationResult, Scope


class CompiledExpression(Protocol):
    def evaluate(self, scope: Scope) -> EvaluationResult: ...


class CompiledUnaryTests(Protocol):
    def evaluate(self, input_value: Any, scope: Scope) -> EvaluationResult: ...


class InvalidExpression:
    """FEEL that did not parse, kept in a model read leniently: evaluating it fails the decision."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def evaluate(self, scope: Scope) -> EvaluationResult:
        raise EvaluationFailure(self.reason)


class InvalidUnaryTests(InvalidExpression):
    def evaluate(self, input_value: Any, scope: Scope) -> EvaluationResult:  # type: ignore[override]
        raise EvaluationFailure(self.reason)
