"""FEEL throughput, ours beside feelin (npm) in one run.

For each expression: our evaluations/s with the expression parsed once, ours parsing on every
evaluation, and feelin's (which parses on every evaluation), with the ratios. Run:
`python -m bench.feel_vs_feelin [--seconds 1.0]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.feel import compile_expression, compile_unary_tests

BENCH_DIR = Path(__file__).parent
PROJECT_ROOT = BENCH_DIR.parent


@dataclass(frozen=True)
class FeelCase:
    name: str
    expression: str | None = None
    unary_tests: str | None = None
    input: Any = None
    context: dict[str, Any] = field(default_factory=dict)


ITEMS = [{"name": f"item {i}", "price": i * 37 % 500} for i in range(20)]

CASES = [
    FeelCase("simple comparison", expression="amount >= 5000000", context={"amount": 6_000_000}),
    FeelCase(
        "boolean condition",
        expression="route.needsFeasibilityStudy and amount < 50000000",
        context={"route": {"needsFeasibilityStudy": True}, "amount": 6_000_000},
    ),
    FeelCase("path and filter", expression="items[price > 100].name", context={"items": ITEMS}),
    FeelCase("sum over list", expression="sum(for i in items return i.price)", context={"items": ITEMS}),
    FeelCase(
        "string function",
        expression='starts with(code, "LG") and contains(name, "平台")',
        context={"code": "LG-001", "name": "数据共享平台"},
    ),
    FeelCase("unary range", unary_tests="[500000..5000000)", input=750_000),
    FeelCase("unary disjunction", unary_tests='"LG", "HY", "TH"', input="TH"),
]


def _to_feel(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, list):
        return [_to_feel(v) for v in value]
    return {k: _to_feel(v) for k, v in value.items()}


def _rate(run: Callable[[], object], seconds: float) -> float:
    for _ in range(200):
        run()
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(200):
            run()
        count += 200
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def _ours(case: FeelCase, seconds: float) -> tuple[float, float]:
    context = _to_feel(case.context)
    if case.expression is not None:
        text = case.expression
        parsed = compile_expression(text)
        once = _rate(lambda: parsed.evaluate(context), seconds)
        each = _rate(lambda: compile_expression(text).evaluate(context), seconds)
    else:
        tests_text = case.unary_tests or ""
        value = _to_feel(case.input)
        tests = compile_unary_tests(tests_text)
        once = _rate(lambda: tests.evaluate(value, context), seconds)
        each = _rate(lambda: compile_unary_tests(tests_text).evaluate(value, context), seconds)
    return once, each


def _feelin_case(case: FeelCase, seconds: float) -> dict[str, Any]:
    line: dict[str, Any] = {"name": case.name, "context": case.context, "seconds": seconds}
    if case.expression is not None:
        line["expression"] = case.expression
    else:
        line["unaryTests"] = case.unary_tests
        line["input"] = case.input
    return line


def _feelin(cases: list[FeelCase], seconds: float) -> dict[str, float]:
    node = shutil.which("node")
    if node is None or not (PROJECT_ROOT / "node_modules" / "feelin").is_dir():
        raise SystemExit("feelin is not installed: run `make setup` first")
    feed = "\n".join(json.dumps(_feelin_case(c, seconds)) for c in cases)
    out = subprocess.run(
        [node, str(BENCH_DIR / "feelin_throughput.mjs")],
        input=feed,
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    ).stdout
    return {row["name"]: row["evaluations"] / row["seconds"] for row in map(json.loads, out.splitlines())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="measuring time per figure")
    args = parser.parse_args(argv)
    theirs = _feelin(CASES, args.seconds)
    header = (
        f"{'expression':<22} {'ours parse-once/s':>18} {'ours parse-each/s':>18} {'feelin/s':>12} "
        f"{'once:feelin':>12} {'each:feelin':>12}"
    )
    print(header)
    for case in CASES:
        once, each = _ours(case, args.seconds)
        feelin = theirs[case.name]
        print(
            f"{case.name:<22} {once:>18,.0f} {each:>18,.0f} {feelin:>12,.0f} {once / feelin:>12.2f} "
            f"{each / feelin:>12.2f}"
        )


if __name__ == "__main__":
    main()
