"""Job activation over the raw protocol: long polling (ActivateJobs) and job push (StreamActivatedJobs).

No test measures time: a poll that failed to wake up would outlive the call's deadline and fail.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.runtime import Engine
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.waiting import wait_for


@pytest.fixture
def engine(controlled_gateway: Served) -> Engine:
    engine = controlled_gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    return engine


def activate(stub: Any, deadline: float = 10, **fields: Any) -> list[pb.ActivatedJob]:
    request = pb.ActivateJobsRequest(
        type=fields.pop("type", "work"),
        worker=fields.pop("worker", "poller"),
        timeout=fields.pop("timeout", 60_000),
        maxJobsToActivate=fields.pop("maxJobsToActivate", 10),
        **fields,
    )
    return [job for response in stub.ActivateJobs(request, timeout=deadline) for job in response.jobs]


def waiting_polls(gateway: Served) -> int:
    return gateway.running.host.waiting


def test_a_long_poll_answers_when_a_job_is_created_mid_wait(
    controlled_gateway: Served, engine: Engine, stub: Any
) -> None:
    with ThreadPoolExecutor(1) as pool:
        # requestTimeout far beyond the call's deadline: only a wake-up can answer in time
        poll: Future[list[pb.ActivatedJob]] = pool.submit(activate, stub, deadline=10, requestTimeout=600_000)
        wait_for(lambda: waiting_polls(controlled_gateway) > 0, "the poll to wait")
        assert not poll.done()
        instance = engine.create_instance("one_task", {"projectId": "LZ-1"})
        [job] = poll.result(timeout=15)
    assert job.processInstanceKey == instance.key
    assert json.loads(job.variables) == {"projectId": "LZ-1"}


def test_a_negative_request_timeout_returns_at_once(engine: Engine, stub: Any) -> None:
    # The default long poll (10 s) would outlive this deadline.
    assert activate(stub, deadline=5, requestTimeout=-1) == []


def test_a_long_poll_ends_empty_at_its_request_timeout(engine: Engine, stub: Any) -> None:
    assert activate(stub, deadline=10, requestTimeout=200) == []


def test_activation_honours_max_jobs_worker_timeout_and_fetch_variables(
    controlled_gateway: Served, engine: Engine, stub: Any
) -> None:
    for n in range(5):
        engine.create_instance("one_task", {"n": n, "projectId": f"P-{n}", "bulky": "x" * 100})
    now_ms = controlled_gateway.controlled_clock.now_ms()
    jobs = activate(
        stub,
        maxJobsToActivate=3,
        worker="deadline-calculator",
        timeout=45_000,
        fetchVariable=["n", "projectId"],
        requestTimeout=-1,
    )
    assert len(jobs) == 3
    for job in jobs:
        assert job.worker == "deadline-calculator"
        assert job.deadline == now_ms + 45_000
        assert set(json.loads(job.variables)) == {"n", "projectId"}
        assert job.retries == 3
        assert job.elementId == "task"
        assert job.bpmnProcessId == "one_task"
    rest = activate(stub, maxJobsToActivate=10, requestTimeout=-1)
    assert len(rest) == 2
    assert {job.key for job in rest}.isdisjoint(job.key for job in jobs)
    assert activate(stub, requestTimeout=-1) == []


def test_a_waiting_poll_is_not_woken_by_jobs_of_another_type(
    controlled_gateway: Served, engine: Engine, stub: Any
) -> None:
    engine.deploy([("other.bpmn", diagrams.one_task("other", job_type="other-work"))])
    with ThreadPoolExecutor(1) as pool:
        poll = pool.submit(activate, stub, deadline=10, requestTimeout=5_000)
        wait_for(lambda: waiting_polls(controlled_gateway) > 0, "the poll to wait")
        engine.create_instance("other")
        # the poll goes on waiting for its own type; a job of that type then answers it
        wait_for(lambda: waiting_polls(controlled_gateway) > 0, "the poll to wait again")
        assert not poll.done()
        engine.create_instance("one_task")
        [job] = poll.result(timeout=15)
    assert job.type == "work"


# Zeebe pushes a job to a stream when the job becomes activatable (camunda/camunda
# zeebe/engine/src/main/java/io/camunda/zeebe/engine/processing/bpmn/behavior/
# BpmnJobActivationBehavior.java, publishWork: called on job creation, a failure with retries and
# no back-off, a time-out, a recurrence after back-off, a resolved job incident). A job that was
# activatable before the stream opened is not pushed: it stays for ActivateJobs, which is why
# pyzeebe's streaming worker "will still poll for older jobs" (pyzeebe/worker/worker.py).


class _StreamReader:
    """Reads a StreamActivatedJobs call on a thread of its own."""

    def __init__(self, stub: Any, **fields: Any) -> None:
        request = pb.StreamActivatedJobsRequest(
            type=fields.pop("type", "work"), worker="streamer", timeout=60_000, **fields
        )
        self.call = stub.StreamActivatedJobs(request, timeout=20)
        self.received: list[pb.ActivatedJob] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with contextlib.suppress(grpc.RpcError):
            for job in self.call:
                self.received.append(job)

    def close(self) -> None:
        self.call.cancel()
        self._thread.join(timeout=15)


@pytest.fixture
def open_stream(controlled_gateway: Served, stub: Any) -> Iterator[Callable[..., _StreamReader]]:
    readers: list[_StreamReader] = []

    def opened(**fields: Any) -> _StreamReader:
        before = waiting_polls(controlled_gateway)
        reader = _StreamReader(stub, **fields)
        readers.append(reader)
        wait_for(lambda: waiting_polls(controlled_gateway) > before, "the stream to be registered")
        return reader

    yield opened
    for reader in readers:
        reader.close()


def test_stream_pushes_jobs_created_after_it_opened(
    engine: Engine, stub: Any, open_stream: Callable[..., _StreamReader]
) -> None:
    stream = open_stream(fetchVariable=["n"])
    engine.create_instance("one_task", {"n": 1})
    wait_for(lambda: len(stream.received) == 1, "the first pushed job")
    engine.create_instance("one_task", {"n": 2})
    wait_for(lambda: len(stream.received) == 2, "the second pushed job")
    assert [json.loads(job.variables) for job in stream.received] == [{"n": 1}, {"n": 2}]
    assert {job.worker for job in stream.received} == {"streamer"}
    assert activate(stub, requestTimeout=-1) == []


def test_stream_leaves_jobs_that_waited_before_it_opened_to_polling(
    engine: Engine, stub: Any, open_stream: Callable[..., _StreamReader]
) -> None:
    waiting = engine.create_instance("one_task", {"n": 0})
    stream = open_stream()
    [polled] = activate(stub, requestTimeout=-1)
    assert polled.processInstanceKey == waiting.key
    created = engine.create_instance("one_task", {"n": 1})
    wait_for(lambda: stream.received, "the job created after the stream opened")
    assert [job.processInstanceKey for job in stream.received] == [created.key]


def test_stream_gets_a_job_when_it_times_out_or_fails_with_retries(
    controlled_gateway: Served, engine: Engine, stub: Any, open_stream: Callable[..., _StreamReader]
) -> None:
    engine.create_instance("one_task")
    [job] = activate(stub, requestTimeout=-1, timeout=1_000)
    stream = open_stream()
    controlled_gateway.controlled_clock.advance("PT2S")
    wait_for(lambda: len(stream.received) == 1, "the timed-out job to be pushed")
    engine.fail_job(job.key, retries=2, error_message="document store unavailable")
    wait_for(lambda: len(stream.received) == 2, "the failed job to be pushed")
    assert [pushed.key for pushed in stream.received] == [job.key, job.key]
    assert stream.received[1].retries == 2


def test_a_pushed_job_does_not_answer_a_waiting_long_poll(
    controlled_gateway: Served, engine: Engine, stub: Any, open_stream: Callable[..., _StreamReader]
) -> None:
    stream = open_stream()
    with ThreadPoolExecutor(1) as pool:
        poll = pool.submit(activate, stub, deadline=10, requestTimeout=1_000)
        wait_for(lambda: waiting_polls(controlled_gateway) == 2, "the poll to wait beside the stream")
        engine.create_instance("one_task")
        assert poll.result(timeout=15) == []
    wait_for(lambda: len(stream.received) == 1, "the job pushed to the stream")


def test_invalid_activation_requests(stub: Any) -> None:
    for fields, named in (
        ({"maxJobsToActivate": 0}, "maxJobsToActivate"),
        ({"timeout": 0}, "timeout"),
        ({"type": " "}, "type"),
    ):
        with pytest.raises(grpc.RpcError) as refused:
            activate(stub, requestTimeout=-1, **fields)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert named in refused.value.details()
