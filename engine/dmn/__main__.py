"""Command line: validate DMN files, or evaluate one decision and print the result as Zeebe would.

python -m engine.dmn check decisions/*.dmn
python -m engine.dmn evaluate decisions/sla.dmn --decision sla --variables '{"amount": 6000000}'
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine import feel
from engine.dmn.errors import DecisionEvaluationError, DmnParseError
from engine.dmn.parser import parse_dmn
from engine.dmn.response import failure_json, result_json


def _check(files: list[Path]) -> int:
    failed = 0
    for path in files:
        try:
            model = parse_dmn(path)
        except DmnParseError as err:
            print(err, file=sys.stderr)
            failed += 1
        else:
            print(f"{path}: ok ({len(model.decisions)} decisions)")
    return 1 if failed else 0


def _evaluate(path: Path, decision: str, variables_json: str) -> int:
    try:
        variables = json.loads(variables_json)
    except json.JSONDecodeError as err:
        print(f"--variables: invalid JSON: {err}", file=sys.stderr)
        return 2
    if not isinstance(variables, dict):
        print("--variables: expected a JSON object", file=sys.stderr)
        return 2
    try:
        model = parse_dmn(path)
    except DmnParseError as err:
        print(err, file=sys.stderr)
        return 1
    try:
        result = model.evaluate(decision, {k: feel.from_json(v) for k, v in variables.items()})
    except DecisionEvaluationError as err:
        print(json.dumps(failure_json(err), ensure_ascii=False, indent=2))
        return 1
    print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.dmn", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate DMN files as Zeebe does at deployment")
    check.add_argument("files", nargs="+", type=Path)
    evaluate = commands.add_parser("evaluate", help="evaluate a decision and print the result as JSON")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--decision", required=True, help="decision id (or name)")
    evaluate.add_argument("--variables", default="{}", help="the variables as a JSON object")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.files)
    return _evaluate(args.file, args.decision, args.variables)


if __name__ == "__main__":
    sys.exit(main())
