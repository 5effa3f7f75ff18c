"""The official Python SDK (``camunda-orchestration-sdk`` 1.1.3, from uv.lock) driven over REST through
its own calls: deployment from files, instance creation with and without awaiting the result, its job
worker completing, failing and throwing a BPMN error, user tasks with their variables, a process
definition's XML, decision instances, messages, signals and batch cancellation.

1.1.3 is the newest release whose models read 8.8's answers. 9.0.1 and 10.0.1 are generated from the
8.9 contract and, run against this engine, fail to read the answers of process instance creation
(``businessId``, an 8.9 field), the user task, process instance, incident and variable searches
(``assignee``, ``processDefinitionVersionTag`` and the page's ``startCursor``, which 8.8 leaves out
when unset) and the topology.

Two kinds of 1.1.3 model cannot read 8.8's answers, by faults of that SDK version: incidents
(``get_incident``, ``search_incidents``, ``search_process_instance_incidents``), whose ``errorType``
and ``state`` it models as objects where 8.8 defines string enums, so they are read here through the
8.8 spec check (``checked_client``); and a found form of ``get_user_task_form``, whose ``schema`` it
models as an object where 8.8 sends the form's JSON text (see test_rest_user_task_form.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from camunda_orchestration_sdk import WorkerConfig
from camunda_orchestration_sdk.models.broadcast_signal_data import BroadcastSignalData
from camunda_orchestration_sdk.models.cancel_process_instances_batch_operation_data import (
    CancelProcessInstancesBatchOperationData,
)
from camunda_orchestration_sdk.models.complete_user_task_data import CompleteUserTaskData
from camunda_orchestration_sdk.models.correlate_message_data import CorrelateMessageData
from camunda_orchestration_sdk.models.processcreationbyid import Processcreationbyid
from camunda_orchestration_sdk.models.publish_message_data import PublishMessageData
from camunda_orchestration_sdk.models.resolve_incident_data import ResolveIncidentData
from camunda_orchestration_sdk.models.search_batch_operation_items_data import SearchBatchOperationItemsData
from camunda_orchestration_sdk.models.search_batch_operations_data import SearchBatchOperationsData
from camunda_orchestration_sdk.models.search_decision_instances_data import SearchDecisionInstancesData
from camunda_orchestration_sdk.models.search_user_task_variables_data import SearchUserTaskVariablesData
from camunda_orchestration_sdk.models.search_user_tasks_data import SearchUserTasksData
from camunda_orchestration_sdk.models.update_job_data import UpdateJobData
from camunda_orchestration_sdk.runtime.job_worker import JobContext, JobError, JobFailure

from engine.testing import assert_that
from engine.testing.builder import process
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_sdk import async_orchestration_client, orchestration_client, present
from tests.engine.gateway.rest_spec import checked_client


def _files(folder: Path, **named: bytes) -> list[str | Path]:
    paths: list[str | Path] = []
    for name, content in named.items():
        path = folder / name.replace("_", ".", 1)
        path.write_bytes(content)
        paths.append(path)
    return paths


def _until(condition: Callable[[], bool], seconds: float = 15.0) -> None:
    """Waits for what the SDK's job worker does on its own threads (it polls once a second)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


def _routing_process() -> bytes:
    return (
        process("routes_filing")
        .start_event("start")
        .business_rule_task("route", decision_id="route", result_variable="review")
        .end_event("end")
        .to_xml()
    )


def test_the_sdk_deploys_files_and_creates_instances_with_and_without_the_result(
    gateway: Served, tmp_path: Path
) -> None:
    client = orchestration_client(gateway)
    deployed = client.deploy_resources_from_files(
        _files(tmp_path, instant_bpmn=diagrams.instant(), routing_dmn=diagrams.ROUTING_DMN)
    )
    assert [p.process_definition_id for p in deployed.processes] == ["instant"]
    assert [d.decision_definition_id for d in deployed.decisions] == ["route"]
    assert [r.decision_requirements_id for r in deployed.decision_requirements] == ["routing_drg"]

    started = client.create_process_instance(
        data=Processcreationbyid.from_dict({"processDefinitionId": "instant", "variables": {"a": 1}})
    )
    assert str(started.process_definition_key) == str(deployed.processes[0].process_definition_key)
    assert_that(gateway.engine, int(started.process_instance_key)).is_completed().has_variable("a", 1)

    finished = client.create_process_instance(
        data=Processcreationbyid.from_dict(
            {"processDefinitionId": "instant", "variables": {"b": "YB-7"}, "awaitCompletion": True}
        )
    )
    assert finished.variables.to_dict() == {"b": "YB-7"}
    assert finished.process_instance_key != started.process_instance_key


