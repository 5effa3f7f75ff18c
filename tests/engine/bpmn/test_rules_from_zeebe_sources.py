"""Rules confirmed in Zeebe's sources (validators, job processors, deployment transformers) beyond the
element pages: gateway flow conditions, duplicate ids in a deployment, job command states, cron
cycles, version binding of call activities, deployed decisions and forms."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from engine.testing import (
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    message,
    process,
    process_instances,
    signal,
    timer_cycle,
    timer_duration,
)

DIAGRAMS = Path(__file__).parent / "diagrams"


# ---------------------------------------------------------------------- deployment validation
def test_exclusive_flow_without_condition_and_not_default_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """Each outgoing flow of a diverging exclusive gateway needs a condition or must be the default
    ("Must have a condition or be default flow", naming the flow).
    https://docs.camunda.io/docs/components/modeler/bpmn/exclusive-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow("unconditional")
        .end_event("a")
        .move_to("gw")
        .flow("guarded", condition="= x")
        .end_event("b")
    )
    with pytest.raises(deployment_rejected, match="unconditional"):
        deploy_resources(engine, builder)


def test_inclusive_flow_without_condition_and_not_default_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """The same holds for a diverging inclusive gateway.
    https://docs.camunda.io/docs/components/modeler/bpmn/inclusive-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .inclusive_gateway("gw")
        .flow("unconditional")
        .end_event("a")
        .move_to("gw")
        .flow("guarded", condition="= x")
        .end_event("b")
    )
    with pytest.raises(deployment_rejected, match="unconditional"):
        deploy_resources(engine, builder)


def test_duplicate_process_id_in_one_deployment_rejected(
    engine: Any, deployment_rejected: type[Exception]
) -> None:
    """Two resources of one deployment may not define the same process id ("Expected the resource
    ids to be unique within a deployment but found a duplicated id ...").
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    first = ("a.bpmn", process("p").start_event("s").end_event("e").to_xml())
    second = ("b.bpmn", process("p").start_event("s").end_event("other").to_xml())
    with pytest.raises(deployment_rejected) as info:
        engine.deploy([first, second])
    text = str(info.value)
    assert "'p'" in text and "a.bpmn" in text and "b.bpmn" in text


def test_create_instance_without_none_start_event_rejected(engine: Any, errors: Any) -> None:
    """A process that only has a message start event cannot be created by command (INVALID_STATE).
    https://docs.camunda.io/docs/components/concepts/process-instance-creation/"""
    deploy_resources(engine, process("m").start_event("by_message", message("go")).end_event("e"))
    with pytest.raises(errors.FailedPrecondition):
        engine.create_instance("m", variables={})


# ---------------------------------------------------------------------- job commands
def _task(engine: Any) -> Any:
    return deploy_and_start(
        engine, process("p").start_event("s").service_task("t", job_type="w").end_event("e")
    )


def test_fail_without_message_uses_default_incident_message(engine: Any) -> None:
    """A job failed without retries and without a message raises "No more retries left.".
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = _task(engine)
    engine.fail_job(activate_one(engine, "w").key, retries=0, error_message="")
    assert assert_that(engine, pi).incident("JOB_NO_RETRIES").value["errorMessage"] == "No more retries left."


def test_complete_failed_job_is_rejected(engine: Any, errors: Any) -> None:
    """A job that failed without retries (incident open) cannot be completed (INVALID_STATE).
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#completejob-rpc"""
    _task(engine)
    job = activate_one(engine, "w")
    engine.fail_job(job.key, retries=0, error_message="x")
    with pytest.raises(errors.FailedPrecondition):
        engine.complete_job(job.key, variables={})


def test_fail_unknown_job_is_not_found(engine: Any, errors: Any) -> None:
    """Failing a job that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#failjob-rpc"""
    with pytest.raises(errors.NotFound):
        engine.fail_job(31337, retries=1, error_message="x")


def test_throw_error_on_unknown_job_is_not_found(engine: Any, errors: Any) -> None:
    """Throwing an error for a job that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#throwerror-rpc"""
    with pytest.raises(errors.NotFound):
        engine.throw_error(31337, error_code="E", error_message="")


def test_complete_job_of_cancelled_instance_is_not_found(engine: Any, errors: Any) -> None:
    """The job of a cancelled instance is gone: completing it is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#completejob-rpc"""
    pi = _task(engine)
    job = activate_one(engine, "w")
    engine.cancel_instance(pi.key)
    with pytest.raises(errors.NotFound):
        engine.complete_job(job.key, variables={})


def test_fail_with_retries_and_no_backoff_is_activatable_at_once(engine: Any) -> None:
    """Failing with retries left and no back-off makes the job activatable immediately.
    https://docs.camunda.io/docs/components/concepts/job-workers/#completing-or-failing-jobs"""
    _task(engine)
    job = activate_one(engine, "w")
    engine.fail_job(job.key, retries=1, error_message="x")
    assert activate_one(engine, "w").key == job.key


# ---------------------------------------------------------------------- timers and subscriptions
def test_cron_cycle_on_timer_start_event(engine: Any) -> None:
    """A time cycle may be a cron expression (Spring format with seconds): every quarter hour.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    deploy_resources(
        engine, process("t").start_event("quarterly", timer_cycle("0 */15 * * * *")).end_event("e")
    )
    engine.clock.advance("PT14M")
    assert process_instances(engine, "t") == []
    engine.clock.advance("PT1M")
    assert len(process_instances(engine, "t")) == 1
    engine.clock.advance("PT15M")
    engine.clock.advance("PT15M")
    assert len(process_instances(engine, "t")) == 3


def test_a_late_cron_cycle_fires_once_then_at_its_next_occurrence_after_that_instant(engine: Any) -> None:
    """A cron cycle passed by several occurrences at once fires once; its next due date is the
    cron's next occurrence after the instant it fired (Zeebe 8.8's TimerTriggerProcessor keeps the
    CronTimer as is and CatchEventBehavior.subscribeToTimerEvent asks it for
    ``getDueDate(clock.millis())``)."""
    deploy_resources(
        engine, process("t").start_event("quarterly", timer_cycle("0 */15 * * * *")).end_event("e")
    )
    start = engine.clock.now_ms()
    engine.clock.advance("PT50M")
    assert len(process_instances(engine, "t")) == 1
    due_dates = RecordStream.of(engine).events().of_type("TIMER").with_intent("CREATED").values("dueDate")
    assert due_dates == [start + 15 * 60_000, start + 60 * 60_000]


def test_correlation_key_fixed_when_subscription_opens(engine: Any) -> None:
    """The correlation key is evaluated when the subscription opens; later variable changes don't move it.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", message("m", "= key")).end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"key": "first"})
    engine.set_variables(pi.key, {"key": "second"})
    engine.publish_message("m", "second")
    assert_that(engine, pi).is_waiting_at("wait")
    engine.publish_message("m", "first")
    assert_that(engine, pi).is_completed()


