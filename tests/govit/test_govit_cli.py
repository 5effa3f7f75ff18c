"""The command-line tool against the embedded engine, through the gateway and the REST API only."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from govit.rest import RestClient
from govit.settings import ClusterSettings
from tests.govit.conftest import FIXTURES, Cluster


def start_intake(cluster: Cluster) -> str:
    started = cluster.govit("start", str(FIXTURES / "project.yaml"))
    assert started.exit_code == 0, started.output
    match = re.search(r"instance (\d+)", started.output)
    assert match, started.output
    return match.group(1)


def waiting_tasks(cluster: Cluster, instance: str) -> list[dict[str, Any]]:
    for _ in range(50):
        listed = cluster.govit("tasks", "--instance", instance, "--json")
        assert listed.exit_code == 0, listed.output
        found: list[dict[str, Any]] = json.loads(listed.output)
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"instance {instance} reached no user task")


def bpmn_path(cluster: Cluster, instance: str) -> str:
    shown = cluster.govit("show", instance)
    assert shown.exit_code == 0, shown.output
    return shown.output


def test_start_a_project_from_yaml_and_list_its_waiting_task(cluster: Cluster) -> None:
    instance = start_intake(cluster)
    [task] = waiting_tasks(cluster, instance)
    assert task["elementId"] == "acceptance"
    assert task["candidateGroups"] == ["lg-ita-reviewers"]
    assert task["dueDate"].startswith("2026-12-31")


def test_a_bad_project_file_is_refused_naming_the_field(cluster: Cluster) -> None:
    refused = cluster.govit("start", str(FIXTURES / "bad-project.yaml"))
    assert refused.exit_code == 2
    assert "totalInvestmentYuan" in refused.output
    assert "bad-project.yaml" in refused.output


def test_complete_a_task_with_fields_its_form_accepts(cluster: Cluster) -> None:
    instance = start_intake(cluster)
    [task] = waiting_tasks(cluster, instance)
    done = cluster.govit(
        "complete", task["userTaskKey"], "--set", "accepted=true", "--set", "reviewDays=5",
        "--set", "route=APPROVAL", "--set", "documentNo=深龙政数〔2026〕1号",
        "--bpmn-dir", str(FIXTURES / "bpmn"), "--forms-dir", str(FIXTURES / "forms"),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert cluster.govit("tasks", "--instance", instance, "--json").output.strip() == "[]"
    shown = bpmn_path(cluster, instance)
    assert "✓ 受理 (acceptance)" in shown
    assert "reviewDays" in shown


def test_complete_refuses_fields_the_form_rejects_naming_each(cluster: Cluster) -> None:
    instance = start_intake(cluster)
    [task] = waiting_tasks(cluster, instance)
    refused = cluster.govit(
        "complete", task["userTaskKey"], "--set", "accepted=false", "--set", "reviewDays=30",
        "--set", "route=ELSEWHERE", "--set", "documentNo=12",
        "--bpmn-dir", str(FIXTURES / "bpmn"), "--forms-dir", str(FIXTURES / "forms"),
    )  # fmt: skip
    assert refused.exit_code == 2
    output = " ".join(refused.output.split())
    assert "'refusalReason' (不予受理的理由) is required" in output
    assert "'reviewDays' (审核工作日) must be at most 20, got 30" in output
    assert "'route' (审批路径) must be one of APPROVAL (审批), FILING (备案), got 'ELSEWHERE'" in output
    assert "'documentNo' (受理文号) must match the pattern" in output
    typed = cluster.govit(
        "complete", task["userTaskKey"], "--set", "reviewDays=five",
        "--bpmn-dir", str(FIXTURES / "bpmn"), "--forms-dir", str(FIXTURES / "forms"),
    )  # fmt: skip
    assert typed.exit_code == 2
    assert "'reviewDays' (审核工作日): expected a number, got 'five'" in " ".join(typed.output.split())
    assert waiting_tasks(cluster, instance)[0]["userTaskKey"] == task["userTaskKey"]


def _fail_archive_job(cluster: Cluster, instance: str) -> None:
    with grpc.insecure_channel(cluster.zeebe_address) as channel:
        stub = GatewayStub(channel)
        for _ in range(50):
            request = pb.ActivateJobsRequest(
                type="govit.test.archive",
                worker="test",
                timeout=600_000,
                maxJobsToActivate=10,
                requestTimeout=500,
            )
            jobs = [job for response in stub.ActivateJobs(request) for job in response.jobs]
            for job in jobs:
                if str(job.processInstanceKey) == instance:
                    stub.FailJob(pb.FailJobRequest(jobKey=job.key, retries=0, errorMessage="archive offline"))
                    return
    raise AssertionError(f"no archive job of instance {instance} was activated")


def test_show_an_incident_and_resolve_it(cluster: Cluster) -> None:
    instance = start_intake(cluster)
    [task] = waiting_tasks(cluster, instance)
    done = cluster.govit(
        "complete", task["userTaskKey"],
        "--variables", '{"accepted": true, "reviewDays": 3, "route": "FILING"}',
        "--bpmn-dir", str(FIXTURES / "bpmn"), "--forms-dir", str(FIXTURES / "forms"),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    _fail_archive_job(cluster, instance)

    [incident] = json.loads(cluster.govit("incidents", "--instance", instance, "--json").output)
    assert (incident["errorType"], incident["errorMessage"]) == ("JOB_NO_RETRIES", "archive offline")
    shown = " ".join(bpmn_path(cluster, instance).split())
    assert f"✗ incident {incident['incidentKey']} at archive: JOB_NO_RETRIES" in shown

    resolved = cluster.govit("resolve", incident["incidentKey"])
    assert resolved.exit_code == 0, resolved.output
    assert json.loads(cluster.govit("incidents", "--instance", instance, "--json").output) == []
    with grpc.insecure_channel(cluster.zeebe_address) as channel:
        request = pb.ActivateJobsRequest(
            type="govit.test.archive",
            worker="test",
            timeout=60_000,
            maxJobsToActivate=10,
            requestTimeout=2000,
        )
        jobs = [job for response in GatewayStub(channel).ActivateJobs(request) for job in response.jobs]
    assert [job.retries for job in jobs if str(job.processInstanceKey) == instance] == [3]
    again = cluster.govit("resolve", incident["incidentKey"])
    assert again.exit_code == 2 and "RESOLVED" in again.output


def test_a_rejected_deployment_names_the_file_and_the_element(cluster: Cluster, tmp_path: Path) -> None:
    broken = (FIXTURES / "bpmn/intake.bpmn").read_text(encoding="utf-8")
    broken = broken.replace('<zeebe:taskDefinition type="govit.test.archive"/>', "")
    (tmp_path / "broken.bpmn").write_text(broken, encoding="utf-8")
    refused = cluster.govit("deploy", str(tmp_path / "broken.bpmn"))
    assert refused.exit_code == 2
    message = " ".join(refused.output.split())
    assert "deployment rejected" in message and "broken.bpmn" in message and "archive" in message


def test_deploy_without_resources_and_start_on_an_unknown_process_are_refused(
    cluster: Cluster, tmp_path: Path
) -> None:
    assert "no .bpmn, .dmn or .form files" in cluster.govit("deploy", str(tmp_path)).output
    project = tmp_path / "p.yaml"
    text = (FIXTURES / "project.yaml").read_text(encoding="utf-8")
    project.write_text(text.replace("govit-intake", "no-such-process"), encoding="utf-8")
    refused = cluster.govit("start", str(project))
    assert refused.exit_code == 2
    assert "no-such-process" in refused.output


def test_set_variables_corrects_a_running_instance_as_operate_does(cluster: Cluster) -> None:
    instance = start_intake(cluster)
    waiting_tasks(cluster, instance)
    done = cluster.govit(
        "set-variables", instance, "--set", "reviewDays=7", "--set", "note=补充说明", "--set", 'tags=["a", 1]'
    )
    assert done.exit_code == 0, done.output
    with RestClient(ClusterSettings.from_env(cluster.env)) as client:
        variables = client.variables(instance)
    assert (variables["reviewDays"], variables["note"], variables["tags"]) == (7, "补充说明", ["a", 1])


def test_set_variables_names_a_malformed_assignment_and_an_unknown_scope(cluster: Cluster) -> None:
    refused = cluster.govit("set-variables", "1", "--set", "no-equals-sign")
    assert refused.exit_code == 2 and "expected name=value" in refused.output
    unknown = cluster.govit("set-variables", "2251799813685999", "--set", "x=1")
    assert unknown.exit_code == 2 and "2251799813685999" in unknown.output
