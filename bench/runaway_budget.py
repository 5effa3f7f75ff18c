"""How long the runaway expressions of issue #18 hold an evaluation now that FEEL runs under a budget.

Before budgets: the nested iteration held the engine 90 s (5.5 GB), ``matches(x, "(a+)+$")`` on 27
characters 22 s, the separator split over 60,000 spaces 49 s. Each line prints the time until the
evaluation returned or stopped, and which budget stopped it.

Run: .venv/bin/python -m bench.runaway_budget
"""

from __future__ import annotations

import sys
import time
from typing import Any

from engine.feel import budget, evaluate_expression

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("nested iteration 20000 x 20000", "for i in 1..20000, j in 1..20000 return i * j", {}),
    ("matches (a+)+$ on 27 characters", 'matches(x, "(a+)+$")', {"x": "a" * 27 + "!"}),
    ("separator split over 60,000 spaces", 'split(x, "\\s*[,，、]\\s*")', {"x": " " * 60_000}),
    (
        "string doubled 40 times",
        '{f: function(s, n) if n = 0 then s else f(s + s, n - 1), r: f("x", 40)}.r',
        {},
    ),
    (
        "tree recursion fib(40)",
        "{fib: function(n) if n < 2 then n else fib(n - 1) + fib(n - 2), r: fib(40)}.r",
        {},
    ),
]


def main(argv: list[str] | None = None) -> None:
    del argv
    print(f"limits: {budget.DEFAULT_LIMITS}")
    for label, text, scope in CASES:
        start = time.perf_counter()
        try:
            evaluate_expression(text, scope)
            outcome = "returned"
        except budget.BudgetExceeded as exceeded:
            outcome = f"stopped by the {exceeded.budget} budget"
        print(f"{label:40} {time.perf_counter() - start:8.3f} s  {outcome}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
