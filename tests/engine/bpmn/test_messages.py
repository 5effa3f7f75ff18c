"""Message events: subscriptions, correlation, buffering (TTL), message ids, message start events,
boundary events, receive tasks. https://docs.camunda.io/docs/components/concepts/messages/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import (
    RecordStream,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    message,
    process,
)


def _catch(key: str = "= orderId", **options: Any) -> Any:
    return (
        process("p")
        .start_event("s")
        .intermediate_catch_event("wait", message("payment", key), **options)
        .end_event("e")
    )


def _instances_of(engine: Any, process_id: str) -> list[int]:
    stream = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").with_intent("ELEMENT_ACTIVATED")
    return stream.where(bpmnElementType="PROCESS", bpmnProcessId=process_id).keys()


def test_catch_event_opens_subscription_with_correlation_key(engine: Any) -> None:
    """Entering a message catch event opens a subscription for the message name and the evaluated key.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    pi = deploy_and_start(engine, _catch(), {"orderId": "o-1"})
    assert_that(engine, pi).is_waiting_at("wait").is_waiting_for_message("payment", "o-1")


def test_message_with_matching_name_and_key_is_correlated(engine: Any) -> None:
    """A published message with the subscription's name and correlation key is correlated.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    pi = deploy_and_start(engine, _catch(), {"orderId": "o-1"})
    engine.publish_message("payment", "o-1", variables={"amount": 10})
    assert_that(engine, pi).is_completed().has_passed("wait").has_variable("amount", 10)


def test_message_with_other_key_is_not_correlated(engine: Any) -> None:
    """A message with another correlation key does not trigger the catch event.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    pi = deploy_and_start(engine, _catch(), {"orderId": "o-1"})
    engine.publish_message("payment", "o-2")
    assert_that(engine, pi).is_waiting_at("wait")


def test_message_with_other_name_is_not_correlated(engine: Any) -> None:
    """A message with another name does not trigger the catch event.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    pi = deploy_and_start(engine, _catch(), {"orderId": "o-1"})
    engine.publish_message("refund", "o-1")
    assert_that(engine, pi).is_waiting_at("wait")


def test_numeric_correlation_key_is_compared_as_string(engine: Any) -> None:
    """A number correlation key is converted to its string form.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    pi = deploy_and_start(engine, _catch(), {"orderId": 42})
    engine.publish_message("payment", "42")
    assert_that(engine, pi).is_completed()


def test_correlation_key_of_wrong_type_raises_incident(engine: Any) -> None:
    """A correlation key that is neither string nor number cannot be extracted: EXTRACT_VALUE_ERROR.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    pi = deploy_and_start(engine, _catch(), {"orderId": {"nested": True}})
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "wait")


def test_message_buffered_with_ttl_correlates_later(engine: Any) -> None:
    """A message with a time to live is buffered and correlated when a matching subscription opens.
    https://docs.camunda.io/docs/components/concepts/messages/#message-buffering"""
    deploy_resources(engine, _catch())
    engine.publish_message("payment", "o-1", variables={"amount": 5}, time_to_live_ms=60_000)
    pi = engine.create_instance("p", variables={"orderId": "o-1"})
    assert_that(engine, pi).is_completed().has_variable("amount", 5)


def test_message_without_ttl_is_not_buffered(engine: Any) -> None:
    """A message with TTL 0 is only correlated to subscriptions open at publication.
    https://docs.camunda.io/docs/components/concepts/messages/#message-buffering"""
    deploy_resources(engine, _catch())
    engine.publish_message("payment", "o-1", time_to_live_ms=0)
    pi = engine.create_instance("p", variables={"orderId": "o-1"})
    assert_that(engine, pi).is_waiting_at("wait")


def test_buffered_message_expires_after_ttl(engine: Any) -> None:
    """After its TTL the message expires (MESSAGE EXPIRED) and is no longer correlated.
    https://docs.camunda.io/docs/components/concepts/messages/#message-buffering"""
    deploy_resources(engine, _catch())
    engine.publish_message("payment", "o-1", time_to_live_ms=60_000)
    engine.clock.advance("PT2M")
    assert "EXPIRED" in RecordStream.of(engine).events().of_type("MESSAGE").intents()
    pi = engine.create_instance("p", variables={"orderId": "o-1"})
    assert_that(engine, pi).is_waiting_at("wait")


