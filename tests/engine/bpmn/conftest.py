"""Fixtures for the BPMN conformance suite: an in-memory engine on a controlled clock, and the
runtime's error classes (looked up when a test runs, so the suite collects while the runtime grows)."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from engine.testing.plugin import engine  # noqa: F401  (the fixture)


@pytest.fixture
def errors() -> ModuleType:
    """engine.runtime.errors: NotFound, InvalidArgument, FailedPrecondition, AlreadyExists, ..."""
    try:
        return importlib.import_module("engine.runtime.errors")
    except ImportError as exc:
        pytest.fail(f"engine.runtime.errors cannot be imported: {exc}")


@pytest.fixture
def deployment_rejected() -> type[Exception]:
    """The exception Engine.deploy raises for an invalid resource (DeploymentRejected)."""
    for module_name in ("engine.runtime", "engine.runtime.errors", "engine.bpmn"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        rejected = getattr(module, "DeploymentRejected", None)
        if isinstance(rejected, type) and issubclass(rejected, Exception):
            return rejected
    pytest.fail(
        "DeploymentRejected is exported by none of engine.runtime, engine.runtime.errors, engine.bpmn"
    )
