"""The test suite's own layout: pytest imports test modules by file name (no packages), so two
test files with one name anywhere under tests/ would stop the whole run at collection."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_every_test_module_has_a_unique_file_name() -> None:
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    repeated = sorted(name for name, count in names.items() if count > 1)
    assert not repeated, f"test modules sharing a file name (rename one of each): {repeated}"
