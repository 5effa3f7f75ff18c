"""Job activation that asks for more jobs as soon as a running one finishes.

pyzeebe's poller, finding a job type at its ``max_running_jobs``, sleeps ``poll_retry_delay``
(5 s) before it looks again. Under a burst that happens after every full batch: the worker
stands idle for seconds while its jobs took milliseconds. Here the poller of a full job type
waits for its jobs to finish instead, then asks for as many jobs as there is room for.

It asks again once ``min_jobs_per_poll`` jobs have finished rather than after every single one:
under a steady stream of slow jobs, polling for each freed slot alone would send the gateway one
activation request per job.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pyzeebe import Job, ZeebeWorker
from pyzeebe.errors import (
    ZeebeBackPressureError,
    ZeebeDeadlineExceeded,
    ZeebeGatewayUnavailableError,
    ZeebeInternalError,
)
from pyzeebe.worker.job_poller import JobPoller
from pyzeebe.worker.task_state import TaskState

from workers.reconnect import Backoff, reached, wait_before_retry

# what an activation meets while the gateway restarts or sheds load; anything else is a defect
_UNREACHABLE = (
    ZeebeGatewayUnavailableError,
    ZeebeInternalError,
    ZeebeDeadlineExceeded,
    ZeebeBackPressureError,
)


class RunningJobs(TaskState):
    """The running jobs of one job type, with a signal each time one of them finishes."""

    def __init__(self) -> None:
        super().__init__()
        self._finished = asyncio.Event()

    def remove(self, job: Job) -> None:
        super().remove(job)
        self._finished.set()

    async def one_finished(self) -> None:
        """Return once a job finishes after this call began."""
        self._finished.clear()
        await self._finished.wait()


class CapacityPoller(JobPoller):
    """Polls while its job type has room for ``min_jobs_per_poll`` jobs; otherwise waits for running
    jobs to finish (never for a fixed delay) until it has.

    ``capacity_waits`` counts the times it found the job type too full to poll and waited.
    """

    task_state: RunningJobs

    def __init__(self, poller: JobPoller, running: RunningJobs, min_jobs_per_poll: int) -> None:
        super().__init__(
            zeebe_adapter=poller.zeebe_adapter,
            task=poller.task,
            queue=poller.queue,
            worker_name=poller.worker_name,
            request_timeout=poller.request_timeout,
            task_state=running,
            poll_retry_delay=poller.poll_retry_delay,
            tenant_ids=poller.tenant_ids,
        )
        config = poller.task.config
        self.min_jobs_per_poll = max(
            1, min(min_jobs_per_poll, config.max_jobs_to_activate, config.max_running_jobs)
        )
        self.capacity_waits = 0
        self.backoff = Backoff()

    async def poll_once(self) -> None:
        """One activation; a gateway out of reach is retried after a back-off (see
        :mod:`workers.reconnect`) instead of pyzeebe's fixed 5 s, unlogged to structlog."""
        try:
            jobs = self.zeebe_adapter.activate_jobs(
                task_type=self.task.type,
                worker=self.worker_name,
                timeout=self.task.config.timeout_ms,
                max_jobs_to_activate=self.calculate_max_jobs_to_activate(),
                variables_to_fetch=self.task.config.variables_to_fetch or [],
                request_timeout=self.request_timeout,
                tenant_ids=self.tenant_ids,
            )
            async for job in jobs:
                self.task_state.add(job)
                await self.queue.put(job)
        except _UNREACHABLE as error:
            await wait_before_retry(self.backoff, self.task.type, error, self.stop_event)
            return
        reached(self.backoff, self.task.type)

    async def activate_max_jobs(self) -> None:
        if self.calculate_max_jobs_to_activate() >= self.min_jobs_per_poll:
            await self.poll_once()
            return
        self.capacity_waits += 1
        # nothing awaits between a check and clearing the signal in one_finished, so a job
        # finishing in between cannot be missed
        while self.calculate_max_jobs_to_activate() < self.min_jobs_per_poll and self.should_poll():
            await self.task_state.one_finished()


class CapacityPollingWorker(ZeebeWorker):
    """A ``ZeebeWorker`` whose pollers wait for room instead of sleeping ``poll_retry_delay``.

    ``min_jobs_per_poll``: how many jobs of a full job type must finish before it polls again.
    """

    def __init__(self, *args: Any, min_jobs_per_poll: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.min_jobs_per_poll = min_jobs_per_poll

    def _init_tasks(self) -> None:
        super()._init_tasks()
        for index, (poller, executor) in enumerate(zip(self._job_pollers, self._job_executors, strict=True)):
            # the poller counts jobs in and the executor counts them out: both must share one state
            running = RunningJobs()
            executor.task_state = running
            self._job_pollers[index] = CapacityPoller(poller, running, self.min_jobs_per_poll)

    @property
    def pollers(self) -> list[CapacityPoller]:
        """The pollers of the current ``work()``, one per job type (empty before it starts)."""
        return [poller for poller in self._job_pollers if isinstance(poller, CapacityPoller)]
