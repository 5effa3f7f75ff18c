"""Pytest fixtures and helpers for process tests against the embedded engine.

Use from a conftest.py: ``from engine.testing.plugin import engine as engine``.

The runtime is imported when the fixture runs, not when this module is imported, so that test
modules always collect; a missing or broken runtime then fails each test with the import error.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest

from engine.testing.builder import ProcessBuilder

# A Wednesday morning in Beijing time: tests that compute dates read like the regulations do.
START_TIME = "2026-09-30T09:00:00+08:00"

Resource = ProcessBuilder | Path | tuple[str, bytes]


class DeployingEngine(Protocol):
    def deploy(self, resources: list[tuple[str, bytes]]) -> Any: ...
    def create_instance(self, bpmn_process_id: str, variables: Mapping[str, Any] | None = ...) -> Any: ...
    def activate_jobs(
        self, job_type: str, worker: str = ..., timeout_ms: int = ..., max_jobs: int = ...
    ) -> Any: ...
    def complete_job(self, job_key: int, variables: Mapping[str, Any] | None = ...) -> Any: ...


def new_engine(start: str = START_TIME) -> Any:
    """An in-memory engine on a ControlledClock set to ``start``."""
    runtime = importlib.import_module("engine.runtime")
    clock = importlib.import_module("engine.clock")
    return runtime.Engine.in_memory(clock=clock.ControlledClock(start=start))


@pytest.fixture
def engine() -> Iterator[Any]:
    """An in-memory engine on a ControlledClock at 2026-09-30T09:00:00+08:00."""
    try:
        instance = new_engine()
    except (ImportError, AttributeError) as exc:
        pytest.fail(f"the embedded engine (engine.runtime.Engine, engine.clock) is not available: {exc}")
    try:
        yield instance
    finally:
        instance.close()


def as_resource(resource: Resource) -> tuple[str, bytes]:
    if isinstance(resource, ProcessBuilder):
        return resource.resource()
    if isinstance(resource, Path):
        return resource.name, resource.read_bytes()
    return resource


def deploy_resources(engine: DeployingEngine, *resources: Resource) -> Any:
    """Deploy builders, files or ``(name, bytes)`` pairs in one deployment; returns the Deployment."""
    return engine.deploy([as_resource(r) for r in resources])


def deploy_and_start(
    engine: DeployingEngine, resource: ProcessBuilder, variables: Mapping[str, Any] | None = None
) -> Any:
    """Deploy one process and create an instance of it; returns the ProcessInstanceHandle."""
    deploy_resources(engine, resource)
    return engine.create_instance(resource.process_id, variables=dict(variables or {}))


def complete_jobs(
    engine: DeployingEngine, job_type: str, variables: Mapping[str, Any] | None = None, max_jobs: int = 100
) -> list[Any]:
    """Activate every available job of the type and complete each with ``variables``."""
    jobs: list[Any] = list(
        engine.activate_jobs(job_type, worker="test", timeout_ms=60_000, max_jobs=max_jobs)
    )
    for job in jobs:
        engine.complete_job(job.key, variables=dict(variables or {}))
    return jobs


def activate_one(engine: DeployingEngine, job_type: str) -> Any:
    """Activate exactly one job of the type; fails the test when there is none."""
    jobs: Iterable[Any] = engine.activate_jobs(job_type, worker="test", timeout_ms=60_000, max_jobs=1)
    found = list(jobs)
    if not found:
        pytest.fail(f"no activatable job of type {job_type!r}")
    return found[0]