def test_published_message_writes_published_event(engine: Any) -> None:
    """Publishing writes MESSAGE PUBLISHED with name, correlation key and TTL.
    https://docs.camunda.io/docs/components/concepts/messages/"""
    key = engine.publish_message("payment", "o-1", time_to_live_ms=1_000)
    record = RecordStream.of(engine).events().of_type("MESSAGE").with_key(key).first()
    assert record.intent == "PUBLISHED"
    assert record.value["name"] == "payment"
    assert record.value["correlationKey"] == "o-1"
    assert record.value["timeToLive"] == 1_000


def test_duplicate_message_id_is_rejected_while_buffered(engine: Any, errors: Any) -> None:
    """A second message with the same message id (and name, key) while the first is buffered is rejected.
    https://docs.camunda.io/docs/components/concepts/messages/#message-uniqueness"""
    engine.publish_message("payment", "o-1", time_to_live_ms=60_000, message_id="m-1")
    with pytest.raises(errors.AlreadyExists):
        engine.publish_message("payment", "o-1", time_to_live_ms=60_000, message_id="m-1")


def test_message_id_reusable_after_expiry(engine: Any) -> None:
    """Once the first message expired, its id may be used again.
    https://docs.camunda.io/docs/components/concepts/messages/#message-uniqueness"""
    engine.publish_message("payment", "o-1", time_to_live_ms=1_000, message_id="m-1")
    engine.clock.advance("PT2S")
    engine.publish_message("payment", "o-1", time_to_live_ms=1_000, message_id="m-1")


def test_message_correlates_once_per_process(engine: Any) -> None:
    """A message is correlated only once per process (BPMN process id), even if several instances
    of it wait with the same key. https://docs.camunda.io/docs/components/concepts/messages/#message-cardinality"""
    deploy_resources(engine, _catch())
    first = engine.create_instance("p", variables={"orderId": "o-1"})
    second = engine.create_instance("p", variables={"orderId": "o-1"})
    engine.publish_message("payment", "o-1")
    states = sorted(assert_that(engine, pi).state() for pi in (first, second))
    assert states == ["active", "completed"]


def test_message_correlates_to_each_waiting_process(engine: Any) -> None:
    """One message is correlated to waiting instances of different processes.
    https://docs.camunda.io/docs/components/concepts/messages/#message-cardinality"""
    other = (
        process("q")
        .start_event("s")
        .intermediate_catch_event("wait_q", message("payment", "= orderId"))
        .end_event("e")
    )
    deploy_resources(engine, _catch(), other)
    first = engine.create_instance("p", variables={"orderId": "o-1"})
    second = engine.create_instance("q", variables={"orderId": "o-1"})
    engine.publish_message("payment", "o-1")
    assert_that(engine, first).is_completed()
    assert_that(engine, second).is_completed()


def test_buffered_message_correlates_once_per_instance(engine: Any) -> None:
    """A buffered message is correlated at most once to the same process instance.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("first", message("ping", "= k"))
        .intermediate_catch_event("second", message("ping", "= k"))
        .end_event("e")
    )
    deploy_resources(engine, builder)
    engine.publish_message("ping", "k1", time_to_live_ms=60_000)
    pi = engine.create_instance("p", variables={"k": "k1"})
    assert_that(engine, pi).is_waiting_at("second").has_passed("first", times=1)


def test_message_variables_with_output_mapping_are_local(engine: Any) -> None:
    """With output mappings on the catch event only the mapped values reach the process.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    pi = deploy_and_start(engine, _catch(outputs={"paidAmount": "= amount"}), {"orderId": "o-1"})
    engine.publish_message("payment", "o-1", variables={"amount": 99, "bank": "ICBC"})
    assert_that(engine, pi).is_completed().has_variable("paidAmount", 99).has_no_variable("bank")


