"""Without a reachable Docker engine the scenarios' Camunda runs skip, naming why, instead of hanging."""

from __future__ import annotations

import pytest
from harness.camunda import docker_unavailable_reason


def test_an_unreachable_docker_engine_is_named_as_the_skip_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    socket = tmp_path_factory.mktemp("docker") / "docker.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{socket}")
    reason = docker_unavailable_reason()
    assert reason is not None and reason.startswith("no Docker engine: ")
