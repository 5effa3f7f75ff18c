"""Runs engine commands for the asynchronous servers and tells waiters when the engine's state moved.

Commands run on the event loop's thread, one at a time in arrival order: the engine is a single
writer whose commands take well under a millisecond, and handing each to a worker thread cost more
(a thread switch and a loop wake-up per request) than the command itself.

Commands that arrive while others wait their turn are committed together (group commit): the
first command of a turn schedules the turn's end on the loop; every command that arrives before
it joins, and :meth:`Engine.run_batch` processes them in arrival order and commits them in one
transaction. Each caller gets its answer only after that commit, so nothing is acknowledged that
a crash could lose; a single client sees no difference, many clients share one commit.

Long polls wait on :meth:`EngineHost.changed` instead of polling. A waiter for jobs of one type
wakes only when the records written since it started waiting touch a job of that type (or an
incident, which may release one): with many workers of different types waiting, one job's
completion does not send every one of them back to the engine.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import structlog

from engine.runtime import ActivatedJob, Engine
from engine.runtime.records import Record

T = TypeVar("T")
log = structlog.get_logger("engine.gateway")


@dataclass(frozen=True)
class _Waiter:
    loop: asyncio.AbstractEventLoop
    event: asyncio.Event
    job_type: str | None


@dataclass(eq=False)
class JobStream:
    """One ``StreamActivatedJobs`` call: the activation properties and the jobs pushed to it."""

    job_type: str
    worker: str
    timeout_ms: int
    fetch_variables: list[str] | None
    loop: asyncio.AbstractEventLoop
    _pushed: asyncio.Queue[ActivatedJob | None] = field(default_factory=asyncio.Queue)

    async def next_job(self) -> ActivatedJob | None:
        """The next pushed job; None once the host shuts down."""
        return await self._pushed.get()

    def push(self, job: ActivatedJob | None) -> None:
        """Hand a job (None: the end) to the stream's caller, from any thread."""
        if self.loop.is_closed():
            return
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if current is self.loop:
            self._pushed.put_nowait(job)
        else:
            self.loop.call_soon_threadsafe(self._pushed.put_nowait, job)


