"""Shared test configuration: where the read-only reference material beside the project lives."""

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(
            f"the reference folder {SHARED} (regulations, RULES.md, DMN TCK) is missing beside the project"
        )
    return SHARED
