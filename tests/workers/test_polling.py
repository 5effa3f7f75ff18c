"""The capacity poller: a job type at its limit polls again when a job finishes, not after a delay.

A fake gateway adapter hands out a burst of jobs and records every activation request; jobs
"finish" when the test removes them from the running set. Nothing here waits on a clock: the
event loop is only given turns, so a poller that sleeps its ``poll_retry_delay`` never polls again.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncGenerator, Callable
from typing import Any

import grpc
import pytest
from pyzeebe import Job, ZeebeTaskRouter
from pyzeebe.task.task import Task
from pyzeebe.worker.job_poller import JobPoller
from pyzeebe.worker.task_state import TaskState

from workers.app import build_worker
from workers.polling import CapacityPoller, CapacityPollingWorker, RunningJobs
from workers.settings import SettingsError, WorkerSettings


class BurstAdapter:
    """Stands in for pyzeebe's gateway adapter with ``jobs`` jobs waiting to be activated."""

    connected = True
    retrying_connection = False

    def __init__(self, jobs: int) -> None:
        self.waiting = jobs
        self.requests: list[int] = []
        self.keys = itertools.count(2251799813685300)

    async def activate_jobs(self, *, max_jobs_to_activate: int, **_: Any) -> AsyncGenerator[Job, None]:
        self.requests.append(max_jobs_to_activate)
        count = min(max_jobs_to_activate, self.waiting)
        if count == 0:
            await asyncio.Event().wait()  # a long poll with nothing to hand out
        self.waiting -= count
        for _ in range(count):
            yield job(next(self.keys))


def job(key: int) -> Job:
    return Job(
        key=key,
        type="govit.test.burst",
        process_instance_key=key - 50,
        bpmn_process_id="lg-project-application",
        process_definition_version=1,
        process_definition_key=2251799813685100,
        element_id="Task_Burst",
        element_instance_key=key - 10,
        custom_headers={},
        worker="test-worker",
        retries=3,
        deadline=0,
        variables={},
    )


def burst_task(max_running_jobs: int, max_jobs_to_activate: int) -> Task:
    router = ZeebeTaskRouter()

    @router.task(
        "govit.test.burst", max_running_jobs=max_running_jobs, max_jobs_to_activate=max_jobs_to_activate
    )
    def burst() -> dict[str, Any]:
        return {}

    return router.tasks[0]


def pyzeebe_poller(adapter: BurstAdapter, task: Task, state: TaskState) -> JobPoller:
    return JobPoller(
        zeebe_adapter=adapter,  # type: ignore[arg-type]
        task=task,
        queue=asyncio.Queue(),
        worker_name="test-worker",
        request_timeout=0,
        task_state=state,
        poll_retry_delay=5,
        tenant_ids=None,
    )


async def turns_until(condition: Callable[[], bool], turns: int = 200) -> bool:
    """Give the event loop up to ``turns`` turns (no clock time) for ``condition`` to hold."""
    for _ in range(turns):
        if condition():
            return True
        await asyncio.sleep(0)
    return condition()


def finish(poller: JobPoller, count: int) -> None:
    for _ in range(count):
        finished = poller.queue.get_nowait()
        poller.task_state.remove(finished)


async def test_a_full_job_type_polls_again_once_enough_of_its_jobs_finished() -> None:
    adapter, running = BurstAdapter(jobs=100), RunningJobs()
    poller = CapacityPoller(pyzeebe_poller(adapter, burst_task(32, 32), TaskState()), running, 8)
    polling = asyncio.create_task(poller.poll())
    try:
        assert await turns_until(lambda: poller.capacity_waits == 1)
        assert (adapter.requests, running.count_active()) == ([32], 32)

        finish(poller, 5)
        assert not await turns_until(lambda: len(adapter.requests) == 2)  # room for 5: not yet
        finish(poller, 3)
        assert await turns_until(lambda: len(adapter.requests) == 2)
        assert adapter.requests == [32, 8]
        assert await turns_until(lambda: poller.capacity_waits == 2)
        assert running.count_active() == 32
    finally:
        polling.cancel()


async def test_the_smallest_poll_is_capped_by_the_job_types_limits() -> None:
    adapter = BurstAdapter(jobs=10)
    poller = CapacityPoller(pyzeebe_poller(adapter, burst_task(4, 2), TaskState()), RunningJobs(), 8)
    assert poller.min_jobs_per_poll == 2
    polling = asyncio.create_task(poller.poll())
    try:
        assert await turns_until(lambda: poller.capacity_waits == 1)
        assert adapter.requests == [2, 2]
        finish(poller, 2)
        assert await turns_until(lambda: adapter.requests == [2, 2, 2])
    finally:
        polling.cancel()


async def test_a_burst_larger_than_a_batch_drains_with_no_poll_delayed() -> None:
    adapter, running = BurstAdapter(jobs=500), RunningJobs()
    poller = CapacityPoller(pyzeebe_poller(adapter, burst_task(32, 32), TaskState()), running, 8)
    polling = asyncio.create_task(poller.poll())
    try:
        while adapter.waiting:
            assert await turns_until(lambda: poller.queue.qsize() == 32 or not adapter.waiting)
            finish(poller, poller.queue.qsize())
        assert await turns_until(lambda: adapter.requests[-1] == 12)  # long-polls for the room left
        assert adapter.requests == [32] * 16 + [12]
        assert poller.capacity_waits == 15  # full after each of the 15 full batches, never slept
    finally:
        polling.cancel()


async def test_pyzeebes_own_poller_sleeps_when_full_which_is_why_the_app_replaces_it() -> None:
    adapter, state = BurstAdapter(jobs=100), TaskState()
    poller = pyzeebe_poller(adapter, burst_task(32, 32), state)
    polling = asyncio.create_task(poller.poll())
    try:
        assert await turns_until(lambda: state.count_active() == 32)
        finish(poller, 5)
        assert not await turns_until(lambda: len(adapter.requests) == 2)
    finally:
        polling.cancel()


async def test_the_app_worker_uses_capacity_pollers_with_the_settings_limits() -> None:
    channel = grpc.aio.insecure_channel("127.0.0.1:1")
    router = ZeebeTaskRouter()

    @router.task("govit.test.burst")
    def burst() -> dict[str, Any]:
        return {}

    settings = WorkerSettings(max_running_jobs=8, max_jobs_per_poll=4, min_jobs_per_poll=3)
    worker = build_worker(channel, [router], settings)
    assert isinstance(worker, CapacityPollingWorker)
    worker._init_tasks()
    (poller,) = worker.pollers
    (executor,) = worker._job_executors
    assert executor.task_state is poller.task_state
    config = poller.task.config
    assert (config.max_running_jobs, config.max_jobs_to_activate, poller.min_jobs_per_poll) == (8, 4, 3)
    await channel.close()


def test_job_limits_come_from_the_environment() -> None:
    settings = WorkerSettings.from_env(
        {"GOVIT_MAX_RUNNING_JOBS": "64", "GOVIT_MAX_JOBS_PER_POLL": "16", "GOVIT_MIN_JOBS_PER_POLL": "4"}
    )
    assert (settings.max_running_jobs, settings.max_jobs_per_poll, settings.min_jobs_per_poll) == (64, 16, 4)
    defaults = WorkerSettings()
    assert (defaults.max_running_jobs, defaults.max_jobs_per_poll, defaults.min_jobs_per_poll) == (32, 32, 8)
    with pytest.raises(SettingsError, match="GOVIT_MIN_JOBS_PER_POLL"):
        WorkerSettings.from_env({"GOVIT_MIN_JOBS_PER_POLL": "0"})
