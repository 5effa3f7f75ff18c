"""Boxed expressions: each node is evaluated against a scope (a mapping of names to FEEL values).

Runtime FEEL errors yield null (FEEL reports them as warnings); only the failures that dmn-scala
reports as evaluation failures raise :class:`EvaluationFailure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.dmn.errors import EvaluationFailure
from engine.dmn.failures import report
from engine.dmn.feel_api import CompiledExpression
from engine.dmn.types import DmnType, coerce
from engine.feel.values import FeelFunction, FeelRange, Scope, Warn


class Expression:
    """A boxed expression; ``kind`` is the decision type Zeebe reports for a decision of this logic.

    Zeebe knows DECISION_TABLE, LITERAL_EXPRESSION, CONTEXT, INVOCATION, LIST, RELATION and UNKNOWN.
    """

    kind = "UNKNOWN"
    id: str

    def evaluate(self, scope: Scope) -> Any:
        raise NotImplementedError


@dataclass(eq=False)
class LiteralExpression(Expression):
    id: str
    feel: CompiledExpression
    kind = "LITERAL_EXPRESSION"

    def evaluate(self, scope: Scope) -> Any:
        return self.feel.evaluate(scope).value


@dataclass(eq=False)
class TypedExpression(Expression):
    """A boxed expression with its own typeRef: its value is converted to that type."""

    inner: Expression
    type: DmnType

    def __post_init__(self) -> None:
        self.id = self.inner.id

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.inner.kind

    def evaluate(self, scope: Scope) -> Any:
        return coerce(self.inner.evaluate(scope), self.type)


@dataclass(eq=False)
class ContextEntry:
    name: str | None
    type: DmnType
    expression: Expression | None


@dataclass(eq=False)
class BoxedContext(Expression):
    """Entries see the entries before them; an entry without a variable is the context's result."""

    id: str
    entries: list[ContextEntry]
    kind = "CONTEXT"

    def evaluate(self, scope: Scope) -> Any:
        local = dict(scope)
        result: dict[str, Any] = {}
        for entry in self.entries:
            value = entry.expression.evaluate(local) if entry.expression is not None else None
            if entry.name is None:
                return coerce(value, entry.type)
            value = coerce(value, entry.type)
            result[entry.name] = value
            local[entry.name] = value
        return result


@dataclass(eq=False)
class ListExpression(Expression):
    id: str
    items: list[Expression]
    kind = "LIST"

    def evaluate(self, scope: Scope) -> Any:
        return [item.evaluate(scope) for item in self.items]


@dataclass(eq=False)
class Relation(Expression):
    id: str
    columns: list[str]
    rows: list[list[Expression | None]]
    kind = "RELATION"

    def evaluate(self, scope: Scope) -> Any:
        return [
            {
                column: (cell.evaluate(scope) if cell is not None else None)
                for column, cell in zip(self.columns, row, strict=False)
            }
            for row in self.rows
        ]


@dataclass(eq=False)
class Invocation(Expression):
    """A call of a BKM or function by name, with arguments bound by parameter name."""

    id: str
    function: Expression
    bindings: dict[str, Expression | None]
    kind = "INVOCATION"

    def evaluate(self, scope: Scope) -> Any:
        function = self.function.evaluate(scope)
        if not isinstance(function, FeelFunction):
            return None
        given = {
            name: (expr.evaluate(scope) if expr is not None else None) for name, expr in self.bindings.items()
        }
        if any(name not in function.params for name in given):
            return None
        args = [given.get(param) for param in function.params]
        return function.invoke(args, _ignore_warning)


def _ignore_warning(message: str) -> None:
    """Warnings of nested FEEL calls are not reported by decision results."""


@dataclass(eq=False)
class DmnFunction:
    """A FEEL function defined in DMN (a boxed function definition), closed over its defining scope."""

    name: str
    params: Sequence[str]
    param_types: Sequence[DmnType]
    body: Expression | None
    closure: Scope

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        if self.body is None or len(args) != len(self.params):
            return None
        local = dict(self.closure)
        for param, t, arg in zip(self.params, self.param_types, args, strict=True):
            value = coerce(arg, t)
            if value is None and arg is not None:
                warn(f"function '{self.name}': argument '{param}' does not conform to its type")
                return None
            local[param] = value
        try:
            return self.body.evaluate(local)
        except EvaluationFailure as failure:
            report(f"function '{self.name}' failed: {failure}")
            return None


@dataclass(eq=False)
class FunctionDefinition(Expression):
    id: str
    params: list[str]
    param_types: list[DmnType]
    body: Expression | None
    language_kind: str
    """FEEL, Java or PMML; only FEEL functions can be called here (Java and PMML evaluate to null)."""

    def evaluate(self, scope: Scope) -> Any:
        body = self.body if self.language_kind == "FEEL" else None
        return DmnFunction(self.id, self.params, self.param_types, body, dict(scope))


@dataclass(eq=False)
class Conditional(Expression):
    id: str
    condition: Expression
    then: Expression
    otherwise: Expression

    def evaluate(self, scope: Scope) -> Any:
        condition = self.condition.evaluate(scope)
        if condition is True:
            return self.then.evaluate(scope)
        if condition is False or condition is None:
            return self.otherwise.evaluate(scope)
        return None  # a condition that is not a boolean has no answer


def _iteration_items(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, FeelRange) and isinstance(value.start, Decimal) and isinstance(value.end, Decimal):
        start, end = int(value.start), int(value.end)
        step = 1 if end >= start else -1
        return [Decimal(i) for i in range(start, end + step, step)]
    if value is None:
        return None
    return [value]


def _is_boolean_or_null(value: Any) -> bool:
    return value is None or isinstance(value, bool)


@dataclass(eq=False)
class Filter(Expression):
    id: str
    source: Expression
    match: Expression

    def evaluate(self, scope: Scope) -> Any:
        items = _iteration_items(self.source.evaluate(scope))
        if items is None:
            return None
        kept = []
        for item in items:
            local = dict(scope)
            if isinstance(item, dict):
                local.update(item)
            local["item"] = item
            matched = self.match.evaluate(local)
            if not _is_boolean_or_null(matched):
                return None
            if matched is True:
                kept.append(item)
        return kept


@dataclass(eq=False)
class Iterator(Expression):
    """Boxed ``for`` (collects ``body``), ``some`` and ``every`` (test ``body``) over ``source``."""

    id: str
    quantifier: str
    variable: str
    source: Expression
    body: Expression

    def evaluate(self, scope: Scope) -> Any:
        items = _iteration_items(self.source.evaluate(scope))
        if items is None:
            return None
        results: list[Any] = []
        for item in items:
            local = dict(scope)
            local[self.variable] = item
            if self.quantifier == "for":
                local["partial"] = list(results)
            results.append(self.body.evaluate(local))
        if self.quantifier == "for":
            return results
        if not all(_is_boolean_or_null(r) for r in results):
            return None
        if self.quantifier == "some":
            return any(r is True for r in results)
        return all(r is True for r in results)
