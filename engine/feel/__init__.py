"""FEEL (Friendly Enough Expression Language) as Camunda 8.8's feel-scala evaluates it.

>>> from engine.feel import compile_expression
>>> compile_expression("amount >= 5000000").evaluate({"amount": Decimal("6000000")}).value
True
"""

from typing import Any

from engine.feel.errors import FeelSyntaxError
from engine.feel.expression import (
    CompiledExpression,
    CompiledUnaryTests,
    compile_expression,
    compile_unary_tests,
    evaluate_expression,
)
from engine.feel.values import EvaluationResult

__all__ = [
    "CompiledExpression",
    "CompiledUnaryTests",
    "EvaluationResult",
    "FeelSyntaxError",
    "compile_expression",
    "compile_unary_tests",
    "evaluate_expression",
    "from_json",
    "to_json",
]


def __getattr__(name: str) -> Any:
    # The JSON conversions live with the built-in library, which imports this package; loading them
    # on first use keeps the import graph free of cycles.
    if name in ("from_json", "to_json"):
        from engine.feel import json_values

        return getattr(json_values, name)
    raise AttributeError(f"module 'engine.feel' has no attribute {name!r}")
