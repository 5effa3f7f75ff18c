"""zbctl (the Go client, as an operator uses it) against the gateway, over plaintext gRPC."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

ZBCTL = Path(__file__).resolve().parents[3] / "node_modules" / ".bin" / "zbctl"

pytestmark = pytest.mark.skipif(not ZBCTL.exists(), reason="zbctl is not installed (npm ci)")


def zbctl(gateway: Served, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ZBCTL), *args, "--insecure", "--address", gateway.grpc_address],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"zbctl failed: {result.stderr}"
    return result.stdout


def as_json(text: str) -> Any:
    return json.loads(text)


def test_status_shows_the_single_broker(gateway: Served) -> None:
    output = ok(zbctl(gateway, "status"))
    assert "Cluster size: 1" in output
    assert "Partitions count: 1" in output
    assert "Partition 1 : Leader, Healthy" in output
    assert "8.8.0" in output


def test_deploy_create_activate_complete(gateway: Served, tmp_path: Path) -> None:
    bpmn = tmp_path / "one_task.bpmn"
    bpmn.write_bytes(diagrams.one_task(job_type="zbctl-work"))
    deployed = as_json(ok(zbctl(gateway, "deploy", "resource", str(bpmn))))
    assert deployed["deployments"][0]["process"]["bpmnProcessId"] == "one_task"

    created = as_json(
        ok(zbctl(gateway, "create", "instance", "one_task", "--variables", '{"projectId":"TH-3"}'))
    )
    instance_key = int(created["processInstanceKey"])

    activated = as_json(
        ok(zbctl(gateway, "activate", "jobs", "zbctl-work", "--worker", "operator", "--timeout", "1m"))
    )
    [job] = activated["jobs"]
    assert job["worker"] == "operator"
    assert int(job["processInstanceKey"]) == instance_key
    assert json.loads(job["variables"]) == {"projectId": "TH-3"}

    ok(zbctl(gateway, "complete", "job", str(job["key"]), "--variables", '{"filed":true}'))
    assert_that(gateway.engine, instance_key).is_completed().has_variable("filed", True)


def test_create_instance_with_result(gateway: Served, tmp_path: Path) -> None:
    bpmn = tmp_path / "instant.bpmn"
    bpmn.write_bytes(diagrams.instant())
    ok(zbctl(gateway, "deploy", "resource", str(bpmn)))
    result = as_json(
        ok(zbctl(gateway, "create", "instance", "instant", "--variables", '{"a":1}', "--withResult"))
    )
    assert json.loads(result["variables"]) == {"a": 1}


def test_broadcast_signal(gateway: Served, tmp_path: Path) -> None:
    bpmn = tmp_path / "signal.bpmn"
    bpmn.write_bytes(diagrams.signal_catch())
    ok(zbctl(gateway, "deploy", "resource", str(bpmn)))
    created = as_json(ok(zbctl(gateway, "create", "instance", "awaits_signal")))
    ok(zbctl(gateway, "broadcast", "signal", "go-ahead", "--variables", '{"go":true}'))
    assert_that(gateway.engine, int(created["processInstanceKey"])).is_completed()


def test_publish_message_correlates(gateway: Served, tmp_path: Path) -> None:
    bpmn = tmp_path / "pay.bpmn"
    bpmn.write_bytes(diagrams.message_catch())
    ok(zbctl(gateway, "deploy", "resource", str(bpmn)))
    created = as_json(
        ok(zbctl(gateway, "create", "instance", "awaits_payment", "--variables", '{"orderId":"o-1"}'))
    )
    ok(
        zbctl(
            gateway,
            "publish",
            "message",
            "payment-received",
            "--correlationKey",
            "o-1",
            "--messageId",
            "m-1",
            "--variables",
            '{"amount":12}',
        )
    )
    assert_that(gateway.engine, int(created["processInstanceKey"])).is_completed().has_variable("amount", 12)

    duplicate = zbctl(
        gateway, "publish", "message", "payment-received", "--correlationKey", "o-1", "--messageId", "m-1"
    )
    assert duplicate.returncode != 0
    assert "AlreadyExists" in duplicate.stderr


def test_rejected_deployment_names_the_element(gateway: Served, tmp_path: Path) -> None:
    bpmn = tmp_path / "broken.bpmn"
    bpmn.write_bytes(diagrams.INVALID_BPMN)
    result = zbctl(gateway, "deploy", "resource", str(bpmn))
    assert result.returncode != 0
    assert "InvalidArgument" in result.stderr
    assert "no_type" in result.stderr
