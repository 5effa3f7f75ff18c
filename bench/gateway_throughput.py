"""Gateway throughput and activation latency on loopback, against `python -m engine` in its own process.

- pyzeebe: jobs/s completed by one pyzeebe ZeebeWorker (what the process application's workers get);
- raw: jobs/s of a minimal grpc.aio worker (ActivateJobs then CompleteJob for the batch, in a loop):
  the protocol's ceiling on this engine; again with 20 workers of other types long-polling;
- latency: from sending CreateProcessInstance (which creates the job) to a waiting worker receiving
  the job, p50 and p99, for a long-polling ActivateJobs worker and for StreamActivatedJobs.

Run: .venv/bin/python bench/gateway_throughput.py [--jobs N] [--samples N] [--only pyzeebe|raw|latency]
The raw rate runs once more against a durable engine (--data-dir), where concurrent commands
share a commit. Aims: pyzeebe >= 300 jobs/s, raw >= 1,500 jobs/s, p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
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
from typing import Any

import grpc
from pyzeebe import ZeebeWorker, create_insecure_channel
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from engine.testing.builder import process

ROOT = Path(__file__).resolve().parents[1]
LISTENING = re.compile(r"grpc=\S+:(\d+) rest=")
CREATE_CONCURRENCY = 64


@contextmanager
def engine_process(*, durable: bool = False) -> Iterator[str]:
    """`python -m engine` on free loopback ports with one service task deployed (in memory, or with
    ``durable`` its state in SQLite, group commit and all); yields its address."""
    with tempfile.TemporaryDirectory() as folder:
        bpmn = Path(folder) / "bench.bpmn"
        bpmn.write_bytes(
            process("bench").start_event("s").service_task("t", job_type="bench").end_event("e").to_xml()
        )
        engine = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "engine",
                "--gateway-port",
                "0",
                "--rest-port",
                "0",
                "--deploy",
                str(bpmn),
                *(["--data-dir", str(Path(folder) / "data")] if durable else []),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        assert engine.stdout is not None
        for line in engine.stdout:
            found = LISTENING.search(line)
            if found:
                break
        else:
            raise RuntimeError("the engine did not start")
        try:
            yield f"127.0.0.1:{found[1]}"
        finally:
            engine.send_signal(signal.SIGTERM)
            engine.wait(timeout=30)


def stub_for(channel: grpc.aio.Channel) -> Any:
    # The generated stub is typed for the blocking API; over an aio channel its calls are awaitable.
    return GatewayStub(channel)


async def create_instances(address: str, count: int) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = stub_for(channel)
        pending = iter(range(count))

        async def creator() -> None:
            for _ in pending:
                await stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="bench"))

        await asyncio.gather(*(creator() for _ in range(CREATE_CONCURRENCY)))


async def pyzeebe_rate(address: str, jobs: int) -> float:
    await create_instances(address, jobs)
    channel = create_insecure_channel(grpc_address=address)
    worker = ZeebeWorker(channel, name="bench", request_timeout=1_000)
    done = asyncio.Event()
    completed = 0

    # More running jobs than one activation brings: with pyzeebe's defaults (32 and 32) the poller
    # finds the executor full after each batch and sleeps its poll_retry_delay (5 s).
    @worker.task(task_type="bench", max_jobs_to_activate=32, max_running_jobs=256)  # type: ignore[arg-type]
    async def bench() -> dict[str, object]:
        nonlocal completed
        completed += 1
        if completed >= jobs:
            done.set()
        return {}

    start = time.perf_counter()
    work = asyncio.create_task(worker.work())
    await done.wait()
    elapsed = time.perf_counter() - start
    await worker.stop()
    await asyncio.wait_for(work, timeout=10)
    await channel.close()
    return jobs / elapsed


async def idle_poll(stub: Any, job_type: str) -> None:
    """A worker of a type that has no jobs: it long-polls, again and again."""
    request = pb.ActivateJobsRequest(
        type=job_type, worker="idle", timeout=60_000, maxJobsToActivate=32, requestTimeout=60_000
    )
    while True:
        async for _ in stub.ActivateJobs(request):
            pass


async def raw_rate(
    address: str, jobs: int, *, pollers: int = 4, batch: int = 32, idle_types: int = 0
) -> float:
    """A few concurrent loops of ActivateJobs, then CompleteJob for the whole batch at once;
    ``idle_types`` other workers long-poll for types that have no jobs meanwhile."""
    await create_instances(address, jobs)
    async with grpc.aio.insecure_channel(address) as channel:
        stub = stub_for(channel)
        idlers = [asyncio.create_task(idle_poll(stub, f"idle-{n}")) for n in range(idle_types)]
        await asyncio.sleep(0.2 if idle_types else 0)
        request = pb.ActivateJobsRequest(
            type="bench", worker="raw", timeout=60_000, maxJobsToActivate=batch, requestTimeout=1_000
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
        loops = [asyncio.create_task(loop()) for _ in range(pollers)]
        await finished.wait()
        elapsed = time.perf_counter() - start
        for task in loops + idlers:
            task.cancel()
        await asyncio.gather(*loops, *idlers, return_exceptions=True)
        return completed / elapsed


async def latencies(address: str, samples: int, *, streaming: bool) -> list[float]:
    """Milliseconds from sending the create command to a waiting worker holding the job."""
    async with grpc.aio.insecure_channel(address) as channel:
        stub = stub_for(channel)
        received: asyncio.Queue[float] = asyncio.Queue()

        async def long_poller() -> None:
            request = pb.ActivateJobsRequest(
                type="bench", worker="lat", timeout=60_000, maxJobsToActivate=32, requestTimeout=30_000
            )
            while True:
                async for response in stub.ActivateJobs(request):
                    for job in response.jobs:
                        received.put_nowait(time.perf_counter())
                        await stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))

        async def streamer() -> None:
            request = pb.StreamActivatedJobsRequest(type="bench", worker="lat", timeout=60_000)
            async for job in stub.StreamActivatedJobs(request):
                received.put_nowait(time.perf_counter())
                await stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key))

        worker = asyncio.create_task(streamer() if streaming else long_poller())
        await asyncio.sleep(0.3)  # let the worker's request reach the gateway and wait there
        measured = []
        for _ in range(samples):
            sent = time.perf_counter()
            await stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="bench"))
            got = await asyncio.wait_for(received.get(), timeout=10)
            measured.append((got - sent) * 1000)
            await asyncio.sleep(0.005)
        worker.cancel()
        return measured


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run(args: argparse.Namespace) -> None:
    wanted = {args.only} if args.only else {"pyzeebe", "raw", "latency"}
    if "pyzeebe" in wanted:
        with engine_process() as address:
            print(f"pyzeebe worker: {await pyzeebe_rate(address, args.jobs):8.0f} jobs/s   (aim >= 300)")
    if "raw" in wanted:
        with engine_process() as address:
            print(f"raw grpc.aio:   {await raw_rate(address, args.jobs):8.0f} jobs/s   (aim >= 1,500)")
        with engine_process() as address:
            rate = await raw_rate(address, args.jobs, idle_types=20)
            print(f"raw grpc.aio:   {rate:8.0f} jobs/s   with 20 idle long polls of other types")
        with engine_process(durable=True) as address:
            rate = await raw_rate(address, args.jobs)
            print(f"raw grpc.aio:   {rate:8.0f} jobs/s   durable (--data-dir, group commit)")
    if "latency" in wanted:
        with engine_process() as address:
            for streaming in (False, True):
                values = await latencies(address, args.samples, streaming=streaming)
                name = "stream" if streaming else "long poll"
                print(
                    f"activation latency ({name}): p50 {statistics.median(values):6.2f} ms, "
                    f"p99 {percentile(values, 0.99):6.2f} ms   (aim p99 <= 50 ms)"
                )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=3_000, help="jobs per throughput run")
    parser.add_argument("--samples", type=int, default=300, help="jobs per latency run")
    parser.add_argument("--only", choices=["pyzeebe", "raw", "latency"])
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