def test_message_expires_exactly_at_ttl(engine: Any) -> None:
    """A buffered message is still available one millisecond before its TTL ends.
    https://docs.camunda.io/docs/components/concepts/messages/#message-buffering"""
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", message("m", "= k")).end_event("e")
    )
    deploy_resources(engine, builder)
    engine.publish_message("m", "1", time_to_live_ms=60_000)
    engine.clock.advance(dt.timedelta(seconds=60) - dt.timedelta(milliseconds=1))
    pi = engine.create_instance("p", variables={"k": "1"})
    assert_that(engine, pi).is_completed()


def test_message_boundary_on_subprocess(engine: Any) -> None:
    """A message boundary event on a subprocess interrupts everything inside it.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda b: b.start_event("ss").service_task("t", job_type="w").end_event("se"))
        .end_event("e")
        .boundary_event("withdrawn", message("withdraw", "= id"), attached_to="sub")
        .end_event("we")
    )
    pi = deploy_and_start(engine, builder, {"id": "A"})
    engine.publish_message("withdraw", "A")
    assert_that(engine, pi).is_completed().has_terminated("t").has_terminated("sub").has_passed("we")


def test_first_of_two_boundary_timers_wins(engine: Any) -> None:
    """With two interrupting boundary timers, the earlier one fires and cancels the other.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("soon", timer_duration("PT1H"), attached_to="t")
        .end_event("e_soon")
        .boundary_event("later", timer_duration("PT2H"), attached_to="t")
        .end_event("e_later")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT3H")
    assert_that(engine, pi).is_completed().has_passed("e_soon").has_not_activated("later")
    assert sorted(RecordStream.of(engine).events().of_type("TIMER").intents()) == [
        "CANCELED",
        "CREATED",
        "CREATED",
        "TRIGGERED",
    ]


