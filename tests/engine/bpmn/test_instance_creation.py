"""Process instance creation in detail, as Zeebe's CreateProcessInstanceProcessor defines it: record
order, creation by definition key, start instructions and their validation.
https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import (
    MultiInstance,
    RecordStream,
    assert_that,
    deploy_and_start,
    deploy_resources,
    message,
    process,
    timer_duration,
)


def _positions(engine: Any, pi_key: int) -> dict[str, int]:
    events = RecordStream.of(engine).events()
    return {
        "variable": events.of_type("VARIABLE").where(scopeKey=pi_key).first().position,
        "created": events.of_type("PROCESS_INSTANCE_CREATION").with_intent("CREATED").first().position,
        "activating": events.of_type("PROCESS_INSTANCE").with_key(pi_key).first().position,
    }


def test_creation_order_variables_then_created_then_activating(engine: Any) -> None:
    """Creation variables are written first, then PROCESS_INSTANCE_CREATION CREATED, then the process
    element activates. https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"), {"x": 1})
    at = _positions(engine, pi.key)
    assert at["variable"] < at["created"] < at["activating"]


def test_creation_record_describes_instance(engine: Any) -> None:
    """The CREATED record carries the instance key, process id, version and definition key.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    record = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE_CREATION").first()
    assert record.value["processInstanceKey"] == pi.key
    assert record.value["bpmnProcessId"] == "p"
    assert record.value["version"] == 1
    assert record.value["processDefinitionKey"] == pi.process_definition_key


def test_create_by_process_definition_key(engine: Any) -> None:
    """An instance can be created by process definition key (an older version too).
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    v1 = deploy_resources(engine, process("p").start_event("s").end_event("v1")).processes[0]
    deploy_resources(engine, process("p").start_event("s").end_event("v2"))
    pi = engine.create_instance(process_definition_key=v1.process_definition_key, variables={})
    assert pi.version == 1
    assert_that(engine, pi).is_completed().has_passed("v1")


def test_create_by_unknown_definition_key_is_not_found(engine: Any, errors: Any) -> None:
    """An unknown process definition key is NOT_FOUND.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    with pytest.raises(errors.NotFound):
        engine.create_instance(process_definition_key=123456, variables={})


def test_not_found_message_names_process_id(engine: Any, errors: Any) -> None:
    """The rejection names the process id ("Expected to find process definition with process ID 'x',
    but none found"). https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    with pytest.raises(errors.NotFound, match="'nowhere'"):
        engine.create_instance("nowhere", variables={})


# ---------------------------------------------------------------------- start instructions
def _two_tasks() -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("a", job_type="a")
        .service_task("b", job_type="b")
        .end_event("e")
    )


def test_start_instructions_activate_several_elements(engine: Any) -> None:
    """Several start instructions activate several elements at once.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    deploy_resources(engine, _two_tasks())
    pi = engine.create_instance("p", variables={}, start_instructions=["a", "b"])
    assert_that(engine, pi).is_waiting_exactly_at("a", "b").has_not_activated("s")


def test_start_instruction_inside_subprocess_activates_the_subprocess(engine: Any) -> None:
    """Starting inside a subprocess activates the subprocess (not its start event) and the element.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("a", job_type="a")
                .service_task("inner", job_type="i")
                .end_event("se")
            ),
        )
        .end_event("e")
    )
    deploy_resources(engine, builder)
    pi = engine.create_instance("p", variables={}, start_instructions=["inner"])
    assert_that(engine, pi).is_waiting_exactly_at("sub", "inner").has_not_activated("ss", "a")


def test_start_instructions_without_none_start_event(engine: Any) -> None:
    """A process with only a message start event can still be started with start instructions.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    builder = (
        process("m").start_event("by_message", message("go")).service_task("t", job_type="t").end_event("e")
    )
    deploy_resources(engine, builder)
    pi = engine.create_instance("m", variables={}, start_instructions=["t"])
    assert_that(engine, pi).is_waiting_at("t")


def test_start_instruction_unknown_element_rejected(engine: Any, errors: Any) -> None:
    """A start instruction for an element that does not exist is INVALID_ARGUMENT.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    deploy_resources(engine, _two_tasks())
    with pytest.raises(errors.InvalidArgument, match="ghost"):
        engine.create_instance("p", variables={}, start_instructions=["ghost"])


def test_start_instruction_at_start_event_rejected(engine: Any, errors: Any) -> None:
    """Start events, sequence flows and boundary events cannot be start instruction targets.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    deploy_resources(engine, _two_tasks())
    with pytest.raises(errors.InvalidArgument):
        engine.create_instance("p", variables={}, start_instructions=["s"])


def test_start_instruction_inside_multi_instance_rejected(engine: Any, errors: Any) -> None:
    """Elements inside a multi-instance subprocess cannot be start instruction targets.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "each",
            lambda b: b.start_event("es").service_task("inner", job_type="i").end_event("ee"),
            multi_instance=MultiInstance("= items", "item"),
        )
        .end_event("e")
    )
    deploy_resources(engine, builder)
    with pytest.raises(errors.InvalidArgument):
        engine.create_instance("p", variables={"items": [1]}, start_instructions=["inner"])


def test_start_instruction_after_event_based_gateway_rejected(engine: Any, errors: Any) -> None:
    """Events after an event-based gateway cannot be start instruction targets.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    builder = (
        process("p")
        .start_event("s")
        .event_based_gateway("gw")
        .intermediate_catch_event("t1", timer_duration("PT1H"))
        .end_event("e1")
        .move_to("gw")
        .intermediate_catch_event("t2", timer_duration("PT2H"))
        .end_event("e2")
    )
    deploy_resources(engine, builder)
    with pytest.raises(errors.InvalidArgument):
        engine.create_instance("p", variables={}, start_instructions=["t1"])


def test_start_instruction_variables_are_process_variables(engine: Any) -> None:
    """Creation variables are process variables also when starting with instructions.
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/#start-instructions"""
    deploy_resources(engine, _two_tasks())
    pi = engine.create_instance("p", variables={"x": 1}, start_instructions=["b"])
    assert_that(engine, pi).has_variable("x", 1)
    job = engine.activate_jobs("b", worker="w", timeout_ms=1_000, max_jobs=1)[0]
    assert job.variables == {"x": 1}
