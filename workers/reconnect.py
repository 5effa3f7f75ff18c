"""Reconnecting to the gateway forever, with back-off, and saying so in the log.

pyzeebe gives its adapter ``max_connection_retries=10`` shared by every job type and never reset:
after one engine or gateway restart the eighteen pollers of ``python -m workers`` used them up in
seconds, the channel was closed and the workers stood still without a word. Here the adapter never
gives up (``max_connection_retries=-1``), and each poller that cannot reach the gateway waits
longer after each failure (:class:`Backoff`, up to :data:`LONGEST_WAIT_SECONDS`), logs every
attempt with the job type and the wait, logs when the gateway answers again, and starts over from
the shortest wait.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import grpc
import structlog

log = structlog.get_logger("workers.reconnect")

SHORTEST_WAIT_SECONDS = 0.5
LONGEST_WAIT_SECONDS = 30.0


@dataclass
class Backoff:
    """Waits of ``shortest``, doubled after each failure up to ``longest``; reset on success."""

    shortest: float = SHORTEST_WAIT_SECONDS
    longest: float = LONGEST_WAIT_SECONDS
    failures: int = 0

    def next_wait(self) -> float:
        wait = min(self.longest, self.shortest * 2.0**self.failures)
        self.failures += 1
        return wait

    def succeeded(self) -> int:
        """Forget the failures; returns how many there were."""
        failures, self.failures = self.failures, 0
        return failures


async def wait_before_retry(backoff: Backoff, job_type: str, error: Exception, stop: asyncio.Event) -> None:
    """Log the failed attempt and wait the back-off, or less if the worker is stopping."""
    wait = backoff.next_wait()
    log.warning(
        "gateway unreachable; retrying",
        job_type=job_type,
        attempt=backoff.failures,
        retry_in_s=wait,
        error=_describe(error),
    )
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=wait)


def reached(backoff: Backoff, job_type: str) -> None:
    """An activation went through: log the recovery once, after failures."""
    failures = backoff.succeeded()
    if failures:
        log.info("gateway reachable again", job_type=job_type, failed_attempts=failures)


def _describe(error: Exception) -> str:
    """The status the gateway answered (pyzeebe's errors wrap the gRPC error they stand for)."""
    cause = getattr(error, "grpc_error", None)
    if isinstance(cause, grpc.aio.AioRpcError):
        return f"{type(error).__name__}: {cause.code().name} {cause.details() or ''}".rstrip()
    return f"{type(error).__name__}: {error!r}"
