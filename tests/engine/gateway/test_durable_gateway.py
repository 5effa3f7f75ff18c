"""The gateway over a durable engine: a full disk is RESOURCE_EXHAUSTED (REST 503) with the reason,
and concurrent clients' commands are committed in groups, each answered after its commit."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto import gateway_pb2_grpc

from engine.clock import ControlledClock
from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
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
