"""A worker that dies or stalls mid-job: after the job's timeout another worker gets the job, and a
late completion from the first is refused with NOT_FOUND."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from engine.testing import assert_that
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.waiting import wait_for

WORKER = Path(__file__).with_name("stalling_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def start_stalling_worker(gateway: Served, timeout_ms: int) -> tuple[subprocess.Popen[str], int]:
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), gateway.grpc_address, "work", str(timeout_ms)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert worker.stdout is not None
    line = worker.stdout.readline()
    assert line.startswith("ACTIVATED "), f"the worker did not activate a job: {line!r}"
    return worker, int(line.split()[1])


def activate(stub: object, timeout_ms: int = 60_000) -> list[pb.ActivatedJob]:
    request = pb.ActivateJobsRequest(
        type="work", worker="second", timeout=timeout_ms, maxJobsToActivate=5, requestTimeout=-1
    )
    return [job for response in stub.ActivateJobs(request, timeout=10) for job in response.jobs]  # type: ignore[attr-defined]


@pytest.mark.parametrize("fate", ["killed", "stalled"])
def test_job_of_a_lost_worker_goes_to_another_after_its_timeout(
    controlled_gateway: Served, fate: str
) -> None:
    engine = controlled_gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    first, job_key = start_stalling_worker(controlled_gateway, timeout_ms=30_000)
    channel, stub = controlled_gateway.stub()
    try:
        if fate == "killed":
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)

        assert activate(stub) == [], "the job is still held by the first worker"
        controlled_gateway.controlled_clock.advance("PT31S")
        [job] = activate(stub)
        assert job.key == job_key
        assert job.worker == "second"
        stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key, variables='{"done":true}'), timeout=10)
        assert_that(engine, instance.key).is_completed().has_variable("done", True)

        if fate == "stalled":
            assert first.stdin is not None and first.stdout is not None
            first.stdin.write("go\n")
            first.stdin.flush()
            assert wait_for(first.stdout.readline, "the late completion").strip() == "COMPLETE NOT_FOUND"
        else:
            with pytest.raises(grpc.RpcError) as refused:
                stub.CompleteJob(pb.CompleteJobRequest(jobKey=job_key), timeout=10)
            assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    finally:
        first.kill()
        first.wait(timeout=10)
        channel.close()
    timed_out = [r for r in engine.records if r.value_type == "JOB" and r.intent == "TIMED_OUT"]
    assert [r.key for r in timed_out] == [job_key]
