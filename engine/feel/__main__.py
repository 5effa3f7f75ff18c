"""Evaluate FEEL from JSON lines: ``python -m engine.feel --jsonl FILE`` (``-`` reads stdin).

Each input line is one of::

    {"expression": "a + 1", "context": {"a": 1}}
    {"unaryTests": "< 10, > 20", "input": 5, "context": {}}
    {"unaryTests": "< 10", "inputExpression": "a * 2", "context": {"a": 3}}

Each output line is ``{"value": <json>, "warnings": [...]}``. A line that cannot be evaluated at
all (invalid JSON, a FEEL syntax error, a missing field) yields
``{"value": null, "warnings": [], "error": "<reason>"}``; runtime problems are warnings only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from engine.feel import json_values
from engine.feel.budget import BudgetExceeded
from engine.feel.errors import FeelSyntaxError
from engine.feel.expression import compile_expression, compile_unary_tests


def evaluate_line(line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failure(f"invalid JSON: {exc}")
    if not isinstance(request, dict):
        return _failure("expected a JSON object")
    raw_context = request.get("context") or {}
    if not isinstance(raw_context, dict):
        return _failure("'context' must be a JSON object")
    context = json_values.from_json(raw_context)
    names = tuple(context)
    try:
        if "expression" in request:
            result = compile_expression(str(request["expression"]), names).evaluate(context)
            return _success(result.value, result.warnings)
        if "unaryTests" in request:
            tests = compile_unary_tests(str(request["unaryTests"]), names)
            warnings: tuple[str, ...] = ()
            if "inputExpression" in request:
                evaluated = compile_expression(str(request["inputExpression"]), names).evaluate(context)
                input_value, warnings = evaluated.value, evaluated.warnings
            else:
                input_value = json_values.from_json(request.get("input"))
            result = tests.evaluate(input_value, context)
            return _success(result.value, warnings + result.warnings)
    except (FeelSyntaxError, BudgetExceeded) as exc:
        return _failure(str(exc))
    return _failure("expected an 'expression' or a 'unaryTests' field")


def _success(value: Any, warnings: Iterable[str]) -> dict[str, Any]:
    return {"value": json_values.to_json(value), "warnings": list(warnings)}


def _failure(reason: str) -> dict[str, Any]:
    return {"value": None, "warnings": [], "error": reason}


def run(lines: Iterable[str], out: TextIO) -> None:
    for line in _non_blank(lines):
        out.write(json.dumps(evaluate_line(line), ensure_ascii=False) + "\n")
        out.flush()


def _non_blank(lines: Iterable[str]) -> Iterator[str]:
    return (line for line in lines if line.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.feel", description="Evaluate FEEL from JSON lines."
    )
    parser.add_argument("--jsonl", required=True, metavar="FILE", help="a file of JSON lines, or - for stdin")
    args = parser.parse_args(argv)
    if args.jsonl == "-":
        run(sys.stdin, sys.stdout)
        return 0
    try:
        with open(args.jsonl, encoding="utf-8") as source:
            run(source, sys.stdout)
    except OSError as exc:
        print(f"cannot read {args.jsonl}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
