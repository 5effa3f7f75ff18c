"""A worker written with the Camunda 8 Node SDK (@camunda8/sdk) works jobs through the gateway."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

HERE = Path(__file__).resolve().parent
SDK = HERE.parents[2] / "node_modules" / "@camunda8" / "sdk"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not SDK.exists(), reason="node or @camunda8/sdk is not installed"
)


def test_node_sdk_worker_completes_jobs(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("node.bpmn", diagrams.one_task(job_type="node-work"))])
    keys = [engine.create_instance("one_task", {"amount": n}).key for n in (1, 2)]

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/tmp",
        "ZEEBE_GRPC_ADDRESS": f"grpc://{gateway.grpc_address}",
        "ZEEBE_REST_ADDRESS": gateway.rest_url,
        "CAMUNDA_OAUTH_DISABLED": "true",
        "CAMUNDA_AUTH_STRATEGY": "NONE",
        "CAMUNDA_LOG_LEVEL": "error",
    }
    result = subprocess.run(
        ["node", str(HERE / "node_worker.mjs"), "node-work", "2"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=HERE,
    )
    assert result.returncode == 0, result.stderr
    jobs = [json.loads(line[4:]) for line in result.stdout.splitlines() if line.startswith("JOB ")]
    assert sorted(int(job["processInstanceKey"]) for job in jobs) == sorted(keys)
    for key, amount in zip(keys, (1, 2), strict=True):
        assert_that(engine, key).is_completed().has_variable("checkedBy", "node").has_variable(
            "amountSeen", amount
        )