def test_the_sdk_reads_a_process_definitions_xml(gateway: Served, tmp_path: Path) -> None:
    client = orchestration_client(gateway)
    deployed = client.deploy_resources_from_files(_files(tmp_path, review_bpmn=diagrams.user_task()))
    # 1.1.3 annotates this call's result as its 400 model; what it returns is the XML text.
    xml: object = client.get_process_definition_xml(str(deployed.processes[0].process_definition_key))
    assert xml == diagrams.user_task().decode()


def test_the_sdk_job_worker_completes_fails_and_throws_a_bpmn_error(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task()), ("docs.bpmn", diagrams.error_boundary())])
    completes = engine.create_instance("one_task", {"projectId": "YB-1"})
    rejected = engine.create_instance("checks_documents", {"complete": False})
    fails = engine.create_instance("checks_documents", {"complete": None})

    def work(job: JobContext) -> dict[str, object]:
        return {"done": job.variables.to_dict()["projectId"]}

    def check(job: JobContext) -> None:
        if job.variables.to_dict()["complete"] is False:
            raise JobError("DOCS_MISSING", "申报材料不全")
        raise JobFailure("材料核验服务不可用", retries=0)

    def config(job_type: str) -> WorkerConfig:
        return WorkerConfig(
            job_type=job_type, job_timeout_milliseconds=30_000, request_timeout_milliseconds=500
        )

    async def drive() -> None:
        async with async_orchestration_client(gateway) as client:
            workers = [
                client.create_job_worker(config("work"), work),
                client.create_job_worker(config("check"), check),
            ]
            try:
                await asyncio.to_thread(
                    _until,
                    lambda: (
                        engine.instance(completes.key).state == "COMPLETED"
                        and engine.instance(rejected.key).state == "COMPLETED"
                        and bool(engine.incidents(fails.key))
                    ),
                )
            finally:
                for worker in workers:
                    worker.stop()

    asyncio.run(drive())
    assert_that(engine, completes.key).is_completed().has_variable("done", "YB-1")
    assert_that(engine, rejected.key).is_completed().has_passed("rejected")
    [incident] = engine.incidents(fails.key)
    assert (incident.error_type, incident.error_message) == ("JOB_NO_RETRIES", "材料核验服务不可用")


def test_the_sdk_searches_a_user_task_and_its_variables_and_completes_it(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review", {"projectId": "YB-12", "amount": 800})
    engine.create_instance("review", {"projectId": "YB-13"})
    client = orchestration_client(gateway)

    found = client.search_user_tasks(
        data=SearchUserTasksData.from_dict({"filter": {"processInstanceKey": str(instance.key)}})
    )
    [task] = present(found.items)
    assert (task.element_id, task.name, task.candidate_groups) == ("approve", "Approve filing", ["reviewers"])
    variables = client.search_user_task_variables(
        str(task.user_task_key), data=SearchUserTaskVariablesData.from_dict({})
    )
    assert {(v.name, v.value) for v in present(variables.items)} == {
        ("projectId", '"YB-12"'),
        ("amount", "800"),
    }

    client.complete_user_task(
        str(task.user_task_key), data=CompleteUserTaskData.from_dict({"variables": {"approved": True}})
    )
    assert_that(engine, instance.key).is_completed().has_variable("approved", True)


def test_the_sdk_searches_and_reads_decision_instances(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("routing.dmn", diagrams.ROUTING_DMN), ("routes.bpmn", _routing_process())])
    instance = engine.create_instance("routes_filing", {"amount": 6_000_000})
    assert_that(engine, instance.key).is_completed().has_variable("review", "feasibility study")
    client = orchestration_client(gateway)

    found = client.search_decision_instances(
        data=SearchDecisionInstancesData.from_dict({"filter": {"processInstanceKey": str(instance.key)}})
    )
    [listed] = present(found.items)
    assert (listed.decision_definition_id, listed.result) == ("route", '"feasibility study"')
    read = client.get_decision_instance(str(listed.decision_evaluation_instance_key))
    assert str(read.state) == "EVALUATED"
    assert str(read.decision_definition_type) == "DECISION_TABLE"
    assert [rule.rule_id for rule in present(read.matched_rules)] == ["large"]
    assert [str(i.input_value) for i in present(read.evaluated_inputs)] == ["6000000"]


