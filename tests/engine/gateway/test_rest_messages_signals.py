"""REST messages (publication, correlation), message subscription searches and signal broadcast,
every response checked against the 8.8 specification."""

from __future__ import annotations

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


def test_a_correlated_message_completes_the_catch_and_is_listed(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("pay.bpmn", diagrams.message_catch())])
    instance = engine.create_instance("awaits_payment", {"orderId": "HY-2026-07"})
    rest = checked_client(gateway.rest_url)
    [open_] = rest.post("/v2/message-subscriptions/search", json={}).json()["items"]
    assert (open_["messageName"], open_["correlationKey"], open_["messageSubscriptionState"]) == (
        "payment-received",
        "HY-2026-07",
        "CREATED",
    )
    answer = rest.post(
        "/v2/messages/correlation",
        json={"name": "payment-received", "correlationKey": "HY-2026-07", "variables": {"paid": 120}},
    ).json()
    assert answer["processInstanceKey"] == str(instance.key)
    assert_that(engine, instance.key).is_completed().has_variable("paid", 120)
    [correlated] = rest.post(
        "/v2/correlated-message-subscriptions/search", json={"filter": {"messageKey": answer["messageKey"]}}
    ).json()["items"]
    assert (correlated["subscriptionKey"], correlated["partitionId"]) == (open_["messageSubscriptionKey"], 1)
    states = rest.post(
        "/v2/message-subscriptions/search", json={"filter": {"messageSubscriptionState": {"$neq": "CREATED"}}}
    ).json()["items"]
    # the subscription keeps the state of its last record: correlated, or deleted once its
    # element completed, as the engine's records say
    assert [s["messageSubscriptionKey"] for s in states] == [open_["messageSubscriptionKey"]]
    assert states[0]["messageSubscriptionState"] in {"CORRELATED", "DELETED"}


def test_a_correlation_without_a_subscription_is_a_404(gateway: Served) -> None:
    rest = checked_client(gateway.rest_url)
    missed = rest.post("/v2/messages/correlation", json={"name": "nobody-waits", "correlationKey": "x"})
    assert missed.status_code == 404


def test_a_published_message_is_buffered_until_an_instance_waits(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("pay.bpmn", diagrams.message_catch())])
    rest = checked_client(gateway.rest_url)
    published = rest.post(
        "/v2/messages/publication",
        json={"name": "payment-received", "correlationKey": "LG-9", "timeToLive": 60_000, "messageId": "m-1"},
    )
    assert published.status_code == 200 and published.json()["tenantId"] == "<default>"
    instance = engine.create_instance("awaits_payment", {"orderId": "LG-9"})
    assert_that(engine, instance.key).is_completed()
    bad = rest.post("/v2/messages/publication", json={"correlationKey": "LG-9"})
    assert bad.status_code == 400 and "name" in bad.json()["detail"]
    negative = rest.post(
        "/v2/messages/publication", json={"name": "n", "correlationKey": "", "timeToLive": -1}
    )
    assert negative.status_code == 400 and "timeToLive" in negative.json()["detail"]


def test_a_broadcast_signal_reaches_the_waiting_instance(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("signal.bpmn", diagrams.signal_catch())])
    instance = engine.create_instance("awaits_signal")
    rest = checked_client(gateway.rest_url)
    sent = rest.post("/v2/signals/broadcast", json={"signalName": "go-ahead", "variables": {"by": "局长"}})
    assert sent.status_code == 200 and sent.json()["signalKey"].isdigit()
    assert_that(engine, instance.key).is_completed().has_variable("by", "局长")
    nameless = rest.post("/v2/signals/broadcast", json={"variables": {}})
    assert nameless.status_code == 400 and "signalName" in nameless.json()["detail"]
