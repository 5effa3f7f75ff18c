"""One evaluation of a decision and the decisions it requires, each evaluated at most once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.dmn.decision_table import DecisionTable
from engine.dmn.drg import (
    Decision,
    DecisionService,
    InputData,
    knowledge_function,
    place,
)
from engine.dmn.errors import DecisionEvaluationError, EvaluationFailure
from engine.dmn.failures import collecting
from engine.dmn.results import EvaluatedDecision
from engine.dmn.types import coerce
from engine.feel.budget import BudgetExceeded


class DrgEvaluation:
    """Evaluates decisions against the given variables.

    Like Zeebe, every variable is visible to every decision of the root model; required input data
    are converted to their declared type, required decisions and knowledge are added on top.
    Input data of imported models are looked up in ``imported_inputs[namespace]`` first.
    """

    def __init__(
        self,
        root_namespace: str,
        variables: Mapping[str, Any],
        imported_inputs: Mapping[str, Mapping[str, Any]] | None = None,
        known_decisions: Mapping[Decision, Any] | None = None,
    ) -> None:
        self.root_namespace = root_namespace
        self.variables = variables
        self.imported_inputs = imported_inputs or {}
        self.results: dict[Decision, Any] = dict(known_decisions or {})
        self.evaluated: list[EvaluatedDecision] = []

    @classmethod
    def for_service(cls, service: DecisionService, arguments: Mapping[str, Any]) -> DrgEvaluation:
        """Input decisions take the values passed in (null if absent) instead of being evaluated."""
        known = {d: coerce(arguments.get(d.name), d.type) for d in service.input_decisions}
        inputs = {i.name: arguments.get(i.name) for i in service.input_data}
        return cls(service.namespace, inputs, known_decisions=known)

    def service_outputs(self, service: DecisionService) -> dict[str, Any]:
        return {d.name: self.decide(d) for d in service.output_decisions}

    def input_value(self, element: InputData) -> Any:
        if element.namespace != self.root_namespace:
            imported = self.imported_inputs.get(element.namespace)
            if imported is not None and element.name in imported:
                return coerce(imported[element.name], element.type)
        return coerce(self.variables.get(element.name), element.type)

    def decide(self, decision: Decision) -> Any:
        if decision in self.results:
            return self.results[decision]
        scope: dict[str, Any] = dict(self.variables)
        for requirement in decision.required_inputs:
            assert isinstance(requirement.element, InputData)
            place(scope, requirement, self.input_value(requirement.element))
        for requirement in decision.required_decisions:
            assert isinstance(requirement.element, Decision)
            place(scope, requirement, self.decide(requirement.element))
        for requirement in decision.required_knowledge:
            place(scope, requirement, knowledge_function(requirement.element))
        record = EvaluatedDecision(decision.id, decision.name, decision.decision_type)
        logic = decision.logic
        try:
            with collecting() as nested_failures:
                if isinstance(logic, DecisionTable):
                    table = logic.evaluate_audited(scope)
                    value = table.value
                    record.inputs = table.inputs
                    record.matched_rules = table.matched_rules
                else:
                    value = logic.evaluate(scope) if logic is not None else None
            if nested_failures:
                raise EvaluationFailure(nested_failures[0])
        except EvaluationFailure as failure:
            record.inputs, record.matched_rules = failure.inputs, failure.matched_rules
            self.evaluated.append(record)
            raise DecisionEvaluationError(str(failure), decision.id, self.evaluated) from failure
        except RecursionError as failure:
            self.evaluated.append(record)
            raise DecisionEvaluationError(
                f"failed to evaluate decision '{decision.id}': recursion too deep",
                decision.id,
                self.evaluated,
            ) from failure
        except BudgetExceeded as exceeded:
            self.evaluated.append(record)
            raise DecisionEvaluationError(
                f"failed to evaluate decision '{decision.id}': {exceeded}", decision.id, self.evaluated
            ) from exceeded
        value = coerce(value, decision.type)
        record.output = value
        self.results[decision] = value
        self.evaluated.append(record)
        return value
