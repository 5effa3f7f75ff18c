"""Fixtures for the tests against a real Camunda 8.8: the cluster in Docker, the deployed project,
the real workers against it, and a driver per test. Without a Docker engine every test here skips
with the reason."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The scenario harness's documents, directory and LG steps are reused here; tests/scenarios is on
# sys.path only while its own conftest is loaded, so put it there for this folder too.
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
if str(SCENARIOS) not in sys.path:
    sys.path.insert(0, str(SCENARIOS))

from camunda_cluster import PROJECT, ClusterAddresses, docker_unavailable_reason, running_cluster  # noqa: E402
from cluster_app import ClusterApp, RunningWorkers, deploy_project  # noqa: E402

from govit.rest import RestClient  # noqa: E402
from govit.settings import ClusterSettings  # noqa: E402


@pytest.fixture(scope="session")
def camunda() -> Iterator[ClusterAddresses]:
    """A single-node Camunda 8.8 with the compose file's image and environment, ready on both APIs."""
    reason = docker_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    with running_cluster() as addresses:
        yield addresses


@pytest.fixture(scope="session")
def cluster_settings(camunda: ClusterAddresses) -> ClusterSettings:
    return ClusterSettings(zeebe_address=camunda.zeebe_address, rest_address=camunda.rest_address)


@pytest.fixture(scope="session")
def deployed(cluster_settings: ClusterSettings) -> int:
    """bpmn/, decisions/ and forms/ in one deployment through the real gateway; its key."""
    return deploy_project(cluster_settings, [PROJECT / "bpmn", PROJECT / "decisions", PROJECT / "forms"])


@pytest.fixture(scope="session")
def real_workers(
    cluster_settings: ClusterSettings, deployed: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningWorkers]:
    with RunningWorkers.serving(
        cluster_settings.zeebe_address, tmp_path_factory.mktemp("workers")
    ) as running:
        yield running


@pytest.fixture
def cluster(cluster_settings: ClusterSettings, real_workers: RunningWorkers) -> Iterator[ClusterApp]:
    with RestClient(cluster_settings) as rest:
        yield ClusterApp(cluster_settings, rest, real_workers.document_dir)
