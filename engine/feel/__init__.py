"""FEEL (Friendly Enough Expression Language) as Camunda 8.8's feel-scala evaluates it.

>>> from decimal import Decimal
>>> from engine.feel import compile_expression
>>> compile_expression("amount >= 5000000").evaluate({"amount": Decimal("6000000")}).value
True
"""

from engine.feel.errors import FeelSyntaxError
from engine.feel.expression import (
    CompiledExpression,
    CompiledUnaryTests,
    compile_expression,
    compile_unary_tests,
    evaluate_expression,
)
from engine.feel.json_values import from_json, to_json
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