def test_subscription_records_on_correlation(engine: Any) -> None:
    """Correlation writes PROCESS_MESSAGE_SUBSCRIPTION CORRELATED for the element instance.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    pi = deploy_and_start(engine, _catch(), {"orderId": "o-1"})
    engine.publish_message("payment", "o-1")
    intents = (
        RecordStream.of(engine)
        .events()
        .of_type("PROCESS_MESSAGE_SUBSCRIPTION")
        .process_instance(pi.key)
        .intents()
    )
    assert "CREATED" in intents
    assert "CORRELATED" in intents


def test_message_name_expression(engine: Any) -> None:
    """The message name may be a FEEL expression, evaluated when the subscription opens.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#messages"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("wait", message('= "reply-" + kind', "= id"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"kind": "finance", "id": "x"})
    assert_that(engine, pi).is_waiting_for_message("reply-finance", "x")
    engine.publish_message("reply-finance", "x")
    assert_that(engine, pi).is_completed()


# ---------------------------------------------------------------------- boundary events
def _boundary(interrupting: bool) -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work")
        .end_event("done")
        .boundary_event(
            "cancelled", message("cancel", "= orderId"), attached_to="task", interrupting=interrupting
        )
        .end_event("after_cancel")
    )


def test_interrupting_message_boundary_terminates_activity(engine: Any) -> None:
    """An interrupting message boundary event terminates the activity and takes its own flow.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-boundary-events"""
    pi = deploy_and_start(engine, _boundary(True), {"orderId": "o-1"})
    engine.publish_message("cancel", "o-1")
    assert_that(engine, pi).is_completed().has_terminated("task").has_passed("after_cancel").has_not_passed(
        "done"
    )
    assert RecordStream.of(engine).events().of_type("JOB").intents()[-1] == "CANCELED"


def test_non_interrupting_message_boundary_keeps_activity(engine: Any) -> None:
    """A non-interrupting message boundary event runs its flow while the activity stays active.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-boundary-events"""
    pi = deploy_and_start(engine, _boundary(False), {"orderId": "o-1"})
    engine.publish_message("cancel", "o-1")
    assert_that(engine, pi).is_waiting_at("task").has_passed("after_cancel")
    complete_jobs(engine, "work")
    assert_that(engine, pi).is_completed().has_passed("done")


def test_non_interrupting_message_boundary_triggers_repeatedly(engine: Any) -> None:
    """The subscription of a non-interrupting boundary event stays open: it can fire again.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-boundary-events"""
    pi = deploy_and_start(engine, _boundary(False), {"orderId": "o-1"})
    engine.publish_message("cancel", "o-1")
    engine.publish_message("cancel", "o-1")
    assert_that(engine, pi).has_passed("after_cancel", times=2).is_waiting_at("task")


def test_boundary_subscription_closed_when_activity_completes(engine: Any) -> None:
    """When the activity completes, its boundary event subscriptions are closed.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-boundary-events"""
    pi = deploy_and_start(engine, _boundary(True), {"orderId": "o-1"})
    complete_jobs(engine, "work")
    assert_that(engine, pi).is_completed().is_not_waiting_for_message("cancel")
    engine.publish_message("cancel", "o-1")
    assert_that(engine, pi).has_not_activated("cancelled")


# ---------------------------------------------------------------------- receive task
def test_receive_task_waits_for_message(engine: Any) -> None:
    """A receive task waits for its message like a catch event.
    https://docs.camunda.io/docs/components/modeler/bpmn/receive-tasks/"""
    builder = (
        process("p").start_event("s").receive_task("receive", message=message("reply", "= id")).end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"id": "r-1"})
    assert_that(engine, pi).is_waiting_at("receive").is_waiting_for_message("reply", "r-1")
    engine.publish_message("reply", "r-1", variables={"answer": "yes"})
    assert_that(engine, pi).is_completed().has_variable("answer", "yes")


def test_receive_task_with_boundary_timer(engine: Any) -> None:
    """A receive task can have boundary events like any activity.
    https://docs.camunda.io/docs/components/modeler/bpmn/receive-tasks/"""
    from engine.testing import timer_duration

    builder = (
        process("p")
        .start_event("s")
        .receive_task("receive", message=message("reply", "= id"))
        .end_event("e")
        .boundary_event("late", timer_duration("PT1H"), attached_to="receive")
        .end_event("timed_out")
    )
    pi = deploy_and_start(engine, builder, {"id": "r-1"})
    engine.clock.advance("PT1H")
    assert_that(engine, pi).is_completed().has_passed("timed_out").has_terminated("receive")


