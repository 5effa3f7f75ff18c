"""Evaluations per second of a 20-rule decision table (UNIQUE hit policy, two inputs, two outputs).

.venv/bin/python bench/dmn_throughput.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

from engine.dmn import parse_dmn

RULES = 20


def table_xml() -> str:
    rules = []
    for n in range(RULES):
        low, high = n * 1_000_000, (n + 1) * 1_000_000
        region = '"LG","HY"' if n % 2 == 0 else '"LZ","TH","YB"'
        rules.append(
            f'<rule id="r{n + 1}"><inputEntry><text>[{low}..{high})</text></inputEntry>'
            f"<inputEntry><text>{region}</text></inputEntry>"
            f"<outputEntry><text>{n % 5 + 3}</text></outputEntry>"
            f'<outputEntry><text>"level {n}"</text></outputEntry>'
            f"<annotationEntry><text>rule {n + 1}</text></annotationEntry></rule>"
        )
    return (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench" name="bench" '
        'namespace="http://govit.test/bench"><decision id="review" name="review">'
        '<decisionTable id="t" hitPolicy="UNIQUE">'
        '<input id="amount" label="amount"><inputExpression typeRef="number"><text>amount</text>'
        "</inputExpression></input>"
        '<input id="region" label="region"><inputExpression typeRef="string"><text>region</text>'
        "</inputExpression></input>"
        '<output id="days" name="days" typeRef="number"/><output id="level" name="level" typeRef="string"/>'
        + "".join(rules)
        + "</decisionTable></decision></definitions>"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    model = parse_dmn(table_xml(), "bench.dmn")
    cases = [
        {"amount": Decimal(n * 1_000_000 + 500_000), "region": "LG" if n % 2 == 0 else "TH"}
        for n in range(RULES)
    ]
    for variables in cases:  # every rule must be reachable, else the figure means nothing
        assert model.evaluate("review", variables).evaluated_decisions[-1].matched_rules
    count = 0
    start = time.perf_counter()
    deadline = start + args.seconds
    while time.perf_counter() < deadline:
        for variables in cases:
            model.evaluate("review", variables)
        count += len(cases)
    elapsed = time.perf_counter() - start
    print(f"{RULES}-rule decision table: {count / elapsed:,.0f} evaluations/s ({count} in {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
