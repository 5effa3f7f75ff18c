"""Fixtures for the scenario tests: a running process application per test (see harness/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import ProcessApp

from workers.notifications.database import open_notifications
from workers.registry.database import open_registry


@pytest.fixture(scope="session")
def registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registry and notification tables migrated once; each test copies the file."""
    path = tmp_path_factory.mktemp("registry") / "template.db"
    url = f"sqlite:///{path}"
    open_registry(url).kw["bind"].dispose()
    open_notifications(url).kw["bind"].dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, registry_template: Path) -> Iterator[ProcessApp]:
    with ProcessApp.running(tmp_path, registry_template=registry_template) as running:
        yield running
