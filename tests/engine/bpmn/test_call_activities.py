"""Call activities: child instances, variable propagation flags, mappings, cancellation, incidents.
https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import RecordStream, assert_that, complete_jobs, deploy_resources, process


def _child() -> Any:
    return process("child").start_event("cs").service_task("child_task", job_type="child").end_event("ce")


def _parent(**call: Any) -> Any:
    return process("parent").start_event("s").call_activity("call", process_id="child", **call).end_event("e")


def _start(engine: Any, variables: dict[str, Any] | None = None, **call: Any) -> tuple[Any, int]:
    deploy_resources(engine, _child(), _parent(**call))
    pi = engine.create_instance("parent", variables=variables or {})
    keys = assert_that(engine, pi).called_instances("child")
    assert len(keys) == 1, f"expected one child instance, got {keys}"
    return pi, keys[0]


def test_call_activity_creates_child_instance(engine: Any) -> None:
    """A call activity creates an instance of the called process and waits for it.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""
    pi, child = _start(engine)
    assert_that(engine, pi).is_waiting_at("call").has_called_process("child", times=1)
    assert_that(engine, child).is_waiting_at("child_task")


def test_child_records_name_parent(engine: Any) -> None:
    """The child's records carry the parent process instance key and the call activity's instance key.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""
    pi, child = _start(engine)
    record = RecordStream.of(engine).events().with_key(child).first()
    call = RecordStream.of(engine).events().process_instance(pi.key).where(elementId="call").first()
    assert record.value["parentProcessInstanceKey"] == pi.key
    assert record.value["parentElementInstanceKey"] == call.key


def test_call_activity_completes_when_child_completes(engine: Any) -> None:
    """When the child completes, the call activity completes and the parent continues.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""
    pi, child = _start(engine)
    complete_jobs(engine, "child")
    assert_that(engine, child).is_completed()
    assert_that(engine, pi).is_completed().has_passed("call")


def test_child_gets_all_parent_variables_by_default(engine: Any) -> None:
    """By default all variables of the parent are copied into the child (propagateAllParentVariables).
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#variable-mappings"""
    _, child = _start(engine, {"a": 1, "b": "x"})
    assert_that(engine, child).has_variable("a", 1).has_variable("b", "x")


def test_propagate_all_parent_variables_false_copies_only_inputs(engine: Any) -> None:
    """With propagateAllParentVariables=false only the input mappings reach the child.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#variable-mappings"""
    _, child = _start(engine, {"a": 1, "b": 2}, propagate_all_parent_variables=False, inputs={"x": "= a"})
    assert_that(engine, child).has_variable("x", 1).has_no_variable("a").has_no_variable("b")


def test_child_variables_propagate_to_parent_by_default(engine: Any) -> None:
    """By default all variables of the child are copied to the parent on completion.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#variable-mappings"""
    pi, _ = _start(engine)
    complete_jobs(engine, "child", {"result": "approved"})
    assert_that(engine, pi).is_completed().has_variable("result", "approved")


def test_propagate_all_child_variables_false_uses_outputs_only(engine: Any) -> None:
    """With propagateAllChildVariables=false only the output mappings reach the parent.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#variable-mappings"""
    pi, _ = _start(engine, propagate_all_child_variables=False, outputs={"outcome": "= result"})
    complete_jobs(engine, "child", {"result": "approved", "noise": 1})
    assert_that(engine, pi).is_completed().has_variable("outcome", "approved").has_no_variable("noise")
    assert_that(engine, pi).has_no_variable("result")


def test_called_process_id_expression(engine: Any) -> None:
    """The called process id may be a FEEL expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#defining-the-called-process"""
    parent = process("parent").start_event("s").call_activity("call", process_id="= childId").end_event("e")
    deploy_resources(engine, _child(), parent)
    pi = engine.create_instance("parent", variables={"childId": "child"})
    assert_that(engine, pi).has_called_process("child")


def test_called_process_not_deployed_raises_incident(engine: Any) -> None:
    """Calling a process that is not deployed creates a CALLED_ELEMENT_ERROR incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""
    deploy_resources(engine, _parent())
    pi = engine.create_instance("parent", variables={})
    assert_that(engine, pi).has_incident("CALLED_ELEMENT_ERROR", "call")


def test_called_element_incident_resolved_after_deploying_child(engine: Any) -> None:
    """After deploying the missing process, resolving the incident creates the child.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    deploy_resources(engine, _parent())
    pi = engine.create_instance("parent", variables={})
    incident = assert_that(engine, pi).incident("CALLED_ELEMENT_ERROR")
    deploy_resources(engine, _child())
    engine.resolve_incident(incident.key)
    assert_that(engine, pi).has_called_process("child").has_no_incidents()


def test_call_activity_uses_latest_child_version(engine: Any) -> None:
    """By default the latest version of the called process is instantiated.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#defining-the-called-process"""
    deploy_resources(engine, _child())
    deploy_resources(engine, process("child").start_event("cs").end_event("v2_end"))
    deploy_resources(engine, _parent())
    pi = engine.create_instance("parent", variables={})
    (child,) = assert_that(engine, pi).called_instances("child")
    assert RecordStream.of(engine).events().with_key(child).first().value["version"] == 2
    assert_that(engine, pi).is_completed()


def test_cancel_parent_cancels_child(engine: Any) -> None:
    """Cancelling the parent terminates the call activity and the child instance.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""
    pi, child = _start(engine)
    engine.cancel_instance(pi.key)
    assert_that(engine, child).is_terminated()
    assert_that(engine, pi).is_terminated()


def test_cancel_child_directly_is_rejected(engine: Any, errors: Any) -> None:
    """A child instance cannot be cancelled on its own; the root instance must be cancelled.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#cancelprocessinstance-rpc"""
    _, child = _start(engine)
    with pytest.raises(errors.FailedPrecondition):
        engine.cancel_instance(child)


def test_boundary_timer_on_call_activity_terminates_child(engine: Any) -> None:
    """An interrupting boundary event on a call activity terminates the child instance.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#boundary-events"""
    from engine.testing import timer_duration

    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("e")
        .boundary_event("late", timer_duration("PT1H"), attached_to="call")
        .end_event("timed_out")
    )
    deploy_resources(engine, _child(), parent)
    pi = engine.create_instance("parent", variables={})
    (child,) = assert_that(engine, pi).called_instances("child")
    engine.clock.advance("PT1H")
    assert_that(engine, child).is_terminated()
    assert_that(engine, pi).is_completed().has_passed("timed_out")


def test_child_incident_belongs_to_child(engine: Any) -> None:
    """An incident in the child is raised in the child instance, the parent waits at the call.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/"""
    pi, child = _start(engine)
    job = engine.activate_jobs("child", worker="w", timeout_ms=60_000, max_jobs=1)[0]
    engine.fail_job(job.key, retries=0, error_message="broken")
    assert_that(engine, child).has_incident("JOB_NO_RETRIES", "child_task")
    assert_that(engine, pi).has_no_incidents().is_waiting_at("call")


def test_call_activity_input_mapping_with_all_parent_variables(engine: Any) -> None:
    """Input mappings are applied on top of the propagated parent variables.
    https://docs.camunda.io/docs/components/modeler/bpmn/call-activities/#variable-mappings"""
    _, child = _start(engine, {"a": 1}, inputs={"b": "= a + 1"})
    assert_that(engine, child).has_variable("a", 1).has_variable("b", 2)
