"""Process instance lifecycle: creation, the exact element event order, none events, pass-through
tasks, versions at creation. Facts from docs.camunda.io and Zeebe's ProcessInstanceTest."""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import RecordStream, assert_that, deploy_and_start, deploy_resources, path, process

LIFECYCLE = ["ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED", "ELEMENT_COMPLETING", "ELEMENT_COMPLETED"]


def test_none_start_to_none_end_completes(engine: Any) -> None:
    """A process with a none start event and a none end event completes at once.
    https://docs.camunda.io/docs/components/modeler/bpmn/none-events/"""
    pi = deploy_and_start(engine, process("p").start_event("start").end_event("end"))
    assert_that(engine, pi).is_completed().has_passed("start").has_passed("end")


def test_element_event_order_of_simplest_process(engine: Any) -> None:
    """Every element goes ACTIVATING, ACTIVATED, COMPLETING, COMPLETED; the process wraps its
    children and a sequence flow is one SEQUENCE_FLOW_TAKEN event (Zeebe ProcessInstanceTest).
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    builder = process("p").start_event("start").flow("to_end").end_event("end")
    pi = deploy_and_start(engine, builder)
    assert path(engine, pi.key) == [
        ("p", "ELEMENT_ACTIVATING"),
        ("p", "ELEMENT_ACTIVATED"),
        ("start", "ELEMENT_ACTIVATING"),
        ("start", "ELEMENT_ACTIVATED"),
        ("start", "ELEMENT_COMPLETING"),
        ("start", "ELEMENT_COMPLETED"),
        ("to_end", "SEQUENCE_FLOW_TAKEN"),
        ("end", "ELEMENT_ACTIVATING"),
        ("end", "ELEMENT_ACTIVATED"),
        ("end", "ELEMENT_COMPLETING"),
        ("end", "ELEMENT_COMPLETED"),
        ("p", "ELEMENT_COMPLETING"),
        ("p", "ELEMENT_COMPLETED"),
    ]


def test_process_record_carries_element_type_and_keys(engine: Any) -> None:
    """PROCESS_INSTANCE records carry bpmnElementType, bpmnProcessId, version and the process
    definition key; the process element's own key is the process instance key.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/process-lifecycles/"""
    pi = deploy_and_start(engine, process("p").start_event("start").end_event("end"))
    records = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi.key)
    process_record = records.where(elementId="p").first()
    assert process_record.key == pi.key
    assert process_record.value["bpmnElementType"] == "PROCESS"
    assert process_record.value["bpmnProcessId"] == "p"
    assert process_record.value["version"] == 1
    assert process_record.value["processDefinitionKey"] == pi.process_definition_key
    start = records.where(elementId="start").first()
    assert start.value["bpmnElementType"] == "START_EVENT"
    assert start.value["flowScopeKey"] == pi.key


def test_sequence_flow_record_type(engine: Any) -> None:
    """A taken sequence flow is recorded with bpmnElementType SEQUENCE_FLOW.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/process-lifecycles/"""
    pi = deploy_and_start(engine, process("p").start_event("s").flow("f1").end_event("e"))
    flow = RecordStream.of(engine).events().process_instance(pi.key).where(elementId="f1").first()
    assert flow.intent == "SEQUENCE_FLOW_TAKEN"
    assert flow.value["bpmnElementType"] == "SEQUENCE_FLOW"


def test_start_and_end_event_type_none(engine: Any) -> None:
    """None events carry bpmnEventType NONE.
    https://docs.camunda.io/docs/components/modeler/bpmn/none-events/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    records = RecordStream.of(engine).events().process_instance(pi.key)
    assert records.where(elementId="s").first().value["bpmnEventType"] == "NONE"
    assert records.where(elementId="e").first().value["bpmnEventType"] == "NONE"


def test_intermediate_none_throw_event_passes_through(engine: Any) -> None:
    """An intermediate none throw event is passed through (it marks a state reached).
    https://docs.camunda.io/docs/components/modeler/bpmn/none-events/"""
    builder = process("p").start_event("s").intermediate_throw_event("milestone").end_event("e")
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_intents("milestone", *LIFECYCLE)


def test_undefined_task_passes_through(engine: Any) -> None:
    """An undefined task (bpmn:task) behaves like a manual task: it completes immediately.
    https://docs.camunda.io/docs/components/modeler/bpmn/undefined-tasks/"""
    pi = deploy_and_start(engine, process("p").start_event("s").task("t").end_event("e"))
    assert_that(engine, pi).is_completed().has_intents("t", *LIFECYCLE)
    t = RecordStream.of(engine).events().process_instance(pi.key).where(elementId="t").first()
    assert t.value["bpmnElementType"] == "TASK"


def test_manual_task_passes_through(engine: Any) -> None:
    """A manual task is completed directly by the engine.
    https://docs.camunda.io/docs/components/modeler/bpmn/manual-tasks/"""
    pi = deploy_and_start(engine, process("p").start_event("s").manual_task("m").end_event("e"))
    assert_that(engine, pi).is_completed().has_intents("m", *LIFECYCLE)
    m = RecordStream.of(engine).events().process_instance(pi.key).where(elementId="m").first()
    assert m.value["bpmnElementType"] == "MANUAL_TASK"


def test_process_without_end_event_completes_when_no_token_is_left(engine: Any) -> None:
    """An activity without outgoing flows ends its path; the scope completes when nothing is active
    (implicit end). https://docs.camunda.io/docs/components/modeler/bpmn/none-events/"""
    pi = deploy_and_start(engine, process("p").start_event("s").manual_task("last"))
    assert_that(engine, pi).is_completed().has_passed("last")


