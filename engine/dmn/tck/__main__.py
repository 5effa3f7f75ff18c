"""``python -m engine.dmn.tck DIR [--results FILE]``: run the TCK, print one summary line per level."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.dmn.tck.runner import run_tck, summarize, write_results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.dmn.tck", description=__doc__)
    parser.add_argument("directory", type=Path, help="the TCK TestCases folder (or one compliance level)")
    parser.add_argument(
        "--results", type=Path, default=Path("tck_results.csv"), help="where to write the CSV"
    )
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"{args.directory}: not a directory", file=sys.stderr)
        return 2
    results = run_tck(args.directory)
    write_results(results, args.results)
    for level, (passed, failed) in summarize(results).items():
        print(f"{level}: {passed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
