"""The embedded engine in-process: throughput, memory per waiting instance, recovery, timers.

- instances/s of start -> 3 service tasks -> end, jobs activated and completed in-process;
- memory (RSS growth) per instance waiting at a user task with a boundary timer, 10,000 instances;
- time to reopen a durable engine holding those 10,000 instances;
- time to advance the clock past 1,000 due timers.

Run: `python -m bench.engine_runtime [--instances 2000] [--waiting 10000] [--timers 1000]`.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from engine.clock import ControlledClock
from engine.runtime import Engine

T = TypeVar("T")

START = "2026-09-30T09:00:00+08:00"

_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench" targetNamespace="bench">\n'
)


def _service(task_id: str, job_type: str) -> str:
    return (
        f'<bpmn:serviceTask id="{task_id}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}"/></bpmn:extensionElements></bpmn:serviceTask>'
    )


THREE_TASKS = (
    _HEADER
    + '<bpmn:process id="three_tasks" isExecutable="true"><bpmn:startEvent id="start"/>'
    + _service("a", "bench-a")
    + _service("b", "bench-b")
    + _service("c", "bench-c")
    + '<bpmn:endEvent id="end"/>'
    + '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a"/>'
    + '<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b"/>'
    + '<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c"/>'
    + '<bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="end"/>'
    + "</bpmn:process></bpmn:definitions>"
).encode()

WAITING = (
    _HEADER
    + '<bpmn:process id="waiting" isExecutable="true"><bpmn:startEvent id="start"/>'
    + '<bpmn:userTask id="review" name="审核"><bpmn:extensionElements><zeebe:userTask/>'
    + '<zeebe:assignmentDefinition candidateGroups="ita-reviewers"/></bpmn:extensionElements></bpmn:userTask>'
    + '<bpmn:boundaryEvent id="overdue" attachedToRef="review" cancelActivity="false">'
    + "<bpmn:timerEventDefinition><bpmn:timeDuration>=reminderAfter</bpmn:timeDuration>"
    + "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    + '<bpmn:endEvent id="reminded"/><bpmn:endEvent id="end"/>'
    + '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>'
    + '<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>'
    + '<bpmn:sequenceFlow id="f3" sourceRef="overdue" targetRef="reminded"/>'
    + "</bpmn:process></bpmn:definitions>"
).encode()


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def throughput(instances: int) -> float:
    engine = Engine.in_memory(clock=ControlledClock(START))
    engine.deploy([("three_tasks.bpmn", THREE_TASKS)])
    started = time.perf_counter()
    for _ in range(instances):
        engine.create_instance("three_tasks", {"amount": 6_000_000})
    for job_type in ("bench-a", "bench-b", "bench-c"):
        while jobs := engine.activate_jobs(job_type, worker="bench", timeout_ms=60_000, max_jobs=200):
            for job in jobs:
                engine.complete_job(job.key, {"done": job_type})
    elapsed = time.perf_counter() - started
    engine.close()
    return instances / elapsed


def _fill(engine: Engine, waiting: int) -> None:
    engine.deploy([("waiting.bpmn", WAITING)])
    for _ in range(waiting):
        engine.create_instance("waiting", {"reminderAfter": "P5D"})


def _memory_in_memory(waiting: int) -> float:
    gc.collect()
    before = _rss_bytes()
    engine = Engine.in_memory(clock=ControlledClock(START))
    _fill(engine, waiting)
    gc.collect()
    return (_rss_bytes() - before) / waiting


def _memory_durable_and_recovery(waiting: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        gc.collect()
        before = _rss_bytes()
        durable = Engine.open(data_dir, clock=ControlledClock(START))
        _fill(durable, waiting)
        gc.collect()
        per_instance = (_rss_bytes() - before) / waiting
        durable.close()
        started = time.perf_counter()
        reopened = Engine.open(data_dir, clock=ControlledClock(START))
        recovery = time.perf_counter() - started
        open_tasks = len(reopened.user_tasks())
        reopened.close()
    if open_tasks != waiting:
        raise SystemExit(f"recovery lost instances: {open_tasks} of {waiting} user tasks are open")
    return per_instance, recovery


def _in_child(function: Callable[[int], T], argument: int) -> T:
    """Run in a fresh process, so memory another measurement freed does not hide this one's growth."""
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, argument).result()


def timers(count: int) -> float:
    engine = Engine.in_memory(clock=ControlledClock(START))
    engine.deploy([("waiting.bpmn", WAITING)])
    for index in range(count):
        engine.create_instance("waiting", {"reminderAfter": f"PT{index + 1}M"})
    clock = engine.clock
    assert isinstance(clock, ControlledClock)
    started = time.perf_counter()
    clock.advance(f"PT{count + 1}M")
    elapsed = time.perf_counter() - started
    fired = sum(1 for r in engine.records if r.value_type == "TIMER" and r.intent == "TRIGGERED")
    engine.close()
    if fired != count:
        raise SystemExit(f"advancing the clock fired {fired} of {count} timers")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--waiting", type=int, default=10_000)
    parser.add_argument("--timers", type=int, default=1000)
    args = parser.parse_args(argv)
    rate = throughput(args.instances)
    print(f"start -> 3 service tasks -> end: {rate:,.0f} instances/s (aim >= 500)")
    in_memory = _in_child(_memory_in_memory, args.waiting)
    on_disk, recovery = _in_child(_memory_durable_and_recovery, args.waiting)
    print(
        f"waiting at a user task with a boundary timer: {in_memory / 1024:,.1f} KB/instance in memory, "
        f"{on_disk / 1024:,.1f} KB/instance durable (aim <= 50)"
    )
    print(f"reopening a durable engine with {args.waiting:,} waiting instances: {recovery:.2f} s (aim <= 10)")
    print(f"advancing the clock past {args.timers:,} due timers: {timers(args.timers):.2f} s")


if __name__ == "__main__":
    main()
