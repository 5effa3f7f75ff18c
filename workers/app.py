"""The worker application: every domain's job types on one pyzeebe worker.

The app owns what every job shares, so the domains stay plain functions behind a router:
failure handling (``on_job_exception``), the log context of a job, metrics, the gateway
connection, and a graceful stop on SIGTERM/SIGINT.
"""

from __future__ import annotations

import asyncio
import functools
import signal
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from typing import Any, Protocol

import grpc
import structlog
from pydantic import ValidationError
from pyzeebe import (
    Job,
    JobController,
    ZeebeTaskRouter,
    create_insecure_channel,
    create_oauth2_client_credentials_channel,
    create_secure_channel,
)
from pyzeebe.job.job_status import JobStatus
from pyzeebe.task.task_builder import build_task
from pyzeebe.task.task_config import TaskConfig

from workers.bearer_channel import bearer_channel
from workers.errors import BusinessRuleError, PermanentJobError
from workers.job_variables import worded
from workers.logging import bind_job
from workers.metrics import count_failure, observe_job, serve_metrics, start_timer
from workers.polling import CapacityPollingWorker
from workers.settings import WorkerSettings

log = structlog.get_logger("workers.app")


def domain_routers() -> list[ZeebeTaskRouter]:
    """One router per domain, each built from its own ``GOVIT_*`` settings."""
    from workers.deadlines.router import create_router as deadlines
    from workers.documents.router import create_router as documents
    from workers.dossier.router import create_router as dossier
    from workers.notifications.router import create_router as notifications
    from workers.registry.router import create_router as registry

    return [registry(), notifications(), deadlines(), documents(), dossier()]


def backoff_ms(retries_left: int, first_ms: int) -> int:
    """Back-off before the next retry: ``first_ms`` after the first of 3 failures, doubled after each."""
    failures_before = max(0, 3 - retries_left)
    return min(first_ms << failures_before, 10 * 60 * 1000)


def describe_validation_error(error: ValidationError) -> str:
    """A handler's own validation, which does not know the model's titles: named by variable."""
    return f"作业变量无效：{worded(error)}"


def exception_handler(retry_backoff_ms: int) -> Callable[[Exception, Job, JobController], Awaitable[None]]:
    """How a job's exception reaches the process.

    ``BusinessRuleError`` throws the BPMN error with its code; ``PermanentJobError`` and invalid
    variables fail the job with no retries left, so Operate shows an incident with the message at
    once; anything else fails it with one retry fewer after a back-off.
    """

    async def on_job_exception(error: Exception, job: Job, controller: JobController) -> None:
        if isinstance(error, BusinessRuleError):
            log.info("bpmn error thrown", error_code=error.code, error_message=error.message)
            count_failure(job.type, "bpmn_error")
            await controller.set_error_status(error.message, error_code=error.code)
        elif isinstance(error, PermanentJobError | ValidationError):
            message = describe_validation_error(error) if isinstance(error, ValidationError) else str(error)
            log.error("job failed for good: incident raised", error_message=message)
            count_failure(job.type, "incident")
            await fail_without_retries(job, controller, message)
        else:
            backoff = backoff_ms(job.retries, retry_backoff_ms)
            log.warning(
                "job failed: will be retried",
                retries_left=max(job.retries - 1, 0),
                backoff_ms=backoff,
                exc_info=error,
            )
            count_failure(job.type, "retry" if job.retries > 1 else "incident")
            await controller.set_failure_status(f"{type(error).__name__}: {error}", retry_back_off_ms=backoff)

    return on_job_exception


async def fail_without_retries(job: Job, controller: JobController, message: str) -> None:
    # JobController.set_failure_status always sends retries - 1; an incident now needs retries 0,
    # which only the adapter's FailJob call can send.
    job._set_status(JobStatus.Failed)
    await controller._zeebe_adapter.fail_job(
        job_key=job.key, retries=0, message=message, retry_back_off_ms=0, variables={}
    )