def test_the_sdk_correlates_and_publishes_messages(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("pay.bpmn", diagrams.message_catch())])
    instance = engine.create_instance("awaits_payment", {"orderId": "LZ-4"})
    client = orchestration_client(gateway)
    correlated = client.correlate_message(
        data=CorrelateMessageData.from_dict(
            {"name": "payment-received", "correlationKey": "LZ-4", "variables": {"paid": 80}}
        )
    )
    assert str(correlated.process_instance_key) == str(instance.key)
    assert_that(engine, instance.key).is_completed().has_variable("paid", 80)
    published = client.publish_message(
        data=PublishMessageData.from_dict(
            {"name": "payment-received", "correlationKey": "LZ-5", "timeToLive": 60_000}
        )
    )
    later = engine.create_instance("awaits_payment", {"orderId": "LZ-5"})
    assert str(published.message_key).isdigit()
    assert_that(engine, later.key).is_completed()


def test_the_sdk_broadcasts_a_signal(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("signal.bpmn", diagrams.signal_catch())])
    instance = engine.create_instance("awaits_signal")
    sent = orchestration_client(gateway).broadcast_signal(
        data=BroadcastSignalData.from_dict({"signalName": "go-ahead", "variables": {"by": "TH"}})
    )
    assert str(sent.signal_key).isdigit()
    assert_that(engine, instance.key).is_completed().has_variable("by", "TH")


def test_the_sdk_cancels_instances_in_a_batch_and_finds_the_batch(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task()), ("one.bpmn", diagrams.one_task())])
    doomed = [engine.create_instance("review", {"n": n}) for n in range(3)]
    spared = engine.create_instance("one_task")
    client = orchestration_client(gateway)

    created = client.cancel_process_instances_batch_operation(
        data=CancelProcessInstancesBatchOperationData.from_dict({"filter": {"processDefinitionId": "review"}})
    )
    for instance in doomed:
        assert_that(engine, instance.key).is_terminated()
    assert_that(engine, spared.key).is_active()

    key = str(created.batch_operation_key)
    [batch] = present(
        client.search_batch_operations(
            data=SearchBatchOperationsData.from_dict({"filter": {"batchOperationKey": key}})
        ).items
    )
    assert (str(batch.batch_operation_type), str(batch.state)) == ("CANCEL_PROCESS_INSTANCE", "COMPLETED")
    assert (batch.operations_total_count, batch.operations_completed_count) == (3, 3)
    items = present(
        client.search_batch_operation_items(
            data=SearchBatchOperationItemsData.from_dict({"filter": {"batchOperationKey": key}})
        ).items
    )
    assert sorted(str(item.process_instance_key) for item in items) == sorted(str(i.key) for i in doomed)
    assert {str(item.state) for item in items} == {"COMPLETED"}


def test_the_sdk_gives_a_failed_job_retries_and_resolves_its_incident(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    engine.fail_job(job.key, retries=0, error_message="接口超时")
    rest = checked_client(gateway.rest_url)
    [incident] = rest.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": str(instance.key)}}
    ).json()["items"]
    assert (incident["errorType"], incident["errorMessage"], incident["state"]) == (
        "JOB_NO_RETRIES",
        "接口超时",
        "ACTIVE",
    )
    client = orchestration_client(gateway)

    client.update_job(str(job.key), data=UpdateJobData.from_dict({"changeset": {"retries": 1}}))
    client.resolve_incident(incident["incidentKey"], data=ResolveIncidentData.from_dict({}))

    assert rest.get(f"/v2/incidents/{incident['incidentKey']}").json()["state"] == "RESOLVED"
    [again] = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)
    assert again.key == job.key
