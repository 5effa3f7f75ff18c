"""Evaluating deployed decisions: for business-rule tasks and for the EvaluateDecision command."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.dmn import DecisionEvaluationError, DecisionResult
from engine.dmn.response import failure_json, result_json
from engine.feel.json_values import to_json
from engine.runtime.errors import NotFound
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def _record(
    p: Processing, decision: dict[str, Any], body: dict[str, Any], inst: Row | None, failed: bool
) -> None:
    value = {
        "decisionKey": decision["key"],
        "decisionId": decision["decisionId"],
        "decisionName": decision["decisionName"],
        "decisionVersion": decision["version"],
        "decisionRequirementsKey": decision["decisionRequirementsKey"],
        "decisionRequirementsId": decision["decisionRequirementsId"],
        "processInstanceKey": inst["processInstanceKey"] if inst else -1,
        "processDefinitionKey": inst["pdk"] if inst else -1,
        "bpmnProcessId": inst["v"]["bpmnProcessId"] if inst else "",
        "elementId": inst["elementId"] if inst else "",
        "elementInstanceKey": inst["key"] if inst else -1,
        "tenantId": "<default>",
        **body,
    }
    p.write("DECISION_EVALUATION", "FAILED" if failed else "EVALUATED", p.new_key(), value)


def evaluate(
    p: Processing, decision: dict[str, Any], variables: Mapping[str, Any], inst: Row | None
) -> DecisionResult:
    model = p.registry.drgs[decision["decisionRequirementsKey"]]
    try:
        result = model.evaluate(decision["decisionId"], dict(variables))
    except DecisionEvaluationError as error:
        _record(p, decision, failure_json(error), inst, failed=True)
        raise
    _record(p, decision, result_json(result), inst, failed=False)
    return result


def evaluate_called_decision(p: Processing, inst: Row, decision_id: str, variables: Mapping[str, Any]) -> Any:
    decision = p.registry.latest_decision(decision_id)
    if decision is None:
        raise StepFailure(
            "CALLED_DECISION_ERROR",
            f"Expected to evaluate decision '{decision_id}', but no decision found for id '{decision_id}'",
        )
    try:
        result = evaluate(p, decision, variables, inst)
    except DecisionEvaluationError as error:
        raise StepFailure(
            "DECISION_EVALUATION_ERROR",
            f"Expected to evaluate decision '{decision_id}', but {error.message}",
        ) from error
    return to_json(result.output)


def find(p: Processing, decision_id: str | None, decision_key: int | None) -> dict[str, Any]:
    if decision_key is not None:
        decision = p.registry.decisions.get(decision_key)
        if decision is None:
            raise NotFound(
                f"Expected to evaluate decision with key '{decision_key}', but no such decision was found"
            )
        return decision
    decision = p.registry.latest_decision(decision_id or "")
    if decision is None:
        raise NotFound(
            f"Expected to evaluate decision '{decision_id}', but no decision found for id '{decision_id}'"
        )
    return decision