# ---------------------------------------------------------------------- message start events
def _message_start() -> Any:
    return (
        process("m")
        .start_event("start", message("application-submitted"))
        .service_task("t", job_type="work")
        .end_event("e")
    )


def test_message_start_event_creates_instance(engine: Any) -> None:
    """Publishing a message named like a message start event creates a process instance.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-start-events"""
    deploy_resources(engine, _message_start())
    engine.publish_message("application-submitted", "app-1", variables={"applicant": "区数据局"})
    instances = _instances_of(engine, "m")
    assert len(instances) == 1
    assert_that(engine, instances[0]).is_waiting_at("t").has_variable("applicant", "区数据局")


def test_message_start_event_subscription_opened_on_deploy(engine: Any) -> None:
    """Deploying a process with a message start event opens a MESSAGE_START_EVENT_SUBSCRIPTION.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-start-events"""
    deploy_resources(engine, _message_start())
    subscriptions = RecordStream.of(engine).events().of_type("MESSAGE_START_EVENT_SUBSCRIPTION")
    assert subscriptions.with_intent("CREATED").values("messageName") == ["application-submitted"]


def test_message_start_event_one_instance_per_correlation_key(engine: Any) -> None:
    """While an instance created for a correlation key is active, a message with the same key creates
    no second instance. https://docs.camunda.io/docs/components/concepts/messages/#message-cardinality"""
    deploy_resources(engine, _message_start())
    engine.publish_message("application-submitted", "app-1")
    engine.publish_message("application-submitted", "app-1")
    assert len(_instances_of(engine, "m")) == 1


def test_message_start_event_different_keys_create_instances(engine: Any) -> None:
    """Messages with different correlation keys create one instance each.
    https://docs.camunda.io/docs/components/concepts/messages/#message-cardinality"""
    deploy_resources(engine, _message_start())
    engine.publish_message("application-submitted", "app-1")
    engine.publish_message("application-submitted", "app-2")
    assert len(_instances_of(engine, "m")) == 2


def test_buffered_message_starts_next_instance_after_first_completes(engine: Any) -> None:
    """A buffered message for a key whose instance is active starts a new instance once it completes.
    https://docs.camunda.io/docs/components/concepts/messages/#message-cardinality"""
    deploy_resources(engine, _message_start())
    engine.publish_message("application-submitted", "app-1", time_to_live_ms=600_000)
    engine.publish_message("application-submitted", "app-1", time_to_live_ms=600_000)
    complete_jobs(engine, "work")
    assert len(_instances_of(engine, "m")) == 2


def test_message_start_event_without_key_creates_instance_each_time(engine: Any) -> None:
    """Messages with an empty correlation key create a new instance every time.
    https://docs.camunda.io/docs/components/concepts/messages/#message-cardinality"""
    deploy_resources(engine, _message_start())
    engine.publish_message("application-submitted", "")
    engine.publish_message("application-submitted", "")
    assert len(_instances_of(engine, "m")) == 2


def test_message_start_event_only_latest_version_subscribes(engine: Any) -> None:
    """A new version replaces the old version's message start subscription.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-start-events"""
    deploy_resources(engine, _message_start())
    deploy_resources(
        engine,
        process("m").start_event("start", message("application-submitted")).end_event("v2_end"),
    )
    engine.publish_message("application-submitted", "app-1")
    created = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").with_intent("ELEMENT_ACTIVATED")
    versions = created.where(bpmnElementType="PROCESS", bpmnProcessId="m").values("version")
    assert versions == [2]


def test_message_start_and_none_start_in_one_process(engine: Any) -> None:
    """A process may have a none start event and message start events; create uses the none start.
    https://docs.camunda.io/docs/components/modeler/bpmn/message-events/#message-start-events"""
    builder = (
        process("m")
        .start_event("by_message", message("go"))
        .end_event("e1")
        .start_event("plain")
        .end_event("e2")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_passed("plain").has_not_activated("by_message")
