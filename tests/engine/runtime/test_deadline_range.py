"""Deadlines a client asks for must end before the last instant the engine can hold (issue #18, item 5).

A job timeout, a retry back-off or a message time to live of 2^63-1 ms (the longest the protocol
carries) used to be accepted and then fail where the deadline was shown, stored or fired at.
"""

from __future__ import annotations

import pytest

from engine.runtime import Engine
from engine.runtime.errors import InvalidArgument
from tests.engine.runtime.conftest import END, START, bpmn, chain, service

LONGEST = 2**63 - 1


@pytest.fixture
def job_key(engine: Engine) -> int:
    engine.deploy([("p.bpmn", bpmn(START + service("t", "work") + END + chain("start", "t", "end")))])
    engine.create_instance("p")
    [job] = engine.activate_jobs("work", "w", 60_000, 1)
    return job.key


def test_a_job_timeout_past_the_end_of_time_is_invalid_on_activation(engine: Engine, job_key: int) -> None:
    engine.fail_job(job_key, retries=2, error_message="again")
    with pytest.raises(InvalidArgument, match="a job timeout that ends by 9999-12-30"):
        engine.activate_jobs("work", "w", LONGEST, 1)
    assert len(engine.activate_jobs("work", "w", 60_000, 1)) == 1


def test_a_job_timeout_update_past_the_end_of_time_is_invalid(engine: Engine, job_key: int) -> None:
    with pytest.raises(InvalidArgument, match="a job timeout"):
        engine.update_job_timeout(job_key, LONGEST)
    engine.complete_job(job_key)


def test_a_retry_back_off_past_the_end_of_time_is_invalid(engine: Engine, job_key: int) -> None:
    with pytest.raises(InvalidArgument, match="a retry back-off"):
        engine.fail_job(job_key, retries=2, error_message="later", retry_backoff_ms=LONGEST)
    engine.complete_job(job_key)


def test_a_message_time_to_live_past_the_end_of_time_is_invalid(engine: Engine) -> None:
    with pytest.raises(InvalidArgument, match="a message time to live"):
        engine.publish_message("payment", "p-1", time_to_live_ms=LONGEST)
    engine.publish_message("payment", "p-1", time_to_live_ms=60_000)
