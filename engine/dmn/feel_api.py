"""The shapes of compiled FEEL that DMN relies on (see FEEL_DMN_API.md), as structural types."""

from __future__ import annotations

from typing import Any, Protocol

from engine.feel.values import EvaluationResult, Scope


class CompiledExpression(Protocol):
    def evaluate(self, scope: Scope) -> EvaluationResult: ...


class CompiledUnaryTests(Protocol):
    def evaluate(self, input_value: Any, scope: Scope) -> EvaluationResult: ...
