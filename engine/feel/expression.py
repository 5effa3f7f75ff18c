"""Compiled FEEL: parse once, evaluate many times against different scopes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from engine.feel import budget, library
from engine.feel.compiler import Compiler
from engine.feel.json_values import from_json
from engine.feel.names import NameIndex, name_index
from engine.feel.parser import parse_expression, parse_unary_tests
from engine.feel.runtime import Env, Evaluator
from engine.feel.type_checks import TypeCheck
from engine.feel.unary_tests import Test
from engine.feel.values import EvaluationResult

_EMPTY: Mapping[str, Any] = {}
# Results are immutable, and building a frozen dataclass costs more than a whole simple evaluation,
# so the warning-free results of tests and comparisons are shared.
_TRUE = EvaluationResult(True)
_FALSE = EvaluationResult(False)
_NULL = EvaluationResult(None)


def _result(value: Any, messages: list[str] | None) -> EvaluationResult:
    if messages is None:
        if value is True:
            return _TRUE
        if value is False:
            return _FALSE
        if value is None:
            return _NULL
        return EvaluationResult(value)
    return EvaluationResult(value, tuple(messages))


class CompiledExpression:
    """A FEEL expression, parsed and compiled; :meth:`evaluate` reports errors as warnings and null."""

    __slots__ = ("_evaluator", "text")

    def __init__(self, text: str, evaluator: Evaluator) -> None:
        self.text = text
        self._evaluator = evaluator

    def evaluate(self, scope: Mapping[str, Any] | None = None) -> EvaluationResult:
        """Raises only :class:`~engine.feel.budget.BudgetExceeded`, when the evaluation runs away."""
        env = Env(_EMPTY if scope is None else scope)
        evaluations = budget.begin()
        try:
            value = self._evaluator(env)
        except RecursionError:
            env.warn("Failed to evaluate: the expression recurses too deeply")
            value = None
        except MemoryError as exc:
            raise budget.BudgetExceeded("内存", "进程可用内存") from exc
        finally:
            budget.end(evaluations)
        return _result(value, env.messages)

    def __repr__(self) -> str:
        return f"CompiledExpression({self.text!r})"


class CompiledUnaryTests:
    """FEEL unary tests (a decision-table input entry); :meth:`evaluate` yields True/False, None on error."""

    __slots__ = ("_test", "text")

    def __init__(self, text: str, test: Test) -> None:
        self.text = text
        self._test = test

    def evaluate(self, input_value: Any, scope: Mapping[str, Any] | None = None) -> EvaluationResult:
        """Raises only :class:`~engine.feel.budget.BudgetExceeded`, when the evaluation runs away."""
        env = Env(_EMPTY if scope is None else scope, None, input_value)
        evaluations = budget.begin()
        try:
            value = self._test(env, input_value)
        except RecursionError:
            env.warn("Failed to evaluate: the unary tests recurse too deeply")
            value = None
        except MemoryError as exc:
            raise budget.BudgetExceeded("内存", "进程可用内存") from exc
        finally:
            budget.end(evaluations)
        return _result(value, env.messages)

    def __repr__(self) -> str:
        return f"CompiledUnaryTests({self.text!r})"


def compile_expression(
    text: str, names: Iterable[str] = (), types: Mapping[str, TypeCheck] | None = None
) -> CompiledExpression:
    """Parse and compile ``text``; raises FeelSyntaxError.

    ``names`` lists variable names that contain spaces or operator characters; ``types`` maps type
    names (DMN item definitions) to checks that ``instance of`` and typed parameters use.
    """
    index, compiler = _tools(frozenset(names))
    if types:
        compiler = Compiler(compiler.builtins, types)
    return CompiledExpression(text, compiler.expression(parse_expression(text, index)))


def compile_unary_tests(
    text: str, names: Iterable[str] = (), types: Mapping[str, TypeCheck] | None = None
) -> CompiledUnaryTests:
    """Parse and compile decision-table input entry ``text``; raises FeelSyntaxError."""
    index, compiler = _tools(frozenset(names))
    if types:
        compiler = Compiler(compiler.builtins, types)
    return CompiledUnaryTests(text, compiler.tests.unary_tests(parse_unary_tests(text, index)))


def evaluate_expression(text: str, scope: Mapping[str, Any] | None = None) -> EvaluationResult:
    """Compile and evaluate in one step (a syntax error raises FeelSyntaxError).

    For convenience the scope may hold JSON-like values (ints, floats) as well as FEEL values.
    """
    variables: dict[str, Any] = from_json(dict(scope or {}))
    return compile_expression(text, variables.keys()).evaluate(variables)


@lru_cache(maxsize=128)
def _tools(names: frozenset[str]) -> tuple[NameIndex, Compiler]:
    builtins = library.builtin_names()
    return name_index(names | builtins), Compiler(builtins)
