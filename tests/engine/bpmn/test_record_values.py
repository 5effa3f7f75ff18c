"""The values of records as Zeebe's protocol defines them (io.camunda.zeebe.protocol.record.value.*),
which exporters, Operate and Tasklist read: field names and the values Zeebe puts there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.testing import (
    RecordStream,
    activate_one,
    deploy_and_start,
    deploy_resources,
    message,
    process,
    timer_cycle,
    timer_duration,
)

DIAGRAMS = Path(__file__).parent / "diagrams"


def _events(engine: Any) -> RecordStream:
    return RecordStream.of(engine).events()


def test_cycle_timer_repetitions_count_down(engine: Any) -> None:
    """A cycle timer's record carries the remaining repetitions: R3 gives 3, then 2, then 1.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("tick", timer_cycle("R3/PT1H"), attached_to="t", interrupting=False)
        .end_event("ticked")
    )
    deploy_and_start(engine, builder)
    for _ in range(5):
        engine.clock.advance("PT1H")
    assert _events(engine).of_type("TIMER").with_intent("CREATED").values("repetitions") == [3, 2, 1]


def test_duration_timer_has_one_repetition(engine: Any) -> None:
    """A duration timer fires once: repetitions 1.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    deploy_and_start(
        engine,
        process("p").start_event("s").intermediate_catch_event("w", timer_duration("PT1H")).end_event("e"),
    )
    timer = _events(engine).of_type("TIMER").first()
    assert timer.value["repetitions"] == 1
    assert timer.value["targetElementId"] == "w"
    assert timer.value["elementInstanceKey"] > 0


def test_process_message_subscription_values(engine: Any) -> None:
    """PROCESS_MESSAGE_SUBSCRIPTION records name the element, message, key and interrupting flag.
    https://docs.camunda.io/docs/components/concepts/messages/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("note", message("note", "= id"), attached_to="t", interrupting=False)
        .end_event("noted")
    )
    pi = deploy_and_start(engine, builder, {"id": "A-1"})
    record = _events(engine).of_type("PROCESS_MESSAGE_SUBSCRIPTION").with_intent("CREATED").first()
    assert record.value["elementId"] == "note"
    assert record.value["messageName"] == "note"
    assert record.value["correlationKey"] == "A-1"
    assert record.value["interrupting"] is False
    assert record.value["processInstanceKey"] == pi.key
    assert record.value["bpmnProcessId"] == "p"


def test_message_subscription_record_written(engine: Any) -> None:
    """The message side of a subscription is a MESSAGE_SUBSCRIPTION CREATED record.
    https://docs.camunda.io/docs/components/concepts/messages/"""
    builder = process("p").start_event("s").intermediate_catch_event("w", message("m", "= k")).end_event("e")
    deploy_and_start(engine, builder, {"k": "1"})
    record = _events(engine).of_type("MESSAGE_SUBSCRIPTION").with_intent("CREATED").first()
    assert record.value["messageName"] == "m"
    assert record.value["correlationKey"] == "1"


def test_job_created_values(engine: Any) -> None:
    """A created job has no worker and deadline -1 until activated; it names its element and process.
    https://docs.camunda.io/docs/components/concepts/job-workers/"""
    pi = deploy_and_start(
        engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e")
    )
    job = _events(engine).of_type("JOB").with_intent("CREATED").first()
    assert job.value["type"] == "w"
    assert job.value["worker"] == ""
    assert job.value["deadline"] == -1
    assert job.value["retries"] == 3
    assert job.value["elementId"] == "t"
    assert job.value["processInstanceKey"] == pi.key
    assert job.value["bpmnProcessId"] == "p"
    assert job.value["processDefinitionVersion"] == 1
    assert job.value["customHeaders"] == {}


def test_user_task_record_values(engine: Any) -> None:
    """USER_TASK records carry the user task key, candidate lists, priority and element instance.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("u", assignee="li", candidate_groups="a, b", candidate_users="x", priority="70")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    record = _events(engine).of_type("USER_TASK").with_intent("CREATED").first()
    assert record.value["userTaskKey"] == task.key
    assert record.value["elementId"] == "u"
    assert record.value["candidateGroupsList"] == ["a", "b"]
    assert record.value["candidateUsersList"] == ["x"]
    assert record.value["priority"] == 70
    assert record.value["processInstanceKey"] == pi.key
    element = _events(engine).of_type("PROCESS_INSTANCE").where(elementId="u").first()
    assert record.value["elementInstanceKey"] == element.key


def test_incident_variable_scope_is_the_element(engine: Any) -> None:
    """A job incident's variableScopeKey is the task's element instance (where variables fix it).
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    deploy_and_start(engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e"))
    job = activate_one(engine, "w")
    engine.fail_job(job.key, retries=0, error_message="x")
    incident = _events(engine).of_type("INCIDENT").first()
    assert incident.value["variableScopeKey"] == job.element_instance_key
    assert incident.value["processDefinitionKey"] == job.process_definition_key


def test_variable_record_names_process(engine: Any) -> None:
    """VARIABLE records carry the process id and definition key.
    https://docs.camunda.io/docs/components/concepts/variables/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"), {"x": "中文"})
    record = _events(engine).of_type("VARIABLE").first()
    assert record.value["bpmnProcessId"] == "p"
    assert record.value["processDefinitionKey"] == pi.process_definition_key
    assert json.loads(record.value["value"]) == "中文"


def test_default_tenant_on_records(engine: Any) -> None:
    """Without multi-tenancy every record belongs to the default tenant "<default>".
    https://docs.camunda.io/docs/components/concepts/multi-tenancy/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    element = _events(engine).of_type("PROCESS_INSTANCE").with_key(pi.key).first()
    assert element.value["tenantId"] == "<default>"


def test_redeploy_duplicate_writes_no_process_record(engine: Any) -> None:
    """Deploying identical bytes again writes no new PROCESS CREATED; the deployment marks it duplicate.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/#versioning"""
    builder = process("p").start_event("s").end_event("e")
    deploy_resources(engine, builder)
    deploy_resources(engine, builder)
    assert len(_events(engine).of_type("PROCESS").with_intent("CREATED")) == 1
    second = _events(engine).of_type("DEPLOYMENT").with_intent("CREATED").last()
    assert second.value["processesMetadata"][0]["duplicate"] is True


def test_process_record_values(engine: Any) -> None:
    """PROCESS CREATED names the process id, version, key, resource name and checksum.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    deployment = deploy_resources(engine, process("p").start_event("s").end_event("e"))
    record = _events(engine).of_type("PROCESS").with_intent("CREATED").first()
    assert record.value["bpmnProcessId"] == "p"
    assert record.value["version"] == 1
    assert record.value["processDefinitionKey"] == deployment.processes[0].process_definition_key
    assert record.value["resourceName"] == "p.bpmn"
    assert record.value["checksum"]


def test_decision_evaluation_values(engine: Any) -> None:
    """DECISION_EVALUATION EVALUATED carries the output as JSON text and the matched rules.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="route", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": 2000000})
    record = _events(engine).of_type("DECISION_EVALUATION").first()
    assert json.loads(record.value["decisionOutput"]) == "expert-review"
    assert record.value["decisionVersion"] == 1
    assert record.value["elementId"] == "decide"
    assert record.value["processInstanceKey"] == pi.key
    (evaluated,) = record.value["evaluatedDecisions"]
    assert evaluated["decisionId"] == "route"
    assert [rule["ruleId"] for rule in evaluated["matchedRules"]] == ["rule_large"]
