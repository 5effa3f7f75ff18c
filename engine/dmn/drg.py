"""The decision requirements graph: input data, decisions, business knowledge models, decision services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.dmn.errors import DecisionEvaluationError, EvaluationFailure
from engine.dmn.expressions import Expression
from engine.dmn.failures import report
from engine.dmn.types import ANY, DmnType, coerce
from engine.feel.values import Warn


@dataclass(eq=False)
class DrgElement:
    id: str
    name: str
    namespace: str

    @property
    def variable(self) -> str:
        """The name under which the element's value is in scope."""
        return self.name


@dataclass(eq=False)
class Requirement:
    """A required element as the requiring model sees it: by name, or as ``prefix.name`` if imported."""

    element: DrgElement
    prefix: str | None = None


@dataclass(eq=False)
class InputData(DrgElement):
    type: DmnType = ANY


@dataclass(eq=False)
class Decision(DrgElement):
    variable_name: str = ""
    """The decision's ``<variable>`` name; dmn-scala falls back to the decision id (Camunda Modeler
    writes no variable for decision tables), never to the name."""
    type: DmnType = ANY
    logic: Expression | None = None
    required_decisions: list[Requirement] = field(default_factory=list)
    required_inputs: list[Requirement] = field(default_factory=list)
    required_knowledge: list[Requirement] = field(default_factory=list)

    @property
    def variable(self) -> str:
        return self.variable_name or self.id

    @property
    def decision_type(self) -> str:
        return self.logic.kind if self.logic is not None else "UNKNOWN"


@dataclass(eq=False)
class BusinessKnowledgeModel(DrgElement):
    params: list[str] = field(default_factory=list)
    param_types: list[DmnType] = field(default_factory=list)
    body: Expression | None = None
    result_type: DmnType = ANY
    required_knowledge: list[Requirement] = field(default_factory=list)


@dataclass(eq=False)
class DecisionService(DrgElement):
    output_decisions: list[Decision] = field(default_factory=list)
    input_decisions: list[Decision] = field(default_factory=list)
    input_data: list[InputData] = field(default_factory=list)
    result_type: DmnType = ANY

    def result(self, outputs: dict[str, Any]) -> Any:
        """The service's value: its single output decision's value, else a context of them all."""
        if len(outputs) == 1:
            return coerce(next(iter(outputs.values())), self.result_type)
        return coerce(outputs, self.result_type)

    @property
    def params(self) -> list[str]:
        """Input data first, then input decisions (DMN 1.3, 10.4)."""
        return [i.name for i in self.input_data] + [d.name for d in self.input_decisions]


def place(scope: dict[str, Any], requirement: Requirement, value: Any) -> None:
    """Put a required element's value into a scope under its name, or inside its import's context."""
    if requirement.prefix is None:
        scope[requirement.element.variable] = value
    else:
        imported = scope.get(requirement.prefix)
        merged = dict(imported) if isinstance(imported, dict) else {}
        merged[requirement.element.variable] = value
        scope[requirement.prefix] = merged


@dataclass(eq=False)
class KnowledgeFunction:
    """A business knowledge model as a FEEL function: its body sees its parameters and required knowledge."""

    bkm: BusinessKnowledgeModel

    @property
    def name(self) -> str:
        return self.bkm.name

    @property
    def params(self) -> Sequence[str]:
        return self.bkm.params

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        if self.bkm.body is None:
            return None
        if len(args) != len(self.bkm.params):
            warn(f"business knowledge model '{self.name}' expects {len(self.bkm.params)} arguments")
            return None
        scope: dict[str, Any] = {self.bkm.name: self}
        for requirement in self.bkm.required_knowledge:
            place(scope, requirement, knowledge_function(requirement.element))
        for param, t, arg in zip(self.bkm.params, self.bkm.param_types, args, strict=True):
            value = coerce(arg, t)
            if value is None and arg is not None:
                warn(
                    f"business knowledge model '{self.name}': argument '{param}' does not conform to its type"
                )
                return None
            scope[param] = value
        try:
            return coerce(self.bkm.body.evaluate(scope), self.bkm.result_type)
        except EvaluationFailure as failure:
            report(f"business knowledge model '{self.bkm.id}' failed: {failure}")
            return None


@dataclass(eq=False)
class ServiceFunction:
    """A decision service as a FEEL function: parameters are its input data, then its input decisions."""

    service: DecisionService

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def params(self) -> Sequence[str]:
        return self.service.params

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        from engine.dmn.evaluation import DrgEvaluation

        if len(args) != len(self.service.params):
            warn(f"decision service '{self.name}' expects {len(self.service.params)} arguments")
            return None
        parameter_types = [i.type for i in self.service.input_data] + [
            d.type for d in self.service.input_decisions
        ]
        for param, t, arg in zip(self.service.params, parameter_types, args, strict=True):
            if arg is not None and coerce(arg, t) is None:
                warn(f"decision service '{self.name}': argument '{param}' does not conform to its type")
                return None
        values = dict(zip(self.service.params, args, strict=True))
        try:
            outputs = DrgEvaluation.for_service(self.service, values).service_outputs(self.service)
        except DecisionEvaluationError as failure:
            report(f"decision service '{self.service.id}' failed: {failure.message}")
            return None
        return self.service.result(outputs)


def knowledge_function(element: DrgElement) -> KnowledgeFunction | ServiceFunction | None:
    if isinstance(element, BusinessKnowledgeModel):
        return KnowledgeFunction(element)
    if isinstance(element, DecisionService):
        return ServiceFunction(element)
    return None