class EngineHost:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._waiters: list[_Waiter] = []
        self._streams: dict[str, list[JobStream]] = {}
        self._waiters_lock = threading.Lock()
        self._seen = len(engine.records)
        self.closing = False
        # the commands of the current turn, with the futures their callers await
        self._turn: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        engine.add_listener(self._on_engine_change)

    async def call(self, command: Callable[[], T]) -> T:
        """Run ``command`` (one engine command, or a read) in its turn and return its result once
        committed, or raise its error."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._turn.append((command, future))
        if len(self._turn) == 1:
            loop.call_soon(self._end_turn)
        return cast(T, await future)

    def _end_turn(self) -> None:
        turn, self._turn = self._turn, []
        try:
            outcomes = self.engine.run_batch([command for command, _ in turn])
        except BaseException as error:  # no caller may wait forever
            for _, future in turn:
                if not future.done():
                    future.set_exception(error)
            raise
        for (_, future), outcome in zip(turn, outcomes, strict=True):
            if future.cancelled():
                continue  # the caller went away; its command ran and was committed all the same
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)

    def changed(self, job_type: str | None = None) -> asyncio.Event:
        """An event set at the next state change (that concerns jobs of ``job_type``, if given).

        Take it before looking, then wait on it: a change in between still sets it.
        """
        event = asyncio.Event()
        if self.closing:
            event.set()
            return event
        with self._waiters_lock:
            self._waiters.append(_Waiter(asyncio.get_running_loop(), event, job_type))
        return event

    def forget(self, event: asyncio.Event) -> None:
        with self._waiters_lock:
            self._waiters = [waiter for waiter in self._waiters if waiter.event is not event]

    def open_stream(
        self, job_type: str, *, worker: str, timeout_ms: int, fetch_variables: list[str] | None
    ) -> JobStream:
        """Register a job stream; from now on jobs of ``job_type`` that become activatable are
        pushed to it (or to another stream of that type). Close it with :meth:`close_stream`."""
        stream = JobStream(job_type, worker, timeout_ms, fetch_variables, asyncio.get_running_loop())
        if self.closing:
            stream.push(None)
            return stream
        with self._waiters_lock:
            self._streams.setdefault(job_type, []).append(stream)
        return stream

    def close_stream(self, stream: JobStream) -> None:
        with self._waiters_lock:
            streams = self._streams.get(stream.job_type, [])
            if stream in streams:
                streams.remove(stream)
            if not streams:
                self._streams.pop(stream.job_type, None)

    @property
    def waiting(self) -> int:
        """How many waiters wait for a change (long polls and streams)."""
        with self._waiters_lock:
            return len(self._waiters) + sum(len(streams) for streams in self._streams.values())

    def release_waiters(self) -> None:
        """Shutting down: wake every waiter now and let no one wait again, so that long polls
        answer (empty) and job streams end instead of being cut off at the end of the grace period."""
        self.closing = True
        with self._waiters_lock:
            waiters, self._waiters = self._waiters, []
            streams, self._streams = self._streams, {}
        self._wake(waiters)
        for of_type in streams.values():
            for stream in of_type:
                stream.push(None)

    def stop(self) -> None:
        """Close the engine (the servers have stopped taking commands)."""
        self.engine.remove_listener(self._on_engine_change)
        self.engine.close()

    def _on_engine_change(self) -> None:
        # Called by the engine, holding its lock, after each command or due work, on whichever
        # thread ran it: the records from _seen on are exactly those not yet looked at.
        size = len(self.engine.records)
        if size == self._seen:
            return
        start, self._seen = self._seen, size
        records = self.engine.records[start:size]
        with self._waiters_lock:
            waiters = self._waiters
            streamed = bool(self._streams)
        if streamed:
            self._push(records)
        if not waiters:
            return
        touched: set[str] | None = None
        if any(waiter.job_type is not None for waiter in waiters):
            touched = _job_types_touched(records)
        wake: list[_Waiter] = []
        with self._waiters_lock:
            keep: list[_Waiter] = []
            for waiter in self._waiters:
                concerned = waiter.job_type is None or touched is None or waiter.job_type in touched
                (wake if concerned else keep).append(waiter)
            self._waiters = keep
        self._wake(wake)

    def _push(self, records: Iterable[Record]) -> None:
        """Push the jobs these records made activatable to a stream of their type, as activations
        of that stream's worker. Runs on the engine's thread, holding its lock, so the activation
        directly follows the records, before any other command."""
        for job_type, keys in _jobs_made_activatable(records, self.engine).items():
            with self._waiters_lock:
                streams = self._streams.get(job_type)
                if not streams:
                    continue
                stream = streams.pop(0)  # one stream gets the jobs; the next turn goes to the next
                streams.append(stream)
            # the engine hands out the oldest activatable jobs first, so only as many as lead that
            # order are pushed; jobs behind one that waited before the stream opened stay for polls
            count = 0
            for row in self.engine.jobs(job_type):
                if not row.get("activatable"):
                    continue
                if row["key"] not in keys:
                    break
                count += 1
            if not count:
                continue
            try:
                jobs = self.engine.activate_jobs(
                    job_type,
                    worker=stream.worker,
                    timeout_ms=stream.timeout_ms,
                    max_jobs=count,
                    fetch_variables=stream.fetch_variables,
                )
            except Exception:
                # a listener must not fail the command that triggered it; the jobs stay for polls
                log.exception("pushing jobs to a stream failed", job_type=job_type)
                continue
            for job in jobs:
                stream.push(job)

    @staticmethod
    def _wake(waiters: list[_Waiter]) -> None:
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for waiter in waiters:
            if waiter.loop is current:
                waiter.event.set()
            elif not waiter.loop.is_closed():
                waiter.loop.call_soon_threadsafe(waiter.event.set)


def _job_types_touched(records: Iterable[Record]) -> set[str] | None:
    """The job types of the JOB and JOB_BATCH records; None (anything) when an incident changed."""
    types: set[str] = set()
    for record in records:
        if record.value_type in ("JOB", "JOB_BATCH"):
            job_type = record.value.get("type")
            if isinstance(job_type, str):
                types.add(job_type)
        elif record.value_type == "INCIDENT":
            return None
    return types


_MADE_ACTIVATABLE = frozenset({"CREATED", "TIMED_OUT", "RECURRED_AFTER_BACKOFF"})


def _jobs_made_activatable(records: Iterable[Record], engine: Engine) -> dict[str, set[int]]:
    """Job keys by type that these records made activatable: where Zeebe calls ``publishWork``
    (job created, failed with retries and no back-off, timed out, recurred, incident resolved)."""
    made: dict[str, set[int]] = {}
    resolved: set[int] = set()
    for record in records:
        if record.record_type != "EVENT":
            continue
        value = record.value
        if record.value_type == "JOB":
            retry_now = record.intent == "FAILED" and value["retries"] > 0 and value["retryBackoff"] <= 0
            if record.intent in _MADE_ACTIVATABLE or retry_now:
                made.setdefault(value["type"], set()).add(record.key)
        elif record.value_type == "INCIDENT" and record.intent == "RESOLVED" and value.get("jobKey", -1) > 0:
            resolved.add(value["jobKey"])
    if resolved:
        for row in engine.jobs():
            if row["key"] in resolved:
                made.setdefault(row["type"], set()).add(row["key"])
    return made
