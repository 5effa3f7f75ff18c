"""Decision tables: rule matching, hit policies and aggregation, as dmn-scala evaluates them.

As in Camunda, the typeRefs of input expressions and output columns are documentation only: a
table made in Modeler with the default ``string`` type on a numeric input still compares numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.dmn.errors import EvaluationFailure
from engine.dmn.expressions import Expression
from engine.dmn.feel_api import CompiledExpression, CompiledUnaryTests
from engine.dmn.results import EvaluatedInput, EvaluatedOutput, MatchedRule
from engine.feel.values import DECIMAL_CONTEXT, Scope

HIT_POLICIES = frozenset({"UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER"})
AGGREGATIONS = frozenset({"SUM", "MIN", "MAX", "COUNT"})


@dataclass(eq=False)
class TableInput:
    id: str
    name: str
    """The name Zeebe reports: the label, else the expression's first 30 characters."""
    expression: CompiledExpression


@dataclass(eq=False)
class TableOutput:
    id: str
    name: str
    """The key of this output in a compound result."""
    label: str
    """The name Zeebe reports for this output: the label, else the name."""
    output_values: CompiledExpression | None = None
    """The output values as a FEEL list, whose order gives PRIORITY and OUTPUT ORDER their ranking."""
    default: Expression | None = None
    _ranking: list[Any] | None = field(default=None, init=False)

    def rank(self, value: Any) -> int:
        if self._ranking is None:
            ranking = self.output_values.evaluate({}).value if self.output_values is not None else None
            self._ranking = ranking if isinstance(ranking, list) else []
        for index, candidate in enumerate(self._ranking):
            if type(candidate) is type(value) and candidate == value:
                return index
        return len(self._ranking)


@dataclass(eq=False)
class Rule:
    id: str
    index: int
    annotation: str | None
    input_entries: list[CompiledUnaryTests | None]
    """``None`` for an entry that matches anything (``-`` or empty)."""
    output_entries: list[Expression]
    tests: list[tuple[int, CompiledUnaryTests]] = field(init=False)
    """The entries that test something, with their input's position (rules are matched often)."""

    def __post_init__(self) -> None:
        self.tests = [(i, entry) for i, entry in enumerate(self.input_entries) if entry is not None]


@dataclass(frozen=True, slots=True)
class TableEvaluation:
    value: Any
    inputs: list[EvaluatedInput]
    matched_rules: list[MatchedRule]


@dataclass(eq=False)
class DecisionTable(Expression):
    id: str
    hit_policy: str
    aggregation: str | None
    inputs: list[TableInput]
    outputs: list[TableOutput]
    rules: list[Rule]
    kind = "DECISION_TABLE"

    def evaluate(self, scope: Scope) -> Any:
        return self.evaluate_audited(scope).value

    def evaluate_audited(self, scope: Scope) -> TableEvaluation:
        input_values = [i.expression.evaluate(scope).value for i in self.inputs]
        inputs = [EvaluatedInput(i.id, i.name, v) for i, v in zip(self.inputs, input_values, strict=True)]
        matched = []
        for rule in self.rules:
            for index, entry in rule.tests:
                if entry.evaluate(input_values[index], scope).value is not True:
                    break
            else:
                matched.append(rule)
        if not matched:
            return TableEvaluation(self._default_output(scope), inputs, [])
        if self.hit_policy == "FIRST":
            matched = matched[:1]
        rows = [self._output_row(rule, scope) for rule in matched]
        audit = [
            MatchedRule(
                rule.id,
                rule.index,
                rule.annotation,
                [EvaluatedOutput(o.id, o.label, v) for o, v in zip(self.outputs, row, strict=True)],
            )
            for rule, row in zip(matched, rows, strict=True)
        ]
        try:
            value = self._apply_hit_policy(rows)
        except EvaluationFailure as failure:
            raise EvaluationFailure(str(failure), inputs, audit) from failure
        return TableEvaluation(value, inputs, audit)

    def _output_row(self, rule: Rule, scope: Scope) -> list[Any]:
        return [entry.evaluate(scope) for entry in rule.output_entries]

    def _single(self, row: list[Any]) -> Any:
        if len(self.outputs) == 1:
            return row[0]
        return {o.name: v for o, v in zip(self.outputs, row, strict=True)}

    def _default_output(self, scope: Scope) -> Any:
        if all(o.default is None for o in self.outputs):
            return None
        row = [o.default.evaluate(scope) if o.default else None for o in self.outputs]
        return self._single(row)

    def _by_priority(self, rows: list[list[Any]]) -> list[list[Any]]:
        return sorted(rows, key=lambda row: [o.rank(v) for o, v in zip(self.outputs, row, strict=True)])

    def _apply_hit_policy(self, rows: list[list[Any]]) -> Any:
        policy = self.hit_policy
        if policy == "FIRST":
            return self._single(rows[0])
        if policy == "UNIQUE":
            if len(rows) > 1:
                raise EvaluationFailure(
                    f"multiple values aren't allowed for UNIQUE hit policy. found: {len(rows)} matching rules"
                )
            return self._single(rows[0])
        if policy == "ANY":
            if any(row != rows[0] for row in rows[1:]):
                raise EvaluationFailure("different values aren't allowed for ANY hit policy")
            return self._single(rows[0])
        if policy == "PRIORITY":
            return self._single(self._by_priority(rows)[0])
        if policy == "OUTPUT ORDER":
            return [self._single(row) for row in self._by_priority(rows)]
        if policy == "COLLECT" and self.aggregation is not None:
            return _aggregate(self.aggregation, [row[0] for row in rows])
        return [self._single(row) for row in rows]


def _aggregate(aggregation: str, values: list[Any]) -> Any:
    if aggregation == "COUNT":
        return Decimal(len(values))
    numbers: list[Decimal] = []
    for value in values:
        if type(value) is not Decimal:
            raise EvaluationFailure(f"expected number but found '{value}' for COLLECT {aggregation}")
        numbers.append(value)
    if not numbers:
        return None
    if aggregation == "SUM":
        total = Decimal(0)
        for n in numbers:
            total = DECIMAL_CONTEXT.add(total, n)
        return total
    return min(numbers) if aggregation == "MIN" else max(numbers)
