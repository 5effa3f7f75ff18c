"""The result of evaluating a decision, shaped like Zeebe's EvaluateDecisionResponse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class EvaluatedInput:
    input_id: str
    input_name: str
    value: Any


@dataclass(frozen=True, slots=True)
class EvaluatedOutput:
    output_id: str
    output_name: str
    value: Any


@dataclass(frozen=True, slots=True)
class MatchedRule:
    rule_id: str
    rule_index: int
    """1-based position of the rule in its decision table."""
    annotation: str | None
    outputs: list[EvaluatedOutput] = field(default_factory=list)


@dataclass(slots=True)
class EvaluatedDecision:
    decision_id: str
    decision_name: str
    decision_type: str
    """DECISION_TABLE, LITERAL_EXPRESSION, CONTEXT, INVOCATION, LIST, RELATION, ..."""
    output: Any = None
    inputs: list[EvaluatedInput] = field(default_factory=list)
    matched_rules: list[MatchedRule] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DecisionResult:
    decision_id: str
    decision_name: str
    output: Any
    evaluated_decisions: list[EvaluatedDecision]
