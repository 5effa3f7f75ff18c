"""The official JavaScript clients driven against the engine over REST:
``@camunda8/orchestration-cluster-api`` 8.8 with its own request and response validation at its
strictest (``res:fanatical``: a missing required field, a wrong type or enum, or a field 8.8 does not
define fails the call), and the REST client of ``@camunda8/sdk`` 8.8. (The Python SDK's drive is
``test_rest_python_sdk.py``.)

The parts that need deployment, process instance creation, process definition XML and batch
cancellation run once the app routes those operations; until then they skip, naming the route."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.gateway.rest.app import build_app
from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client

HERE = Path(__file__).resolve().parent
CLIENTS = HERE.parents[2] / "node_modules" / "@camunda8"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None
    or not (CLIENTS / "orchestration-cluster-api").exists()
    or not (CLIENTS / "sdk").exists(),
    reason="node, @camunda8/orchestration-cluster-api or @camunda8/sdk is not installed",
)


def drive(gateway: Served, *args: str, script: str = "orchestration_api.mjs") -> Any:
    """Run one step of a client script under ``clients/`` against the gateway; its RESULT."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/tmp",
        "CAMUNDA_REST_ADDRESS": gateway.rest_url,
        "ZEEBE_REST_ADDRESS": gateway.rest_url,
        "ZEEBE_GRPC_ADDRESS": f"grpc://{gateway.grpc_address}",
        "CAMUNDA_AUTH_STRATEGY": "NONE",
        "CAMUNDA_OAUTH_DISABLED": "true",
        "CAMUNDA_LOG_LEVEL": "error",
    }
    done = subprocess.run(
        ["node", str(HERE / "clients" / script), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=HERE,
    )
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stderr}\n{done.stdout}"
    [line] = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def routed(method: str, path: str) -> bool:
    """Whether the app serves ``method path`` (checked on the app's routes, not on a running server)."""
    from starlette.routing import Route

    from engine.gateway.engine_host import EngineHost
    from engine.runtime import Engine

    def template(route_path: str) -> str:
        # the parameter's name is the route's own ({key} or {processDefinitionKey}); its place counts
        return re.sub(r"\{[^}]+\}", "{}", route_path)

    app = build_app(EngineHost(Engine.in_memory()))
    return any(
        isinstance(route, Route)
        and template(route.path) == template(path)
        and method in (route.methods or ())
        for route in app.routes
    )


def needs(method: str, path: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not routed(method, path), reason=f"the app does not route {method} {path} yet")


def test_a_rest_job_worker_completes_fails_and_throws(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("check.bpmn", diagrams.error_boundary(job_type="rest-check"))])
    keys = {
        action: engine.create_instance("checks_documents", {"action": action}).key
        for action in ("complete", "fail", "error")
    }
    seen = drive(gateway, "worker", "rest-check", "3")
    assert sorted(job["action"] for job in seen) == ["complete", "error", "fail"]
    assert_that(engine, keys["complete"]).is_completed().has_passed("accepted").has_variable(
        "checkedBy", "orchestration-cluster-api"
    )
    assert_that(engine, keys["error"]).is_completed().has_passed("rejected")
    [incident] = engine.incidents(keys["fail"])
    assert (incident.error_type, incident.error_message) == ("JOB_NO_RETRIES", "登记系统不可用")
    found = drive(gateway, "incidents", str(keys["fail"]))
    assert (found["errorType"], found["errorMessage"]) == ("JOB_NO_RETRIES", "登记系统不可用")
    assert found["jobStates"] == [["FAILED", 0]]
    assert engine.incidents(keys["fail"]) == [], "the resolved incident is gone from the open ones"
    [retried] = engine.jobs("rest-check")
    assert retried["activatable"] and retried["retries"] == 1


