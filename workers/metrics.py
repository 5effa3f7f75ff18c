"""Prometheus metrics of job handling, served on ``GOVIT_METRICS_PORT`` when it is set."""

from __future__ import annotations

import time
from contextvars import ContextVar

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from pyzeebe import Job

REGISTRY = CollectorRegistry()

JOBS_HANDLED = Counter(
    "govit_jobs_handled",
    "Jobs a worker finished handling, whatever the outcome",
    ["job_type"],
    registry=REGISTRY,
)
JOBS_FAILED = Counter(
    "govit_jobs_failed",
    "Jobs that did not complete: outcome retry (failed, retries left), incident or bpmn_error",
    ["job_type", "outcome"],
    registry=REGISTRY,
)
JOB_DURATION = Histogram(
    "govit_job_duration_seconds",
    "Time from activation to the end of the handler",
    ["job_type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
    registry=REGISTRY,
)

_started: ContextVar[float] = ContextVar("govit_job_started")


async def start_timer(job: Job) -> Job:
    """pyzeebe ``before`` decorator."""
    _started.set(time.perf_counter())
    return job


async def observe_job(job: Job) -> Job:
    """pyzeebe ``after`` decorator: runs after every job, completed or not."""
    started = _started.get(None)
    if started is not None:
        JOB_DURATION.labels(job.type).observe(time.perf_counter() - started)
    JOBS_HANDLED.labels(job.type).inc()
    return job


def count_failure(job_type: str, outcome: str) -> None:
    JOBS_FAILED.labels(job_type, outcome).inc()


def serve_metrics(port: int) -> None:
    """Serve ``/metrics`` on ``port`` from a daemon thread."""
    start_http_server(port, registry=REGISTRY)
