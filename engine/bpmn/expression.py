"""Zeebe's expression attributes: a static value, or FEEL when the text starts with ``=``.

Expressions are compiled once at deployment; evaluation converts the JSON-like process variables
to FEEL values and the result back to JSON-like, as Zeebe does at its boundary with feel-scala.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine import feel
from engine.feel.json_values import from_json, to_json


class ExpressionError(ValueError):
    """An expression that does not compile; the message is Zeebe's wording."""


class EvaluationFailure(Exception):
    """An expression result that the engine cannot use (wrong type, null where a value is needed)."""


@dataclass(frozen=True, slots=True)
class Expression:
    source: str
    """The text as written in the model (with the leading ``=`` for FEEL)."""
    compiled: Any | None
    """The compiled FEEL expression, or None for a static value."""

    @property
    def is_static(self) -> bool:
        return self.compiled is None

    @property
    def static_value(self) -> str:
        return self.source

    def evaluate(self, variables: Mapping[str, Any]) -> Any:
        """The JSON-like result; a static expression yields its text."""
        if self.compiled is None:
            return self.source
        result = self.compiled.evaluate(_FeelScope(variables))
        return to_json(result.value)

    def evaluate_with_warnings(self, variables: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        if self.compiled is None:
            return self.source, ()
        result = self.compiled.evaluate(_FeelScope(variables))
        return to_json(result.value), tuple(str(w) for w in result.warnings)

    def evaluate_feel(self, variables: Mapping[str, Any]) -> Any:
        """The raw FEEL result (for temporal values such as timer dates and durations)."""
        if self.compiled is None:
            return self.source
        return self.compiled.evaluate(_FeelScope(variables)).value


class _FeelScope(Mapping[str, Any]):
    """Process variables seen as FEEL values, converted lazily (most expressions read few names)."""

    __slots__ = ("_cache", "_variables")

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self._variables = variables
        self._cache: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name in self._cache:
            return self._cache[name]
        value = from_json(self._variables[name])
        self._cache[name] = value
        return value

    def __contains__(self, name: object) -> bool:
        return name in self._variables

    def __iter__(self) -> Any:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)


def compile_expression(text: str | None) -> Expression | None:
    """None for a missing attribute; raises ExpressionError for FEEL that does not parse."""
    if text is None:
        return None
    stripped = text.strip()
    if not stripped.startswith("="):
        return Expression(text, None)
    body = stripped[1:]
    try:
        compiled = feel.compile_expression(body)
    except feel.FeelSyntaxError as exc:
        raise ExpressionError(f"failed to parse expression '{body}': {exc}") from exc
    return Expression(stripped, compiled)


def compile_feel(text: str) -> Expression:
    """A FEEL expression with or without the leading ``=`` (conditions, mappings, collections)."""
    stripped = text.strip()
    body = stripped[1:] if stripped.startswith("=") else stripped
    try:
        compiled = feel.compile_expression(body)
    except feel.FeelSyntaxError as exc:
        raise ExpressionError(f"failed to parse expression '{body}': {exc}") from exc
    return Expression("=" + body, compiled)
