"""REST job throughput beside gRPC's, and REST search latency, against `python -m engine` in its own
process (one run, the same engine for both protocols).

- throughput: jobs/s of a minimal worker that activates a batch of 32 and completes the batch at
  once, in 4 concurrent loops: over gRPC (ActivateJobs, CompleteJob) and over REST
  (POST /v2/jobs/activation, POST /v2/jobs/{key}/completion, kept-alive connections), with the
  engine's and the client's CPU time per job (the instances' creation over gRPC included in both);
- search: p50 and p95 of POST /v2/jobs/search and /v2/user-tasks/search with 10,000 more process
  instances (each holding an open job or user task), filtered and sorted to one page of 50.

Run: .venv/bin/python bench/rest_jobs.py [--jobs N] [--instances N] [--calls N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
import httpx
from pyzeebe.proto import gateway_pb2 as pb

from bench.gateway_throughput import CREATE_CONCURRENCY, stub_for
from engine.testing.builder import process

ROOT = Path(__file__).resolve().parents[1]
LISTENING = re.compile(r"grpc=\S+:(\d+) rest=\S+:(\d+)")
BATCH, LOOPS = 32, 4


@contextmanager
def engine_process() -> Iterator[tuple[str, str, int]]:
    """`python -m engine` on free ports with a service task and a user task process deployed;
    yields its gRPC address, REST base URL and process id."""
    with tempfile.TemporaryDirectory() as folder:
        jobs = Path(folder) / "bench.bpmn"
        jobs.write_bytes(
            process("bench").start_event("s").service_task("t", job_type="bench").end_event("e").to_xml()
        )
        tasks = Path(folder) / "review.bpmn"
        tasks.write_bytes(
            process("review").start_event("s").user_task("approve", name="审核").end_event("e").to_xml()
        )
        command = [sys.executable, "-m", "engine", "--gateway-port", "0", "--rest-port", "0"]
        command += ["--deploy", str(jobs), "--deploy", str(tasks)]
        engine = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
        )
        assert engine.stdout is not None
        for line in engine.stdout:
            found = LISTENING.search(line)
            if found:
                break
        else:
            raise RuntimeError("the engine did not start")
        try:
            yield f"127.0.0.1:{found[1]}", f"http://127.0.0.1:{found[2]}", engine.pid
        finally:
            engine.send_signal(signal.SIGTERM)
            engine.wait(timeout=30)


async def create(address: str, process_id: str, count: int) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = stub_for(channel)
        pending = iter(range(count))

        async def creator() -> None:
            for _ in pending:
                await stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId=process_id))

        await asyncio.gather(*(creator() for _ in range(CREATE_CONCURRENCY)))


async def grpc_rate(address: str, jobs: int) -> float:
    await create(address, "bench", jobs)
    async with grpc.aio.insecure_channel(address) as channel:
        stub = stub_for(channel)
        request = pb.ActivateJobsRequest(
            type="bench", worker="grpc", timeout=60_000, maxJobsToActivate=BATCH, requestTimeout=1_000
        )
        completed = 0
        finished = asyncio.Event()

        async def loop() -> None:
            nonlocal completed
            while not finished.is_set():
                activated = [job async for response in stub.ActivateJobs(request) for job in response.jobs]
                await asyncio.gather(
                    *(stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key)) for job in activated)
                )
                completed += len(activated)
                if completed >= jobs:
                    finished.set()

        start = time.perf_counter()
        loops = [asyncio.create_task(loop()) for _ in range(LOOPS)]
        await finished.wait()
        elapsed = time.perf_counter() - start
        await asyncio.gather(*loops)
    return completed / elapsed


async def rest_rate(address: str, base_url: str, jobs: int) -> float:
    await create(address, "bench", jobs)
    limits = httpx.Limits(max_connections=LOOPS * BATCH, max_keepalive_connections=LOOPS * BATCH)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        body = {
            "type": "bench",
            "worker": "rest",
            "timeout": 60_000,
            "maxJobsToActivate": BATCH,
            "requestTimeout": 1_000,
        }
        completed = 0
        finished = asyncio.Event()

        async def loop() -> None:
            nonlocal completed
            while not finished.is_set():
                activated = (await client.post("/v2/jobs/activation", json=body)).json()["jobs"]
                answers = await asyncio.gather(
                    *(client.post(f"/v2/jobs/{job['jobKey']}/completion", json={}) for job in activated)
                )
                assert all(answer.status_code == 204 for answer in answers)
                completed += len(activated)
                if completed >= jobs:
                    finished.set()

        start = time.perf_counter()
        loops = [asyncio.create_task(loop()) for _ in range(LOOPS)]
        await finished.wait()
        elapsed = time.perf_counter() - start
        await asyncio.gather(*loops)
    return completed / elapsed


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def search_latency(base_url: str, calls: int) -> dict[str, tuple[float, float]]:
    searches = {
        "/v2/jobs/search": {"filter": {"type": "bench", "state": "CREATED"}, "page": {"limit": 50}},
        "/v2/user-tasks/search": {
            "filter": {"state": "CREATED", "elementId": "approve"},
            "sort": [{"field": "creationDate", "order": "DESC"}],
            "page": {"limit": 50},
        },
    }
    figures = {}
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for path, body in searches.items():
            client.post(path, json=body).raise_for_status()  # the first call catches the views up
            timings = []
            for _ in range(calls):
                started = time.perf_counter()
                client.post(path, json=body).raise_for_status()
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            figures[path] = (statistics.median(timings), timings[int(0.95 * (len(timings) - 1))])
    return figures


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2_000)
    parser.add_argument("--instances", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args(argv)
    with engine_process() as (address, base_url, pid):
        print(f"create, activate and complete {args.jobs} jobs, batches of {BATCH}, {LOOPS} loops")
        # The engine's CPU per job shows the server's cost apart from the client's: the Python HTTP
        # client (httpx) spends more CPU per call than the grpc.aio one.
        rates = {}
        for name, run in (
            ("gRPC", lambda: grpc_rate(address, args.jobs)),
            ("REST", lambda: rest_rate(address, base_url, args.jobs)),
        ):
            before, client_before = cpu_seconds(pid), time.process_time()
            rates[name] = asyncio.run(run())
            engine_ms = (cpu_seconds(pid) - before) * 1000 / args.jobs
            client_ms = (time.process_time() - client_before) * 1000 / args.jobs
            print(
                f"  {name}: {rates[name]:6.0f} jobs/s   engine CPU {engine_ms:5.2f} ms/job"
                f"   client CPU {client_ms:5.2f} ms/job"
            )
        print(f"  REST / gRPC: {rates['REST'] / rates['gRPC']:.2f}")
        half = args.instances // 2
        asyncio.run(create(address, "bench", args.instances - half))
        asyncio.run(create(address, "review", half))
        print(f"search with {args.instances} more instances ({half} user tasks, the rest open jobs)")
        for path, (p50, p95) in search_latency(base_url, args.calls).items():
            print(f"  POST {path:32s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
