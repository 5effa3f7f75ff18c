"""Job activation that asks for more jobs as soon as a running one finishes.

pyzeebe's poller, finding a job type at its ``max_running_jobs``, sleeps ``poll_retry_delay``
(5 s) before it looks again. Under a burst that happens after every full batch: the worker
stands idle for seconds while its jobs took milliseconds. Here the poller of a full job type
waits for one of its jobs to finish instead, then asks for as many jobs as there is room for.
"""

from __future__ import annotations

import asyncio

from pyzeebe import Job, ZeebeWorker
from pyzeebe.worker.job_poller import JobPoller
from pyzeebe.worker.task_state import TaskState


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
    """Polls while its job type has room; when full, waits for a job to finish rather than a delay.

    ``capacity_waits`` counts the times it found the job type full and waited.
    """

    task_state: RunningJobs

    def __init__(self, poller: JobPoller, running: RunningJobs) -> None:
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
        self.capacity_waits = 0

    async def activate_max_jobs(self) -> None:
        if self.calculate_max_jobs_to_activate() > 0:
            await self.poll_once()
        else:
            # nothing awaits between the check above and clearing the signal in one_finished,
            # so a job finishing in between cannot be missed
            self.capacity_waits += 1
            await self.task_state.one_finished()


class CapacityPollingWorker(ZeebeWorker):
    """A ``ZeebeWorker`` whose pollers wait for a free slot instead of sleeping ``poll_retry_delay``."""

    def _init_tasks(self) -> None:
        super()._init_tasks()
        for index, (poller, executor) in enumerate(zip(self._job_pollers, self._job_executors, strict=True)):
            # the poller counts jobs in and the executor counts them out: both must share one state
            running = RunningJobs()
            executor.task_state = running
            self._job_pollers[index] = CapacityPoller(poller, running)

    @property
    def pollers(self) -> list[CapacityPoller]:
        """The pollers of the current ``work()``, one per job type (empty before it starts)."""
        return [poller for poller in self._job_pollers if isinstance(poller, CapacityPoller)]
