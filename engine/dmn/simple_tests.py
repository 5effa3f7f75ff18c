"""A fast path for the simplest decision-table input entries.

Most input entries written in Camunda Modeler are literals, comparisons with a literal or
intervals of literals (``"LG"``, ``>= 5000000``, ``[1..10)``, ``"LZ","TH"``). For an input value of the
same type as every literal in the entry, the answer is a plain Python comparison; anything else
(another type, null, any other syntax) is left to FEEL, so the result is always FEEL's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.dmn.feel_api import CompiledUnaryTests
from engine.feel.values import EvaluationResult, Scope

_NUMBER = r"-?\d+(?:\.\d+)?"
_STRING = r'"[^"\\]*"'
_LITERAL = rf"(?:{_NUMBER}|{_STRING}|true|false)"
_COMPARISON = re.compile(rf"^(<=|>=|<|>|=|!=)?\s*({_LITERAL})$")
_INTERVAL = re.compile(rf"^([\[\(\]])\s*({_NUMBER}|{_STRING})\s*\.\.\s*({_NUMBER}|{_STRING})\s*([\]\)\[])$")
_ITEM = re.compile(
    rf"\s*((?:<=|>=|<|>|=|!=)?\s*{_LITERAL}|[\[\(\]]\s*[^,\]\)\[]+\.\.[^,\]\)\[]+[\]\)\[])\s*(,|$)"
)

Check = Callable[[Any], bool]

_TRUE = EvaluationResult(True)
_FALSE = EvaluationResult(False)


def _literal(text: str) -> Any:
    if text.startswith('"'):
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    return Decimal(text)


def _comparison(operator: str, value: Any) -> Check:
    if operator == "<":
        return lambda v: bool(v < value)
    if operator == "<=":
        return lambda v: bool(v <= value)
    if operator == ">":
        return lambda v: bool(v > value)
    if operator == ">=":
        return lambda v: bool(v >= value)
    if operator == "!=":
        return lambda v: bool(v != value)
    return lambda v: bool(v == value)


def _interval(opening: str, low: Any, high: Any, closing: str) -> Check:
    low_open, high_open = opening != "[", closing != "]"
    return lambda v: bool((low < v if low_open else low <= v) and (v < high if high_open else v <= high))


def _parse_item(text: str) -> tuple[type, Check] | None:
    match = _COMPARISON.match(text)
    if match:
        value = _literal(match.group(2))
        if isinstance(value, bool) and match.group(1) not in (None, "=", "!="):
            return None
        return type(value), _comparison(match.group(1) or "=", value)
    match = _INTERVAL.match(text)
    if match:
        low, high = _literal(match.group(2)), _literal(match.group(3))
        if type(low) is not type(high):
            return None
        return type(low), _interval(match.group(1), low, high, match.group(4))
    return None


class SimpleUnaryTests:
    """Answers input entries of literals directly when the input has their type; else asks FEEL."""

    def __init__(self, value_type: type, checks: list[Check], feel: CompiledUnaryTests) -> None:
        self.value_type = value_type
        self.checks = checks
        self.single = checks[0] if len(checks) == 1 else None
        self.feel = feel

    def evaluate(self, input_value: Any, scope: Scope) -> EvaluationResult:
        if type(input_value) is not self.value_type:
            return self.feel.evaluate(input_value, scope)
        if self.single is not None:
            return _TRUE if self.single(input_value) else _FALSE
        for check in self.checks:
            if check(input_value):
                return _TRUE
        return _FALSE


def simple_unary_tests(text: str, feel: CompiledUnaryTests) -> CompiledUnaryTests:
    """``feel`` itself unless ``text`` is a comma list of literal tests all of one type."""
    position, items = 0, []
    text = text.strip()
    while position < len(text):
        match = _ITEM.match(text, position)
        if match is None:
            return feel
        items.append(match.group(1).strip())
        position = match.end()
    parsed = [_parse_item(item) for item in items]
    if not parsed or any(p is None for p in parsed):
        return feel
    types = {p[0] for p in parsed if p is not None}
    if len(types) != 1:
        return feel
    return SimpleUnaryTests(types.pop(), [p[1] for p in parsed if p is not None], feel)
