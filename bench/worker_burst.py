"""Time for the job workers to drain a burst of jobs of one type, pyzeebe's poller against ours.

A burst of ``--jobs`` process instances is created first (each waits at one service task), then a
worker starts and the clock runs until it has completed every job. Both runs use the app's own
job handling (``workers.app.adopt``: failure handling, job context, a synchronous job function in
a thread) and the same limits (``--running`` jobs at once, ``--per-poll`` per activation); only
the poller differs:

- pyzeebe: its ``ZeebeWorker``, which sleeps ``poll_retry_delay`` (5 s) whenever the job type is
  at its limit, so after every full batch;
- workers: ``workers.polling.CapacityPollingWorker`` (what ``python -m workers`` runs), which
  asks for more as soon as ``--min-per-poll`` jobs have finished.

Each run gets its own ``python -m engine`` process. Run:
.venv/bin/python -m bench.worker_burst [--jobs 500] [--job-ms 5] [--running 32] [--per-poll 32]
[--min-per-poll 8]; the limits default to ``WorkerSettings``'s.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import grpc
from pyzeebe import ZeebeTaskRouter, ZeebeWorker, create_insecure_channel

from bench.gateway_throughput import create_instances, engine_process
from workers.app import adopt, build_worker, exception_handler
from workers.settings import WorkerSettings


def burst_router(
    job_seconds: float, completed: list[int], total: int, done: asyncio.Event
) -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()
    loop = asyncio.get_running_loop()

    @router.task("bench")
    def bench() -> dict[str, Any]:
        time.sleep(job_seconds)  # a job's own work, e.g. a registry write
        completed.append(1)
        if len(completed) >= total:
            loop.call_soon_threadsafe(done.set)
        return {}

    return router


def pyzeebe_worker(
    channel: grpc.aio.Channel, router: ZeebeTaskRouter, settings: WorkerSettings
) -> ZeebeWorker:
    worker = ZeebeWorker(channel, name="bench", exception_handler=exception_handler(0))
    worker.include_router(adopt(router, exception_handler(0), settings))
    return worker


async def drain_seconds(args: argparse.Namespace, *, ours: bool) -> float:
    settings = WorkerSettings(
        max_running_jobs=args.running, max_jobs_per_poll=args.per_poll, min_jobs_per_poll=args.min_per_poll
    )
    with engine_process() as address:
        await create_instances(address, args.jobs)
        channel = create_insecure_channel(grpc_address=address)
        completed: list[int] = []
        done = asyncio.Event()
        router = burst_router(args.job_ms / 1000, completed, args.jobs, done)
        worker = (
            build_worker(channel, [router], settings) if ours else pyzeebe_worker(channel, router, settings)
        )
        start = time.perf_counter()
        work = asyncio.create_task(worker.work())
        await done.wait()
        elapsed = time.perf_counter() - start
        await worker.stop()
        await asyncio.wait_for(work, timeout=30)
        await channel.close()
        return elapsed


async def run(args: argparse.Namespace) -> None:
    print(
        f"burst of {args.jobs} jobs of one type, {args.job_ms} ms each, "
        f"{args.running} running at most, {args.per_poll} per poll (at least {args.min_per_poll} for ours)",
        flush=True,
    )
    before = await drain_seconds(args, ours=False)
    print(
        f"pyzeebe poller (sleeps 5 s when full): {before:7.2f} s  {args.jobs / before:7.0f} jobs/s",
        flush=True,
    )
    after = await drain_seconds(args, ours=True)
    print(
        f"capacity poller (python -m workers):   {after:7.2f} s  {args.jobs / after:7.0f} jobs/s", flush=True
    )
    print(f"drain time ratio pyzeebe / capacity:   {before / after:7.1f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=500, help="jobs in the burst")
    parser.add_argument("--job-ms", type=float, default=5.0, help="each job's own work in milliseconds")
    parser.add_argument("--running", type=int, default=WorkerSettings().max_running_jobs)
    parser.add_argument("--per-poll", type=int, default=WorkerSettings().max_jobs_per_poll)
    parser.add_argument("--min-per-poll", type=int, default=WorkerSettings().min_jobs_per_poll)
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
