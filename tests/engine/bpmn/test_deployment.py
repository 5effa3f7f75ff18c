"""Deployment: metadata, versioning, records, and validation of models Zeebe rejects.
https://docs.camunda.io/docs/components/concepts/resource-deployments/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import (
    MultiInstance,
    RecordStream,
    deploy_resources,
    error,
    link,
    message,
    process,
    timer_cycle,
    timer_duration,
)


def _simple(end: str = "e") -> Any:
    return process("p").start_event("s").service_task("t", job_type="work").end_event(end)


def test_deployment_returns_process_metadata(engine: Any) -> None:
    """A deployment returns the deployed processes with id, version, key and resource name.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    deployment = deploy_resources(engine, _simple())
    (meta,) = deployment.processes
    assert meta.bpmn_process_id == "p"
    assert meta.version == 1
    assert meta.resource_name == "p.bpmn"
    assert isinstance(meta.process_definition_key, int)


def test_deployment_records(engine: Any) -> None:
    """A deployment writes PROCESS CREATED and DEPLOYMENT CREATED.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    deploy_resources(engine, _simple())
    events = RecordStream.of(engine).events()
    assert events.of_type("PROCESS").with_intent("CREATED").values("bpmnProcessId") == ["p"]
    assert events.of_type("DEPLOYMENT").intents() == ["CREATED"]


def test_redeploying_same_resource_keeps_version(engine: Any) -> None:
    """Deploying identical resource bytes again creates no new version.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/#versioning"""
    first = deploy_resources(engine, _simple()).processes[0]
    second = deploy_resources(engine, _simple()).processes[0]
    assert second.version == 1
    assert second.process_definition_key == first.process_definition_key


def test_changed_resource_gets_next_version(engine: Any) -> None:
    """A changed process with the same id becomes the next version.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/#versioning"""
    deploy_resources(engine, _simple())
    second = deploy_resources(engine, _simple(end="changed_end")).processes[0]
    assert second.version == 2


def test_versions_are_per_process_id(engine: Any) -> None:
    """Versions count per BPMN process id.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/#versioning"""
    deploy_resources(engine, _simple())
    other = deploy_resources(engine, process("q").start_event("s").end_event("e")).processes[0]
    assert other.version == 1


def test_resource_with_two_processes(engine: Any) -> None:
    """One resource may contain several executable processes; each is deployed.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    builder = (
        process("a").start_event("s").end_event("e").also(process("b").start_event("s2").end_event("e2"))
    )
    deployment = deploy_resources(engine, builder)
    assert sorted(p.bpmn_process_id for p in deployment.processes) == ["a", "b"]


def test_version_tag_is_kept(engine: Any) -> None:
    """A zeebe:versionTag is stored with the process definition.
    https://docs.camunda.io/docs/components/best-practices/operations/versioning-process-definitions/"""
    builder = process("p", version_tag="2026.1").start_event("s").end_event("e")
    deploy_resources(engine, builder)
    record = RecordStream.of(engine).events().of_type("PROCESS").first()
    assert record.value["versionTag"] == "2026.1"


def test_deployment_with_layout_is_accepted(engine: Any) -> None:
    """Diagram interchange (layout) does not affect deployment.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    deployment = engine.deploy([("p.bpmn", _simple().to_xml(layout=True))])
    assert deployment.processes[0].bpmn_process_id == "p"


# ---------------------------------------------------------------------- rejections
def _rejected(engine: Any, rejected: type[Exception], builder: Any) -> str:
    with pytest.raises(rejected) as info:
        deploy_resources(engine, builder)
    return str(info.value)


def test_malformed_xml_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """Malformed XML is rejected, naming the resource.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    with pytest.raises(deployment_rejected) as info:
        engine.deploy([("broken.bpmn", b"<bpmn:definitions><bpmn:process id='p'>")])
    assert "broken.bpmn" in str(info.value)


def test_service_task_without_task_definition_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A service task needs exactly one zeebe:taskDefinition; the message names the element.
    https://docs.camunda.io/docs/components/modeler/bpmn/service-tasks/#task-definition"""
    message_text = _rejected(
        engine, deployment_rejected, process("p").start_event("s").service_task("no_type").end_event("e")
    )
    assert "no_type" in message_text
    assert "taskDefinition" in message_text


def test_rejection_names_resource(engine: Any, deployment_rejected: type[Exception]) -> None:
    """The rejection message names the resource.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    text = _rejected(
        engine, deployment_rejected, process("approval").start_event("s").service_task("x").end_event("e")
    )
    assert "approval.bpmn" in text


def test_one_invalid_resource_rejects_whole_deployment(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A deployment is all or nothing: nothing is deployed when one resource is invalid.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    good = process("good").start_event("s").end_event("e")
    bad = process("bad").start_event("s").service_task("x").end_event("e")
    with pytest.raises(deployment_rejected):
        deploy_resources(engine, good, bad)
    assert RecordStream.of(engine).events().of_type("PROCESS").intents() == []


def test_no_executable_process_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A BPMN resource must contain at least one executable process.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    xml = _simple().to_xml().replace(b'isExecutable="true"', b'isExecutable="false"')
    with pytest.raises(deployment_rejected):
        engine.deploy([("p.bpmn", xml)])


def test_invalid_feel_condition_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A condition that is not valid FEEL is rejected at deployment, naming the sequence flow.
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/#conditions"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow("bad_flow", condition="= amount >>= 1")
        .end_event("a")
        .move_to("gw")
        .flow(default=True)
        .end_event("b")
    )
    assert "bad_flow" in _rejected(engine, deployment_rejected, builder)


def test_invalid_timer_duration_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A static timer duration that is not ISO 8601 is rejected.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("wait", timer_duration("1 hour"))
        .end_event("e")
    )
    assert "wait" in _rejected(engine, deployment_rejected, builder)


def test_invalid_timer_cycle_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A static timer cycle that is not an ISO 8601 repeating interval (or cron) is rejected.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    builder = process("p").start_event("every", timer_cycle("every hour")).end_event("e")
    assert "every" in _rejected(engine, deployment_rejected, builder)


def test_message_catch_without_correlation_key_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """An intermediate message catch event's message needs a correlation key (zeebe:subscription).
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#messages"""
    builder = process("p").start_event("s").intermediate_catch_event("wait", message("m")).end_event("e")
    _rejected(engine, deployment_rejected, builder)


