"""The official Python SDK (``camunda-orchestration-sdk``, from uv.lock) over REST: messages,
signals and user task completion.

The pinned SDK (10.x) is generated from a later contract than 8.8: its result models of user tasks,
jobs, incidents, variables, decision instances and a decision evaluation's matched rules
(``evaluatedOutputs[].ruleId``) require fields 8.8 does not define
(``rootProcessInstanceKey``, ``businessId``, ``tags``, ``physicalTenantId``, ``priority``) and fields
8.8 leaves out when unset. Against an 8.8 server, as against this engine, those models cannot be
read; the operations here are those whose answers the SDK reads in 8.8's shape (or that answer
with no body)."""

from __future__ import annotations

from camunda_orchestration_sdk.models.message_correlation_request import MessageCorrelationRequest
from camunda_orchestration_sdk.models.message_publication_request import MessagePublicationRequest
from camunda_orchestration_sdk.models.signal_broadcast_request import SignalBroadcastRequest
from camunda_orchestration_sdk.models.user_task_completion_request import UserTaskCompletionRequest

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_sdk import orchestration_client
from tests.engine.gateway.rest_spec import checked_client


def test_the_sdk_correlates_and_publishes_messages(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("pay.bpmn", diagrams.message_catch())])
    instance = engine.create_instance("awaits_payment", {"orderId": "LZ-4"})
    client = orchestration_client(gateway)
    correlated = client.correlate_message(
        data=MessageCorrelationRequest.from_dict(
            {"name": "payment-received", "correlationKey": "LZ-4", "variables": {"paid": 80}}
        )
    )
    assert str(correlated.process_instance_key) == str(instance.key)
    assert_that(engine, instance.key).is_completed().has_variable("paid", 80)
    published = client.publish_message(
        data=MessagePublicationRequest.from_dict(
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
        data=SignalBroadcastRequest.from_dict({"signalName": "go-ahead", "variables": {"by": "TH"}})
    )
    assert str(sent.signal_key).isdigit()
    assert_that(engine, instance.key).is_completed().has_variable("by", "TH")


def test_the_sdk_completes_a_user_task_with_variables(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review", {"projectId": "YB-12"})
    [task] = (
        checked_client(gateway.rest_url)
        .post("/v2/user-tasks/search", json={"filter": {"processInstanceKey": str(instance.key)}})
        .json()["items"]
    )
    orchestration_client(gateway).complete_user_task(
        task["userTaskKey"], data=UserTaskCompletionRequest.from_dict({"variables": {"approved": True}})
    )
    assert_that(engine, instance.key).is_completed().has_variable("approved", True)
