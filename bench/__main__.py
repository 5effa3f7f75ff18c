"""Runs every benchmark module in turn and prints its figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
        if module.startswith("_"):
            continue
        loaded = importlib.import_module(f"bench.{module}")
        if hasattr(loaded, "main"):
            print(f"\n== bench.{module}", flush=True)
            loaded.main([])
    sys.stdout.flush()


if __name__ == "__main__":
    main()
