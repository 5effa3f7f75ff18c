"""Durable throughput beside in-memory, in one run: instances/s of start -> 3 service tasks -> end.

- in memory, one command at a time;
- durable (SQLite, WAL), one commit per command;
- durable with group commit: ``clients`` commands at a time through :meth:`Engine.run_batch`, one
  commit per group, each command answered after its group's commit (as the gateway does when
  that many clients wait at once).

Run: `python -m bench.durable_throughput [--instances 3000] [--clients 64]`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.engine_runtime import START, THREE_TASKS
from engine.clock import ControlledClock
from engine.runtime import Engine

JOB_TYPES = ("bench-a", "bench-b", "bench-c")


def _one_by_one(engine: Engine, instances: int) -> None:
    for _ in range(instances):
        engine.create_instance("three_tasks", {"amount": 6_000_000})
    for job_type in JOB_TYPES:
        while jobs := engine.activate_jobs(job_type, worker="bench", timeout_ms=60_000, max_jobs=200):
            for job in jobs:
                engine.complete_job(job.key, {"done": job_type})


def _grouped(engine: Engine, instances: int, clients: int) -> None:
    def check(outcomes: list[Any]) -> None:
        errors = [o for o in outcomes if isinstance(o, Exception)]
        if errors:
            raise SystemExit(f"a grouped command failed: {errors[0]!r}")

    for start in range(0, instances, clients):
        group: list[Callable[[], Any]] = [
            lambda: engine.create_instance("three_tasks", {"amount": 6_000_000})
            for _ in range(min(clients, instances - start))
        ]
        check(engine.run_batch(group))
    for job_type in JOB_TYPES:
        while jobs := engine.activate_jobs(job_type, worker="bench", timeout_ms=60_000, max_jobs=clients):
            check(
                engine.run_batch(
                    [lambda key=job.key, t=job_type: engine.complete_job(key, {"done": t}) for job in jobs]
                )
            )


def _rate(open_engine: Callable[[], Engine], run: Callable[[Engine], None], instances: int) -> float:
    engine = open_engine()
    try:
        engine.deploy([("three_tasks.bpmn", THREE_TASKS)])
        started = time.perf_counter()
        run(engine)
        elapsed = time.perf_counter() - started
        ended = sum(
            1
            for r in engine.records.since(0)
            if r.intent == "ELEMENT_COMPLETED" and r.value.get("bpmnElementType") == "PROCESS"
        )
    finally:
        engine.close()
    if ended != instances:
        raise SystemExit(f"only {ended} of {instances} instances completed")
    return instances / elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--instances", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args(argv)
    n = args.instances
    in_memory = _rate(lambda: Engine.in_memory(clock=ControlledClock(START)), lambda e: _one_by_one(e, n), n)
    with tempfile.TemporaryDirectory() as folder:
        durable = _rate(
            lambda: Engine.open(Path(folder) / "single", clock=ControlledClock(START)),
            lambda e: _one_by_one(e, n),
            n,
        )
        grouped = _rate(
            lambda: Engine.open(Path(folder) / "grouped", clock=ControlledClock(START)),
            lambda e: _grouped(e, n, args.clients),
            n,
        )
    print(f"start -> 3 service tasks -> end, {n:,} instances:")
    print(f"  in memory:                          {in_memory:,.0f} instances/s")
    print(f"  durable, one commit per command:    {durable:,.0f} instances/s")
    print(f"  durable, group commit ({args.clients} clients): {grouped:,.0f} instances/s (aim >= 1,000)")


if __name__ == "__main__":
    main()
