"""Runs engine commands for the asynchronous servers and tells waiters when the engine's state moved.

Commands run on the event loop's thread, one at a time in arrival order: the engine is a single
writer whose commands take well under a millisecond, and handing each to a worker thread cost more
(a thread switch and a loop wake-up per request) than the command itself.

Long polls wait on :meth:`EngineHost.changed` instead of polling. A waiter for jobs of one type
wakes only when the records written since it started waiting touch a job of that type (or an
incident, which may release one): with many workers of different types waiting, one job's
completion does not send every one of them back to the engine.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from engine.runtime import Engine
from engine.runtime.records import Record

T = TypeVar("T")


@dataclass(frozen=True)
class _Waiter:
    loop: asyncio.AbstractEventLoop
    event: asyncio.Event
    job_type: str | None


class EngineHost:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._waiters: list[_Waiter] = []
        self._waiters_lock = threading.Lock()
        self._seen = len(engine.records)
        engine.add_listener(self._on_engine_change)

    async def call(self, command: Callable[[], T]) -> T:
        """Run ``command`` (one engine command) and return its result, or raise its error."""
        return command()

    def changed(self, job_type: str | None = None) -> asyncio.Event:
        """An event set at the next state change (that concerns jobs of ``job_type``, if given).

        Take it before looking, then wait on it: a change in between still sets it.
        """
        event = asyncio.Event()
        with self._waiters_lock:
            self._waiters.append(_Waiter(asyncio.get_running_loop(), event, job_type))
        return event

    def forget(self, event: asyncio.Event) -> None:
        with self._waiters_lock:
            self._waiters = [waiter for waiter in self._waiters if waiter.event is not event]

    @property
    def waiting(self) -> int:
        """How many waiters wait for a change (long polls and streams)."""
        return len(self._waiters)

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
        with self._waiters_lock:
            waiters = self._waiters
        if not waiters:
            return
        touched: set[str] | None = None
        if any(waiter.job_type is not None for waiter in waiters):
            touched = _job_types_touched(self.engine.records[start:size])
        wake: list[_Waiter] = []
        with self._waiters_lock:
            keep: list[_Waiter] = []
            for waiter in self._waiters:
                concerned = waiter.job_type is None or touched is None or waiter.job_type in touched
                (wake if concerned else keep).append(waiter)
            self._waiters = keep
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for waiter in wake:
            if waiter.loop is current:
                waiter.event.set()
            elif not waiter.loop.is_closed():
                waiter.loop.call_soon_threadsafe(waiter.event.set)


def _job_types_touched(records: Iterable[Record]) -> set[str] | None:
    """The job types of the JOB records; None (anything) when an incident changed."""
    types: set[str] = set()
    for record in records:
        if record.value_type == "JOB":
            types.add(record.value["type"])
        elif record.value_type == "INCIDENT":
            return None
    return types
