"""RestClient against the embedded gateway: pinning and resetting the engine clock, and reading
variables whole even where the search truncates them."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator

import pytest

from engine.clock import ControlledClock, to_ms
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from engine.testing import assert_that
from engine.testing.builder import process
from engine.testing.events import timer_duration
from govit.rest import ApiError, RestClient
from govit.settings import ClusterSettings
from tests.engine.gateway.conftest import LoopThread

START = dt.datetime.fromisoformat("2026-09-30T09:00:00+08:00")
DAY_MS = 24 * 3_600_000
LONG_OPINION = "专家评审意见：" + "同意立项。" * 2_000


class Embedded:
    def __init__(self, engine: Engine, running: RunningGateway) -> None:
        self.engine = engine
        self.running = running
        self.client = RestClient(ClusterSettings(rest_address=f"http://127.0.0.1:{running.rest_port}"))


@pytest.fixture
def embedded() -> Iterator[Embedded]:
    loop = LoopThread()
    engine = Engine.in_memory(clock=ControlledClock(start=START))
    served = Embedded(engine, loop.run(start_gateway(engine)))
    yield served
    served.client.close()
    loop.run(served.running.stop(grace_seconds=0.5))
    loop.close()


def expert_review() -> bytes:
    """Experts have three days to review before the application goes on without them."""
    return (
        process("expert_review")
        .start_event("start")
        .intermediate_catch_event("review_period", timer_duration("P3D"))
        .end_event("end")
        .to_xml()
    )


def test_pin_clock_moves_the_engine_and_fires_the_timer(embedded: Embedded) -> None:
    engine = embedded.engine
    engine.deploy([("review.bpmn", expert_review())])
    instance = engine.create_instance("expert_review")

    embedded.client.pin_clock(to_ms(START) + 2 * DAY_MS)
    assert_that(engine, instance.key).is_waiting_at("review_period")

    embedded.client.pin_clock(to_ms(START) + 3 * DAY_MS)
    assert_that(engine, instance.key).is_completed()
    assert engine.clock.now_ms() == to_ms(START) + 3 * DAY_MS


def test_reset_clock_returns_to_system_time(embedded: Embedded) -> None:
    before = int(time.time() * 1000)

    embedded.client.reset_clock()

    assert embedded.engine.clock.now_ms() >= before


def test_a_refused_pin_raises_with_the_problem_detail(embedded: Embedded) -> None:
    with pytest.raises(ApiError, match="The value for timestamp is '-1' but must be not negative"):
        embedded.client.pin_clock(-1)


def test_variables_are_whole_though_the_search_truncates_them(embedded: Embedded) -> None:
    engine = embedded.engine
    engine.deploy([("review.bpmn", expert_review())])
    instance = engine.create_instance("expert_review", {"opinion": LONG_OPINION, "experts": 5})
    [truncated] = embedded.client.search(
        "variables", {"processInstanceKey": str(instance.key), "name": "opinion"}
    )
    assert truncated["isTruncated"] is True

    variables = embedded.client.variables(str(instance.key))

    assert variables == {"opinion": LONG_OPINION, "experts": 5}
    assert json.loads(embedded.client.variable(truncated["variableKey"])["value"]) == LONG_OPINION
