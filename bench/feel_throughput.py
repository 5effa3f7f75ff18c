"""FEEL throughput: evaluations per second of compiled and freshly parsed expressions.

Run: .venv/bin/python bench/feel_throughput.py [seconds-per-case]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from decimal import Decimal

from engine.feel import compile_expression, compile_unary_tests


def rate(run: Callable[[], object], seconds: float) -> float:
    count = 0
    batch = 1000
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(batch):
            run()
        count += batch
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    seconds = float(args[0]) if args else 2.0
    amount = {"amount": Decimal("6000000")}
    items = {
        "items": [{"name": f"item {i}", "price": Decimal(i * 25)} for i in range(10)],
    }
    comparison = compile_expression("amount >= 5000000")
    path_filter = compile_expression("items[price > 100].name")
    unary = compile_unary_tests(">= 5000000")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("compiled  amount >= 5000000", lambda: comparison.evaluate(amount)),
        ("compiled  items[price > 100].name (10 items)", lambda: path_filter.evaluate(items)),
        ("unary     >= 5000000", lambda: unary.evaluate(amount["amount"])),
        ("parse+run amount >= 5000000", lambda: compile_expression("amount >= 5000000").evaluate(amount)),
        (
            "parse+run items[price > 100].name",
            lambda: compile_expression("items[price > 100].name").evaluate(items),
        ),
    ]
    for label, run in cases:
        print(f"{label:48} {rate(run, seconds):>12,.0f} evaluations/s")


if __name__ == "__main__":
    main()
