"""The embedded engine as a subprocess on free ports, and the command-line tool pointed at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from govit.cli import app

FIXTURES = Path(__file__).parent / "fixtures"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    zeebe_address: str
    rest_address: str

    @property
    def env(self) -> dict[str, str]:
        return {"ZEEBE_ADDRESS": self.zeebe_address, "CAMUNDA_REST_ADDRESS": self.rest_address}

    def govit(self, *args: str) -> Result:
        return CliRunner().invoke(app, list(args), env=self.env)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    gateway, rest = free_port(), free_port()
    log = (tmp_path_factory.mktemp("engine") / "engine.log").open("wb")
    engine = subprocess.Popen(
        [sys.executable, "-m", "engine", "--gateway-port", str(gateway), "--rest-port", str(rest)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={k: v for k, v in os.environ.items() if k != "ENGINE_AUTH_TOKEN"},
    )
    running = Cluster(zeebe_address=f"127.0.0.1:{gateway}", rest_address=f"http://127.0.0.1:{rest}")
    deadline = time.monotonic() + 60
    while True:
        assert engine.poll() is None, "the engine stopped at start"
        try:
            httpx.get(f"{running.rest_address}/v2/topology", timeout=1).raise_for_status()
            break
        except httpx.HTTPError:
            assert time.monotonic() < deadline, "the engine did not answer within 60 s"
            time.sleep(0.2)
    deployed = running.govit("deploy", str(FIXTURES / "bpmn"), str(FIXTURES / "forms"))
    assert deployed.exit_code == 0, deployed.output
    yield running
    engine.terminate()
    assert engine.wait(30) == 0
    log.close()