def test_signal_subscription_deleted_when_catch_completes(engine: Any) -> None:
    """A signal catch event's subscription is deleted once the event is left.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("stop", signal("stop"), attached_to="t")
        .end_event("stopped")
    )
    pi = deploy_and_start(engine, builder)
    complete_jobs(engine, "w")
    intents = RecordStream.of(engine).events().of_type("SIGNAL_SUBSCRIPTION").intents()
    assert intents == ["CREATED", "DELETED"]
    engine.broadcast_signal("stop")
    assert_that(engine, pi).is_completed().has_not_activated("stop")


def test_signal_start_event_only_latest_version(engine: Any) -> None:
    """Only the latest version of a process keeps its signal start subscription.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/#signal-start-events"""
    deploy_resources(engine, process("sp").start_event("go", signal("go")).end_event("v1"))
    deploy_resources(engine, process("sp").start_event("go", signal("go")).end_event("v2"))
    engine.broadcast_signal("go")
    created = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").with_intent("ELEMENT_ACTIVATED")
    assert created.where(bpmnElementType="PROCESS", bpmnProcessId="sp").values("version") == [2]


# ---------------------------------------------------------------------- call activity bindings
def _child(end: str, tag: str | None = None) -> Any:
    return process("child", version_tag=tag).start_event("cs").end_event(end)


def test_call_activity_binding_version_tag(engine: Any) -> None:
    """bindingType="versionTag" calls the child version carrying that version tag.
    https://docs.camunda.io/docs/components/best-practices/modeling/choosing-the-resource-binding-type/"""
    deploy_resources(engine, _child("v1_end", tag="v1"))
    deploy_resources(engine, _child("v2_end", tag="v2"))
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child", binding_type="versionTag", version_tag="v1")
        .end_event("e")
    )
    deploy_resources(engine, parent)
    pi = engine.create_instance("parent", variables={})
    (child,) = assert_that(engine, pi).called_instances("child")
    assert_that(engine, child).is_completed().has_passed("v1_end")


def test_call_activity_binding_deployment(engine: Any) -> None:
    """bindingType="deployment" calls the child version deployed together with the parent.
    https://docs.camunda.io/docs/components/best-practices/modeling/choosing-the-resource-binding-type/"""
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child", binding_type="deployment")
        .end_event("e")
    )
    deploy_resources(engine, parent, _child("same_deployment"))
    deploy_resources(engine, _child("newer"))
    pi = engine.create_instance("parent", variables={})
    (child,) = assert_that(engine, pi).called_instances("child")
    assert_that(engine, child).is_completed().has_passed("same_deployment")


# ---------------------------------------------------------------------- decisions and forms
def test_deployed_decision_metadata(engine: Any) -> None:
    """Deploying a DMN resource returns each decision with id, name, version and requirements id.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    deployment = deploy_resources(engine, DIAGRAMS / "route.dmn")
    (decision,) = deployment.decisions
    assert decision.decision_id == "route"
    assert decision.decision_name == "Review route"
    assert decision.version == 1
    assert decision.dmn_decision_requirements_id == "route_definitions"


def test_redeploying_same_dmn_keeps_version(engine: Any) -> None:
    """Identical DMN bytes deployed again keep their version.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/#versioning"""
    deploy_resources(engine, DIAGRAMS / "route.dmn")
    again = deploy_resources(engine, DIAGRAMS / "route.dmn")
    assert again.decisions[0].version == 1


def test_deployed_form_metadata(engine: Any) -> None:
    """Deploying a form returns its form id and version.
    https://docs.camunda.io/docs/components/concepts/resource-deployments/"""
    form = json.dumps({"id": "review-form", "type": "default", "components": []}).encode()
    deployment = deploy_resources(engine, ("review.form", form))
    (meta,) = deployment.forms
    assert meta.form_id == "review-form"
    assert meta.version == 1
    assert meta.resource_name == "review.form"