def test_multiple_none_start_events_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A process may have at most one none start event.
    https://docs.camunda.io/docs/components/modeler/bpmn/none-events/#none-start-events"""
    builder = process("p").start_event("s1").end_event("e1").start_event("s2").end_event("e2")
    _rejected(engine, deployment_rejected, builder)


def test_event_based_gateway_with_one_event_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """An event-based gateway needs at least two outgoing flows to catch events.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .event_based_gateway("gw")
        .intermediate_catch_event("t", timer_duration("PT1H"))
        .end_event("e")
    )
    assert "gw" in _rejected(engine, deployment_rejected, builder)


def test_event_based_gateway_to_task_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """An event-based gateway may only lead to intermediate catch events (or receive tasks).
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .event_based_gateway("gw")
        .intermediate_catch_event("t", timer_duration("PT1H"))
        .end_event("e1")
        .move_to("gw")
        .service_task("task", job_type="x")
        .end_event("e2")
    )
    _rejected(engine, deployment_rejected, builder)


def test_link_throw_without_catch_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A link throw event needs a link catch event with the same name in its scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/link-events/"""
    builder = process("p").start_event("s").intermediate_throw_event("go", link("nowhere"))
    _rejected(engine, deployment_rejected, builder)


def test_error_end_event_without_code_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """An error end event must reference an error with an error code.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#defining-the-error"""
    builder = process("p").start_event("s").end_event("throw", error(None))
    _rejected(engine, deployment_rejected, builder)


def test_multi_instance_without_input_collection_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """A multi-instance activity needs an inputCollection.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w", multi_instance=MultiInstance(""))
        .end_event("e")
    )
    xml = builder.to_xml().replace(b' inputCollection=""', b"")
    with pytest.raises(deployment_rejected):
        engine.deploy([("p.bpmn", xml)])


def test_call_activity_without_process_id_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A call activity needs a zeebe:calledElement with a process id.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#defining-the-called-process"""
    xml = process("p").start_event("s").call_activity("call", process_id="x").end_event("e").to_xml()
    xml = xml.replace(b' processId="x"', b"")
    with pytest.raises(deployment_rejected):
        engine.deploy([("p.bpmn", xml)])


def test_timer_cycle_on_intermediate_catch_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """An intermediate timer catch event takes a duration or a date, not a cycle.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#intermediate-timer-catch-events"""
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", timer_cycle("R3/PT1H")).end_event("e")
    )
    _rejected(engine, deployment_rejected, builder)


def test_interrupting_cycle_boundary_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """An interrupting timer boundary event cannot have a cycle (it can fire only once).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("b", timer_cycle("R3/PT1H"), attached_to="t")
        .end_event("be")
    )
    _rejected(engine, deployment_rejected, builder)


def test_sequence_flow_to_unknown_target_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A sequence flow must reference existing source and target elements.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    xml = _simple().to_xml().replace(b'targetRef="t"', b'targetRef="ghost"')
    with pytest.raises(deployment_rejected):
        engine.deploy([("p.bpmn", xml)])


def test_script_task_invalid_feel_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A FEEL script that does not parse is rejected at deployment.
    https://docs.camunda.io/docs/components/modeler/bpmn/script-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("calc", expression="= 1 +", result_variable="r")
        .end_event("e")
    )
    assert "calc" in _rejected(engine, deployment_rejected, builder)


def test_non_bpmn_resource_type_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """Only .bpmn, .dmn and .form resources can be deployed.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    with pytest.raises(deployment_rejected):
        engine.deploy([("notes.txt", b"hello")])


def test_interrupting_timer_event_subprocess_with_cycle_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """An interrupting timer start event of an event subprocess cannot have a cycle.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-subprocesses/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .event_sub_process("esp", lambda e: e.start_event("tick", timer_cycle("R3/PT1H")).end_event("ee"))
    )
    _rejected(engine, deployment_rejected, builder)


def test_error_boundary_on_non_activity_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """A boundary event must be attached to an activity.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/"""
    xml = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("b", error("E"), attached_to="t")
        .end_event("be")
        .to_xml()
        .replace(b'attachedToRef="t"', b'attachedToRef="s"')
    )
    with pytest.raises(deployment_rejected):
        engine.deploy([("p.bpmn", xml)])