def test_a_user_task_is_found_read_and_completed_with_variables(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review", {"projectId": "YB-12", "budget": 5_200_000})
    task = drive(gateway, "user-task", str(instance.key))
    assert (task["name"], task["candidateGroups"]) == ("Approve filing", ["reviewers"])
    assert task["variables"] == {"projectId": '"YB-12"', "budget": "5200000"}
    assert (task["stateAfter"], task["assigneeAfter"]) == ("COMPLETED", "wang.li")
    assert_that(engine, instance.key).is_completed().has_variable("approved", True)


def test_decision_instances_carry_inputs_and_matched_rules(gateway: Served) -> None:
    gateway.engine.deploy([("routing.dmn", diagrams.ROUTING_DMN)])
    evaluation = checked_client(gateway.rest_url).post(
        "/v2/decision-definitions/evaluation",
        json={"decisionDefinitionId": "route", "variables": {"amount": 1_000}},
    )
    found = drive(gateway, "decisions", evaluation.json()["decisionEvaluationKey"])
    assert (found["definitionName"], found["xmlHasDecision"], found["requirements"]) == (
        "Route by amount",
        True,
        ["routing_drg"],
    )
    assert found["instances"] == ["route"]
    assert json.loads(found["result"]) == "simple review"
    assert found["evaluatedInputs"] == [
        {"inputId": "amount_input", "inputName": "Amount", "inputValue": "1000"}
    ]
    assert found["matchedRules"] == ["small"]


def test_messages_are_correlated_and_published(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("pay.bpmn", diagrams.message_catch())])
    instance = engine.create_instance("awaits_payment", {"orderId": "TH-3"})
    result = drive(gateway, "messages", "payment-received", "TH-3")
    assert result["correlatedInstance"] == str(instance.key)
    assert result["openSubscriptions"] == 1
    assert result["correlatedSubscriptions"] == [str(instance.key)]
    assert result["publishedKey"].isdigit()
    assert_that(engine, instance.key).is_completed().has_variable("paid", 120)


def test_a_signal_is_broadcast(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("signal.bpmn", diagrams.signal_catch())])
    instance = engine.create_instance("awaits_signal")
    assert drive(gateway, "signal", "go-ahead")["signalKey"].isdigit()
    assert_that(engine, instance.key).is_completed().has_variable("by", "orchestration-cluster-api")


@needs("POST", "/v2/deployments")
@needs("POST", "/v2/process-instances")
@needs("GET", "/v2/process-definitions/{processDefinitionKey}/xml")
@needs("POST", "/v2/process-instances/cancellation")
def test_deploy_create_read_the_xml_and_cancel_in_a_batch(gateway: Served, tmp_path: Path) -> None:
    bpmn = tmp_path / "one.bpmn"
    bpmn.write_bytes(diagrams.one_task("drive_one", job_type="never-worked"))
    result = drive(gateway, "deploy-and-run", str(bpmn), "drive_one")
    assert result["xmlHasProcess"] is True
    assert result["batchOperationKey"]


@needs("POST", "/v2/deployments")
@needs("POST", "/v2/process-instances")
def test_create_with_result_answers_the_end_variables(gateway: Served) -> None:
    gateway.engine.deploy([("instant.bpmn", diagrams.instant())])
    result = drive(gateway, "create-with-result", "instant")
    assert result["variables"] == {"n": 2}


def test_the_node_sdk_rest_worker_completes_fails_and_throws(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("check.bpmn", diagrams.error_boundary(job_type="sdk-check"))])
    keys = {
        action: engine.create_instance("checks_documents", {"action": action}).key
        for action in ("complete", "fail", "error")
    }
    seen = drive(gateway, "worker", "sdk-check", "3", script="camunda8_sdk_rest.mjs")
    assert sorted(job["action"] for job in seen) == ["complete", "error", "fail"]
    assert_that(engine, keys["complete"]).is_completed().has_variable("checkedBy", "camunda8-sdk-rest")
    assert_that(engine, keys["error"]).is_completed().has_passed("rejected")
    assert [i.error_type for i in engine.incidents(keys["fail"])] == ["JOB_NO_RETRIES"]


def test_the_node_sdk_rest_client_works_user_tasks_and_messages(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task()), ("pay.bpmn", diagrams.message_catch())])
    review = engine.create_instance("review")
    task = drive(gateway, "user-task", str(review.key), script="camunda8_sdk_rest.mjs")
    assert (task["name"], task["candidateGroups"]) == ("Approve filing", ["reviewers"])
    assert_that(engine, review.key).is_completed().has_variable("approved", True)
    payment = engine.create_instance("awaits_payment", {"orderId": "HY-8"})
    sent = drive(gateway, "messages", "payment-received", "HY-8", script="camunda8_sdk_rest.mjs")
    assert sent["correlatedInstance"] == str(payment.key)
    assert_that(engine, payment.key).is_completed().has_variable("paid", 120)
