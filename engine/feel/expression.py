"""Compiled FEEL: parse once, evaluate many times against different scopes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from engine.feel import library
from engine.feel.compiler import Compiler, Test
from engine.feel.names import NameIndex, name_index
from engine.feel.parser import parse_expression, parse_unary_tests
from engine.feel.runtime import Env, Evaluator
from engine.feel.values import EvaluationResult

_EMPTY: Mapping[str, Any] = {}


class CompiledExpression:
    """A FEEL expression, parsed and compiled; :meth:`evaluate` never raises."""

    __slots__ = ("_evaluator", "text")

    def __init__(self, text: str, evaluator: Evaluator) -> None:
        self.text = text
        self._evaluator = evaluator

    def evaluate(self, scope: Mapping[str, Any] | None = None) -> EvaluationResult:
        env = Env(_EMPTY if scope is None else scope)
        value = self._evaluator(env)
        if env.messages is None:
            return EvaluationResult(value)
        return EvaluationResult(value, tuple(env.messages))

    def __repr__(self) -> str:
        return f"CompiledExpression({self.text!r})"


class CompiledUnaryTests:
    """FEEL unary tests (a decision-table input entry); :meth:`evaluate` yields True/False, None on error."""

    __slots__ = ("_test", "text")

    def __init__(self, text: str, test: Test) -> None:
        self.text = text
        self._test = test

    def evaluate(self, input_value: Any, scope: Mapping[str, Any] | None = None) -> EvaluationResult:
        env = Env(_EMPTY if scope is None else scope, input_value=input_value)
        value = self._test(env, input_value)
        if env.messages is None:
            return EvaluationResult(value)
        return EvaluationResult(value, tuple(env.messages))

    def __repr__(self) -> str:
        return f"CompiledUnaryTests({self.text!r})"


def compile_expression(text: str, names: Iterable[str] = ()) -> CompiledExpression:
    """Parse and compile ``text``; raises FeelSyntaxError.

    ``names`` lists variable names that contain spaces or operator characters.
    """
    index, compiler = _tools(frozenset(names))
    return CompiledExpression(text, compiler.expression(parse_expression(text, index)))


def compile_unary_tests(text: str, names: Iterable[str] = ()) -> CompiledUnaryTests:
    """Parse and compile decision-table input entry ``text``; raises FeelSyntaxError."""
    index, compiler = _tools(frozenset(names))
    return CompiledUnaryTests(text, compiler.unary_tests(parse_unary_tests(text, index)))


def evaluate_expression(text: str, scope: Mapping[str, Any] | None = None) -> EvaluationResult:
    """Compile and evaluate in one step (a syntax error raises FeelSyntaxError)."""
    return compile_expression(text, () if scope is None else scope.keys()).evaluate(scope)


@lru_cache(maxsize=128)
def _tools(names: frozenset[str]) -> tuple[NameIndex, Compiler]:
    builtins = library.builtin_names()
    return name_index(names | builtins), Compiler(builtins)
