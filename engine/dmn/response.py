"""Decision results as JSON-like dicts, with the field names of Zeebe's EvaluateDecisionResponse.

Values are written as Zeebe writes them into records and responses (the FEEL-to-MessagePack
conversion of variables), not in FEEL string() form.
"""

from __future__ import annotations

from typing import Any

from engine.dmn.errors import DecisionEvaluationError
from engine.dmn.results import DecisionResult, EvaluatedDecision
from engine.feel.variable_values import to_variable


def evaluated_decision_json(decision: EvaluatedDecision) -> dict[str, Any]:
    return {
        "decisionId": decision.decision_id,
        "decisionName": decision.decision_name,
        "decisionType": decision.decision_type,
        "decisionOutput": to_variable(decision.output),
        "evaluatedInputs": [
            {"inputId": i.input_id, "inputName": i.input_name, "inputValue": to_variable(i.value)}
            for i in decision.inputs
        ],
        "matchedRules": [
            {
                "ruleId": rule.rule_id,
                "ruleIndex": rule.rule_index,
                "annotation": rule.annotation,
                "evaluatedOutputs": [
                    {
                        "outputId": o.output_id,
                        "outputName": o.output_name,
                        "outputValue": to_variable(o.value),
                    }
                    for o in rule.outputs
                ],
            }
            for rule in decision.matched_rules
        ],
    }


def result_json(result: DecisionResult) -> dict[str, Any]:
    return {
        "decisionId": result.decision_id,
        "decisionName": result.decision_name,
        "decisionOutput": to_variable(result.output),
        "evaluatedDecisions": [evaluated_decision_json(d) for d in result.evaluated_decisions],
    }


def failure_json(error: DecisionEvaluationError) -> dict[str, Any]:
    return {
        "failedDecisionId": error.decision_id or "",
        "failureMessage": error.message,
        "evaluatedDecisions": [evaluated_decision_json(d) for d in error.evaluated_decisions],
    }
