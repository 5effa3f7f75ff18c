"""The gateway over a durable engine: a full disk is RESOURCE_EXHAUSTED (REST 503) with the reason,
and concurrent clients' commands are committed in groups, each answered after its commit."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto import gateway_pb2_grpc

from engine.clock import ControlledClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from engine.runtime.errors import ResourceExhausted
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import START, LoopThread


@pytest.fixture
def durable(tmp_path: Path) -> Iterator[tuple[Engine, RunningGateway]]:
    loop = LoopThread()
    engine = Engine.open(tmp_path, clock=ControlledClock(start=START), store_retry_s=3600)
    engine.deploy([("one.bpmn", diagrams.one_task())])
    running = loop.run(start_gateway(engine))
    yield engine, running
    loop.run(running.stop(grace_seconds=0.5))
    loop.close()


def _fill_the_disk(engine: Engine) -> None:
    db = engine._store._db  # type: ignore[attr-defined]
    db.execute("PRAGMA max_page_count = {}".format(db.execute("PRAGMA page_count").fetchone()[0]))


def test_a_full_disk_is_resource_exhausted_on_grpc_and_503_on_rest(
    durable: tuple[Engine, RunningGateway],
) -> None:
    engine, running = durable
    _fill_the_disk(engine)
    channel = grpc.insecure_channel(f"127.0.0.1:{running.grpc_port}")
    stub = gateway_pb2_grpc.GatewayStub(channel)  # type: ignore[no-untyped-call]
    try:
        with pytest.raises(grpc.RpcError) as refused:
            stub.CreateProcessInstance(
                pb.CreateProcessInstanceRequest(
                    bpmnProcessId="one_task", variables=json.dumps({"材料": "x" * 50_000})
                ),
                timeout=10,
            )
    finally:
        channel.close()
    assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "the disk is full" in refused.value.details()
    request = urllib.request.Request(
        f"http://127.0.0.1:{running.rest_port}/v2/incidents/2251799813685999/resolution",
        data=b"{}",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as answered:
        urllib.request.urlopen(request, timeout=10)
    assert answered.value.code == 503
    problem = json.loads(answered.value.read())
    assert problem["title"] == "RESOURCE_EXHAUSTED" and "the disk is full" in problem["detail"]
    assert engine.jobs("work") == []


def test_concurrent_clients_are_all_answered_and_every_answer_is_committed(
    durable: tuple[Engine, RunningGateway], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, running = durable
    commits: list[int] = []
    commit = engine._store.commit

    def counted(records: list[object], changes: list[object]) -> None:
        commit(records, changes)  # type: ignore[arg-type]
        commits.append(len(records))

    monkeypatch.setattr(engine._store, "commit", counted)
    records_before = len(engine.records)

    async def clients() -> list[int]:
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.grpc_port}")
        stub = gateway_pb2_grpc.GatewayStub(channel)  # type: ignore[no-untyped-call]
        try:
            answers = await asyncio.gather(
                *(
                    stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="one_task"))
                    for _ in range(200)
                )
            )
        finally:
            await channel.close()
        return [answer.processInstanceKey for answer in answers]

    keys = asyncio.run(clients())
    assert len(set(keys)) == 200
    assert sorted(j["processInstanceKey"] for j in engine.jobs("work")) == sorted(keys)
    # how many shared a commit depends on how the requests arrived; that they can is shown with
    # the engine host alone (tests/engine/store/test_group_commit.py); here: all answered, all kept
    assert sum(commits) == len(engine.records) - records_before
    positions = [r.position for r in engine.records]
    assert positions == list(range(1, len(positions) + 1))


def test_kill_9_of_a_durable_gateway_under_concurrent_clients_loses_nothing_acknowledged(
    tmp_path: Path,
) -> None:
    """`python -m engine --data-dir` serving 32 concurrent clients (creates and job completions,
    committed in groups) is killed with SIGKILL; every answered command is there after it."""
    project = Path(__file__).resolve().parents[3]
    bpmn = tmp_path / "one.bpmn"
    bpmn.write_bytes(diagrams.one_task())
    data_dir = tmp_path / "data"
    log = (tmp_path / "engine.log").open("w")
    argv = [sys.executable, "-m", "engine", "--data-dir", str(data_dir), "--deploy", str(bpmn)]
    server = subprocess.Popen(
        [*argv, "--gateway-port", "0", "--rest-port", "0"], stdout=log, stderr=subprocess.STDOUT, cwd=project
    )
    found = None
    for _ in range(600):
        found = re.search(r"grpc=\S+:(\d+) rest=", (tmp_path / "engine.log").read_text())
        if found or server.poll() is not None:
            break
        time.sleep(0.05)
    assert found, (tmp_path / "engine.log").read_text()
    address = f"127.0.0.1:{found[1]}"
    created: list[int] = []
    completed: list[int] = []

    async def client(stub: Any, stop: asyncio.Event) -> None:
        while not stop.is_set():
            answer = await stub.CreateProcessInstance(
                pb.CreateProcessInstanceRequest(bpmnProcessId="one_task")
            )
            created.append(answer.processInstanceKey)
            request = pb.ActivateJobsRequest(type="work", worker="w", timeout=600_000, maxJobsToActivate=2)
            async for response in stub.ActivateJobs(request):
                for job in response.jobs:
                    await stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))
                    completed.append(job.processInstanceKey)

    async def load_then_kill() -> None:
        stop = asyncio.Event()
        async with grpc.aio.insecure_channel(address) as channel:
            stub = gateway_pb2_grpc.GatewayStub(channel)  # type: ignore[no-untyped-call]
            clients = [asyncio.create_task(client(stub, stop)) for _ in range(32)]
            for _ in range(6000):
                if len(completed) >= 300 or all(task.done() for task in clients):
                    break
                await asyncio.sleep(0.01)
            assert len(completed) >= 300, [task.exception() for task in clients if task.done()][:1]
            server.kill()  # SIGKILL, whatever the writer is doing
            stop.set()
            await asyncio.gather(*clients, return_exceptions=True)

    try:
        asyncio.run(load_then_kill())
    finally:
        server.kill()
        server.wait()
        log.close()
    assert server.returncode == -signal.SIGKILL
    engine = Engine.open(data_dir, clock=ControlledClock(start=START))
    try:
        positions = [r.position for r in engine.records]
        assert positions == list(range(1, len(positions) + 1))
        for key in created:
            engine.instance(key)  # NotFound would mean an answered create was lost
        for key in completed:
            assert engine.instance(key).state == "COMPLETED"
        job_completions = [r.key for r in engine.records if r.value_type == "JOB" and r.intent == "COMPLETED"]
        assert len(job_completions) == len(set(job_completions))  # no job completed twice
    finally:
        engine.close()


def test_after_the_disk_had_filled_rest_search_answers_and_shows_exactly_the_committed(
    tmp_path: Path,
) -> None:
    """Before the fix, freeing space left a gap in the log and every REST search answered 500."""
    loop = LoopThread()
    engine = Engine.open(tmp_path, clock=ControlledClock(start=START), store_retry_s=0)
    engine.deploy([("one.bpmn", diagrams.one_task())])
    running = loop.run(start_gateway(engine))
    try:
        kept = engine.create_instance("one_task")
        _fill_the_disk(engine)
        with pytest.raises(ResourceExhausted):
            engine.create_instance("one_task", {"材料": "x" * 50_000})
        engine._store._db.execute("PRAGMA max_page_count = 1073741823")  # type: ignore[attr-defined]
        later = engine.create_instance("one_task")
        request = urllib.request.Request(
            f"http://127.0.0.1:{running.rest_port}/v2/process-instances/search",
            data=b"{}",
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            found = json.loads(answer.read())
        assert sorted(int(item["processInstanceKey"]) for item in found["items"]) == [kept.key, later.key]
    finally:
        loop.run(running.stop(grace_seconds=0.5))
        loop.close()