def run_in_job_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run a synchronous job function in a thread that sees the job's context (its log keys).

    pyzeebe runs synchronous functions with ``run_in_executor``, which does not carry context
    variables into the thread; ``asyncio.to_thread`` does. The signature stays visible through
    ``functools.wraps``, so pyzeebe still finds the variables and the job parameter.
    """
    if asyncio.iscoroutinefunction(function):
        return function

    @functools.wraps(function)
    async def in_thread(*args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(function, *args, **kwargs)

    return in_thread


def adopt(
    router: ZeebeTaskRouter,
    on_exception: Callable[[Exception, Job, JobController], Awaitable[None]],
    settings: WorkerSettings,
) -> ZeebeTaskRouter:
    """A copy of a domain router whose tasks use the app's failure handling, run in the job context
    and take the worker's job limits (``GOVIT_MAX_RUNNING_JOBS``, ``GOVIT_MAX_JOBS_PER_POLL``)."""
    adopted = ZeebeTaskRouter()
    for task in router.tasks:
        config = task.config
        adopted_config = TaskConfig(
            type=config.type,
            exception_handler=on_exception,
            timeout_ms=config.timeout_ms,
            max_jobs_to_activate=settings.max_jobs_per_poll,
            max_running_jobs=settings.max_running_jobs,
            variables_to_fetch=config.variables_to_fetch,
            single_value=config.single_value,
            variable_name=config.variable_name,
            before=list(config.before),
            after=list(config.after),
        )
        # the worker refuses a job type included twice (include_router), so no check is needed here
        adopted.tasks.append(build_task(run_in_job_context(task.original_function), adopted_config))
    return adopted


def build_worker(
    channel: grpc.aio.Channel, routers: Sequence[ZeebeTaskRouter], settings: WorkerSettings
) -> CapacityPollingWorker:
    """A worker serving every task of ``routers``; a job type registered twice is refused here."""
    on_exception = exception_handler(settings.retry_backoff_ms)
    worker = CapacityPollingWorker(
        channel,
        min_jobs_per_poll=settings.min_jobs_per_poll,
        name=settings.worker_name,
        max_connection_retries=-1,  # reconnect forever; workers.reconnect backs off and logs
        before=[bind_job, start_timer],
        after=[observe_job],
        exception_handler=on_exception,
    )
    worker.include_router(*(adopt(router, on_exception, settings) for router in routers))
    return worker


def gateway_channel(settings: WorkerSettings) -> grpc.aio.Channel:
    if settings.uses_oauth:
        return create_oauth2_client_credentials_channel(
            grpc_address=settings.zeebe_address,
            client_id=settings.client_id or "",
            client_secret=settings.client_secret or "",
            authorization_server=settings.authorization_server_url or "",
            audience=settings.token_audience,
        )
    if settings.auth_token:
        # The embedded engine cannot narrow a token to job types (8.8 scopes job work by process
        # definition), so the workers hold the service account's token.
        return bearer_channel(settings.zeebe_address, settings.auth_token, tls=settings.tls)
    if settings.tls:
        return create_secure_channel(grpc_address=settings.zeebe_address)
    return create_insecure_channel(grpc_address=settings.zeebe_address)


class Runnable(Protocol):
    async def work(self) -> None: ...

    async def stop(self) -> None: ...


async def run_until_stopped(worker: Runnable, stop: asyncio.Event, grace_seconds: float) -> None:
    """Work until ``stop`` is set, then stop activating jobs and let running ones finish, within the grace.

    Jobs still running when the grace ends are abandoned: the gateway gives them to a worker again
    once their timeout passes.
    """
    work = asyncio.create_task(worker.work())
    stopping = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({work, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if work in done:
        stopping.cancel()
        work.result()
        return
    log.info("stopping: no new jobs, waiting for running ones", grace_seconds=grace_seconds)
    try:
        await asyncio.wait_for(worker.stop(), timeout=grace_seconds)
    except TimeoutError:
        log.warning("running jobs did not finish within the grace period; they will time out and be retried")
        work.cancel()
    with suppress(asyncio.CancelledError):
        await work
    log.info("stopped")


async def serve(settings: WorkerSettings, routers: Sequence[ZeebeTaskRouter] | None = None) -> None:
    """Serve every job type against the gateway until SIGTERM or SIGINT."""
    routers = domain_routers() if routers is None else routers
    if settings.metrics_port is not None:
        serve_metrics(settings.metrics_port)
    worker = build_worker(gateway_channel(settings), routers, settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    log.info(
        "serving",
        gateway=settings.zeebe_address,
        job_types=sorted(task.type for task in worker.tasks),
        metrics_port=settings.metrics_port,
    )
    try:
        await run_until_stopped(worker, stop, settings.shutdown_grace_seconds)
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
