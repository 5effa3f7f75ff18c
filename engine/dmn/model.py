"""A parsed DMN model: its decisions, knowledge, services and imports, ready to evaluate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.dmn.drg import BusinessKnowledgeModel, Decision, DecisionService, DrgElement, InputData
from engine.dmn.errors import DecisionEvaluationError
from engine.dmn.evaluation import DrgEvaluation
from engine.dmn.results import DecisionResult
from engine.dmn.types import NamedType
from engine.feel import budget


@dataclass(eq=False)
class DmnModel:
    name: str
    namespace: str
    source_name: str
    id: str = ""
    """The definitions id: Zeebe's decisionRequirementsId."""
    elements: dict[str, DrgElement] = field(default_factory=dict)
    """Every DRG element by id."""
    item_definitions: dict[str, NamedType] = field(default_factory=dict)
    imports: dict[str, DmnModel] = field(default_factory=dict)
    """Imported models by import name."""
    names: frozenset[str] = frozenset()
    """Every name the model declares, for recognising names with spaces in FEEL."""

    @property
    def decisions(self) -> Mapping[str, Decision]:
        return {k: v for k, v in self.elements.items() if isinstance(v, Decision)}

    @property
    def input_data(self) -> Mapping[str, InputData]:
        return {k: v for k, v in self.elements.items() if isinstance(v, InputData)}

    @property
    def business_knowledge_models(self) -> Mapping[str, BusinessKnowledgeModel]:
        return {k: v for k, v in self.elements.items() if isinstance(v, BusinessKnowledgeModel)}

    @property
    def decision_services(self) -> Mapping[str, DecisionService]:
        return {k: v for k, v in self.elements.items() if isinstance(v, DecisionService)}

    def _find(self, kind: type[DrgElement], id_or_name: str) -> DrgElement | None:
        element = self.elements.get(id_or_name)
        if isinstance(element, kind):
            return element
        return next((e for e in self.elements.values() if isinstance(e, kind) and e.name == id_or_name), None)

    def evaluate(
        self,
        decision: str,
        variables: Mapping[str, Any],
        *,
        imported_inputs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> DecisionResult:
        """Evaluate a decision (by id, else by name) and the decisions it requires.

        ``variables`` may hold JSON-like values (ints and floats become numbers) or FEEL values.
        ``imported_inputs`` gives input data of imported models, by the imported model's namespace.
        Raises :class:`DecisionEvaluationError` where Zeebe raises a decision evaluation incident.
        """
        target = self._find(Decision, decision)
        if not isinstance(target, Decision):
            raise DecisionEvaluationError(
                f"Expected to evaluate decision '{decision}', but no decision found with id '{decision}'",
                decision,
                [],
            )
        imported = {ns: _feel_variables(values) for ns, values in (imported_inputs or {}).items()}
        evaluation = DrgEvaluation(self.namespace, _feel_variables(variables), imported)
        evaluations = budget.begin()  # the decision and those it requires share one budget
        try:
            output = evaluation.decide(target)
        except DecisionEvaluationError as failure:
            raise DecisionEvaluationError(
                f"Expected to evaluate decision '{target.id}', but {failure.message}",
                failure.decision_id,
                failure.evaluated_decisions,
            ) from failure
        finally:
            budget.end(evaluations)
        return DecisionResult(target.id, target.name, output, evaluation.evaluated)

    def evaluate_decision_service(self, service: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        """Invoke a decision service (by id, else by name): its output decisions' values by name."""
        target = self._find(DecisionService, service)
        if not isinstance(target, DecisionService):
            raise DecisionEvaluationError(f"no decision service found with id or name '{service}'", None, [])
        outputs = DrgEvaluation.for_service(target, _feel_variables(variables)).service_outputs(target)
        value = target.result(outputs)
        if len(outputs) == 1:
            return dict.fromkeys(outputs, value)
        return {name: value.get(name) if isinstance(value, dict) else None for name in outputs}


def _feel_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {str(k): _feel_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_feel_value(v) for v in value]
    return value


def _feel_variables(variables: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): _feel_value(v) for k, v in variables.items()}
