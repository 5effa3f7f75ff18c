"""``POST /v2/jobs/activation``: activate jobs with long polling, as the gateway's ActivateJobs does.

The request waits until at least one job is activated or its ``requestTimeout`` passes (0 means
the gateway's default, a negative value answers at once), on the same change notifications as
the gRPC long poll (:meth:`EngineHost.changed`), so a waiting worker costs nothing until a job of
its type moves."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from engine.gateway.engine_host import EngineHost
from engine.gateway.grpc_service import DEFAULT_LONG_POLL_MS
from engine.gateway.rest.longs import long_field
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import TENANT
from engine.runtime import ActivatedJob


@dataclass(frozen=True)
class Activation:
    job_type: str
    worker: str
    timeout_ms: int
    max_jobs: int
    request_timeout_ms: int
    fetch_variables: list[str] | None


def activation_of(body: dict[str, Any]) -> Activation:
    job_type = body.get("type")
    if not isinstance(job_type, str) or not job_type.strip():
        raise BadRequest("type must be a non-blank job type")
    worker = body.get("worker") or ""
    if not isinstance(worker, str):
        raise BadRequest(f"worker must be a string, got {worker!r}")
    timeout, max_jobs = long_field(body, "timeout"), long_field(body, "maxJobsToActivate")
    if timeout is None:
        raise BadRequest("timeout is required (milliseconds a job stays with this worker)")
    if max_jobs is None:
        raise BadRequest("maxJobsToActivate is required")
    request_timeout = long_field(body, "requestTimeout", default=0) or 0
    if timeout < 1:
        raise BadRequest(f"timeout must be at least 1 ms, got {timeout}")
    if max_jobs < 1:
        raise BadRequest(f"maxJobsToActivate must be at least 1, got {max_jobs}")
    fetch = body.get("fetchVariable")
    if fetch is not None and (not isinstance(fetch, list) or not all(isinstance(n, str) for n in fetch)):
        raise BadRequest("fetchVariable must be a list of variable names")
    tenants = body.get("tenantIds")
    if tenants is not None and (not isinstance(tenants, list) or any(t != TENANT for t in tenants)):
        raise BadRequest(f"tenantIds: this engine has only the tenant {TENANT!r}, got {tenants!r}")
    return Activation(job_type, worker, timeout, max_jobs, request_timeout, fetch or None)


async def activate_for(
    host: EngineHost, request: Activation, disconnected: Callable[[], Awaitable[object]]
) -> list[ActivatedJob]:
    """:func:`activate`, given up when the client hangs up first (``disconnected`` returns then).

    A client that cancels its long poll must not get jobs activated for it afterwards: they would
    stay locked to no one until their timeout. Activation runs synchronously on the loop, so a
    poll is only given up while it waits, never between activating jobs and answering."""
    polling = asyncio.ensure_future(activate(host, request))
    hang_up = asyncio.ensure_future(disconnected())
    try:
        await asyncio.wait({polling, hang_up}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        hang_up.cancel()
    if not polling.done():
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        return []
    return polling.result()


async def activate(host: EngineHost, request: Activation) -> list[ActivatedJob]:
    """The jobs activated for ``request``, waiting for them as the request allows."""
    long_poll_ms = request.request_timeout_ms or DEFAULT_LONG_POLL_MS
    deadline = time.monotonic() + max(long_poll_ms, 0) / 1000
    while True:
        changed = host.changed(request.job_type)
        jobs = await host.call(
            lambda: host.engine.activate_jobs(
                request.job_type,
                worker=request.worker,
                timeout_ms=request.timeout_ms,
                max_jobs=request.max_jobs,
                fetch_variables=request.fetch_variables,
            )
        )
        remaining = deadline - time.monotonic()
        if jobs or request.request_timeout_ms < 0 or remaining <= 0 or host.closing:
            host.forget(changed)
            return jobs
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=remaining)
        finally:
            # a client that hung up cancels the wait; its waiter must not stay registered
            if not changed.is_set():
                host.forget(changed)


def activated_job_json(job: ActivatedJob, kind: str, listener_event_type: str) -> dict[str, Any]:
    return {
        "jobKey": str(job.key),
        "type": job.type,
        "processDefinitionId": job.bpmn_process_id,
        "processDefinitionVersion": job.process_definition_version,
        "processDefinitionKey": str(job.process_definition_key),
        "processInstanceKey": str(job.process_instance_key),
        "elementId": job.element_id,
        "elementInstanceKey": str(job.element_instance_key),
        "customHeaders": dict(job.custom_headers),
        "worker": job.worker,
        "retries": job.retries,
        "deadline": job.deadline_ms,
        "variables": job.variables,
        "tenantId": TENANT,
        "kind": kind,
        "listenerEventType": listener_event_type,
    }
