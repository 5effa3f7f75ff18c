"""Fixtures for the scenario tests: the backend they run on, and a running application per test.

Every scenario runs twice: on the embedded engine, and on a real Camunda 8.8 started with
testcontainers (harness/camunda.py). Without a Docker engine the second run skips, naming why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import Backend, EmbeddedBackend, ProcessApp
from harness.camunda import CamundaBackend, docker_unavailable_reason, running_cluster

from workers.notifications.database import open_notifications
from workers.registry.database import open_registry

# A scenario on a real cluster waits for the exporter at every step; the first one also waits for
# the images to be pulled and the cluster to start.
CAMUNDA = pytest.param("camunda", marks=[pytest.mark.docker, pytest.mark.timeout(1800)])


@pytest.fixture(scope="session", params=["embedded", CAMUNDA])
def scenario_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "embedded":
        yield EmbeddedBackend()
        return
    reason = docker_unavailable_reason()
    if reason is not None:
        pytest.skip(f"the scenarios on a real Camunda 8.8 need Docker: {reason}")
    with running_cluster() as addresses:
        yield CamundaBackend(addresses)


@pytest.fixture(scope="session")
def registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registry and notification tables migrated once; each test copies the file."""
    path = tmp_path_factory.mktemp("registry") / "template.db"
    url = f"sqlite:///{path}"
    open_registry(url).kw["bind"].dispose()
    open_notifications(url).kw["bind"].dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template
    ) as running:
        yield running
