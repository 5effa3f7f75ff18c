"""DMN 1.1-1.5 models: parse once (validating as Zeebe does at deploy time), evaluate many times.

model = parse_dmn(Path("decisions/sla.dmn"))
result = model.evaluate("sla", {"amount": 6000000})
result.output, result.evaluated_decisions[-1].matched_rules
"""

from engine.dmn.drg import Decision
from engine.dmn.errors import DecisionEvaluationError, DmnParseError
from engine.dmn.model import DmnModel
from engine.dmn.parser import parse_dmn
from engine.dmn.results import (
    DecisionResult,
    EvaluatedDecision,
    EvaluatedInput,
    EvaluatedOutput,
    MatchedRule,
)

__all__ = [
    "Decision",
    "DecisionEvaluationError",
    "DecisionResult",
    "DmnModel",
    "DmnParseError",
    "EvaluatedDecision",
    "EvaluatedInput",
    "EvaluatedOutput",
    "MatchedRule",
    "parse_dmn",
]