def test_creation_variables_are_process_variables(engine: Any) -> None:
    """Variables given at creation are created in the process instance (root) scope.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    builder = process("p").start_event("s").service_task("t", job_type="work").end_event("e")
    pi = deploy_and_start(engine, builder, {"amount": 6000000, "unit": "发改局"})
    assert_that(engine, pi).is_active().has_variable("amount", 6000000).has_variable("unit", "发改局")
    created = RecordStream.of(engine).events().of_type("VARIABLE").where(scopeKey=pi.key)
    assert sorted(created.values("name")) == ["amount", "unit"]


def test_creation_variables_recorded_before_start_event_activates(engine: Any) -> None:
    """Creation variables exist before the start event is activated (Zeebe writes them while the
    process element activates). https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"), {"x": 1})
    records = list(RecordStream.of(engine).events().process_instance(pi.key))
    variable_position = next(r.position for r in records if r.value_type == "VARIABLE")
    start_position = next(
        r.position for r in records if r.value.get("elementId") == "s" and r.intent == "ELEMENT_ACTIVATING"
    )
    assert variable_position < start_position


def test_creation_record_written(engine: Any) -> None:
    """Creating an instance writes a PROCESS_INSTANCE_CREATION CREATED event with the instance key.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    created = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE_CREATION").with_intent("CREATED")
    assert pi.key in created.values("processInstanceKey")


def test_create_instance_of_unknown_process_is_not_found(engine: Any, errors: Any) -> None:
    """Creating an instance of a process id that was never deployed is rejected (NOT_FOUND).
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    with pytest.raises(errors.NotFound):
        engine.create_instance("never-deployed", variables={})


def test_create_instance_uses_latest_version(engine: Any) -> None:
    """Without a version, the latest deployed version of the process is instantiated.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deploy_resources(engine, process("p").start_event("s").end_event("v1_end"))
    deploy_resources(engine, process("p").start_event("s").end_event("v2_end"))
    pi = engine.create_instance("p", variables={})
    assert pi.version == 2
    assert_that(engine, pi).is_completed().has_passed("v2_end").has_not_passed("v1_end")


def test_create_instance_of_given_version(engine: Any) -> None:
    """A given version is instantiated even when a newer one exists.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deploy_resources(engine, process("p").start_event("s").end_event("v1_end"))
    deploy_resources(engine, process("p").start_event("s").end_event("v2_end"))
    pi = engine.create_instance("p", variables={}, version=1)
    assert pi.version == 1
    assert_that(engine, pi).is_completed().has_passed("v1_end")


def test_create_instance_of_unknown_version_is_not_found(engine: Any, errors: Any) -> None:
    """A version that does not exist is rejected (NOT_FOUND).
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deploy_resources(engine, process("p").start_event("s").end_event("e"))
    with pytest.raises(errors.NotFound):
        engine.create_instance("p", variables={}, version=7)


def test_running_instance_keeps_its_version_after_redeploy(engine: Any) -> None:
    """A running instance continues on the version it started with.
    https://docs.camunda.io/docs/components/best-practices/operations/versioning-process-definitions/"""
    v1 = process("p").start_event("s").service_task("t", job_type="work").end_event("v1_end")
    pi = deploy_and_start(engine, v1)
    deploy_resources(
        engine, process("p").start_event("s").service_task("t", job_type="work").end_event("v2_end")
    )
    job = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=1)[0]
    assert job.process_definition_version == 1
    engine.complete_job(job.key, variables={})
    assert_that(engine, pi).is_completed().has_passed("v1_end").has_not_passed("v2_end")


def test_two_instances_are_independent(engine: Any) -> None:
    """Each instance has its own key and state.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deploy_resources(engine, process("p").start_event("s").service_task("t", job_type="work").end_event("e"))
    first = engine.create_instance("p", variables={"n": 1})
    second = engine.create_instance("p", variables={"n": 2})
    assert first.key != second.key
    assert_that(engine, first).is_waiting_at("t").has_variable("n", 1)
    assert_that(engine, second).is_waiting_at("t").has_variable("n", 2)


def test_instance_handle_describes_the_process(engine: Any) -> None:
    """The creation response carries the process id, version and definition key.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deployment = deploy_resources(engine, process("p").start_event("s").end_event("e"))
    pi = engine.create_instance("p", variables={})
    assert pi.bpmn_process_id == "p"
    assert pi.version == 1
    assert pi.process_definition_key == deployment.processes[0].process_definition_key


def test_create_instance_with_result_returns_variables(engine: Any) -> None:
    """Create-with-result waits for completion and returns the instance's variables.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression="= a + 1", result_variable="b")
        .end_event("e")
    )
    deploy_resources(engine, builder)
    result = engine.create_instance_with_result("p", variables={"a": 1}, timeout_ms=2_000)
    assert result.variables["b"] == 2
    assert result.variables["a"] == 1


def test_create_instance_with_result_fetch_variables_limits_result(engine: Any) -> None:
    """fetchVariables limits the variables returned with the result.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deploy_resources(engine, process("p").start_event("s").end_event("e"))
    result = engine.create_instance_with_result(
        "p", variables={"a": 1, "b": 2}, fetch_variables=["b"], timeout_ms=2_000
    )
    assert result.variables == {"b": 2}


def test_start_instruction_begins_at_given_element(engine: Any) -> None:
    """Start instructions activate the given element instead of the none start event.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("a", job_type="a")
        .service_task("b", job_type="b")
        .end_event("e")
    )
    deploy_resources(engine, builder)
    pi = engine.create_instance("p", variables={}, start_instructions=["b"])
    assert_that(engine, pi).is_waiting_at("b").has_not_activated("s", "a")
