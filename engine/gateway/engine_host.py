"""Runs the engine on one thread, as one Zeebe partition runs its stream processor.

Every command from every client goes through :meth:`EngineHost.call`, so commands are processed one
at a time, in arrival order. Between commands the same thread runs time-driven work (timers, job
time-outs, retry back-offs) as it falls due. After each command or piece of due work, waiters on
:meth:`EngineHost.changed` are woken: long-polling job activations retry then, instead of polling.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

_IDLE_WAIT_S = 0.5  # upper bound between due-work checks when nothing is scheduled


class HostedEngine(Protocol):
    """What the host needs of the engine beyond the commands clients send."""

    def next_due_ms(self) -> int | None: ...

    def run_due_work(self) -> None: ...

    def close(self) -> None: ...

    def last_position(self) -> int:
        """The position of the newest record: it moves exactly when the state changes."""
        ...

    @property
    def clock(self) -> Any: ...


class Backpressure(Exception):
    """Too many commands are waiting: the client should retry later (RESOURCE_EXHAUSTED)."""


class EngineHost:
    def __init__(self, engine: HostedEngine, *, max_pending: int = 10_000) -> None:
        self.engine = engine
        self._commands: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
        self._max_pending = max_pending
        self._listeners: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._listeners_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="engine", daemon=True)
        self._stopped = False
        self._seen_position = -1
        self._thread.start()

    async def call(self, command: Callable[[], T]) -> T:
        """Process ``command`` on the engine thread and return its result (or raise its error)."""
        if self._commands.qsize() >= self._max_pending:
            raise Backpressure(f"{self._commands.qsize()} commands are waiting to be processed")
        future: Future[T] = Future()
        self._commands.put((command, future))
        return await asyncio.wrap_future(future)

    def changed(self) -> asyncio.Event:
        """An event set at the next state change; each waiter takes a fresh one and waits on it."""
        event = asyncio.Event()
        with self._listeners_lock:
            self._listeners.add((asyncio.get_running_loop(), event))
        return event

    def forget(self, event: asyncio.Event) -> None:
        with self._listeners_lock:
            self._listeners = {entry for entry in self._listeners if entry[1] is not event}

    def stop(self) -> None:
        """Finish the command in progress, refuse the rest, and close the engine."""
        if self._stopped:
            return
        self._stopped = True
        self._commands.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            while True:
                try:
                    item = self._commands.get(timeout=self._seconds_until_due())
                except queue.Empty:
                    self._run_due_work()
                    continue
                if item is None:
                    break
                command, future = item
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(command())
                    except BaseException as error:  # the caller gets every failure, the host lives on
                        future.set_exception(error)
                self._run_due_work()
        finally:
            self._refuse_pending()
            self.engine.close()

    def _seconds_until_due(self) -> float:
        due = self.engine.next_due_ms()
        if due is None:
            return _IDLE_WAIT_S
        now = self.engine.clock.now_ms()
        return max(0.0, min(_IDLE_WAIT_S, (due - now) / 1000))

    def _run_due_work(self) -> None:
        due = self.engine.next_due_ms()
        if due is not None and due <= self.engine.clock.now_ms():
            self.engine.run_due_work()
        position = self.engine.last_position()
        if position != self._seen_position:
            # Waking waiters only on a real change keeps an idle long poll from spinning.
            self._seen_position = position
            self._notify()

    def _notify(self) -> None:
        with self._listeners_lock:
            listeners, self._listeners = self._listeners, set()
        for loop, event in listeners:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    def _refuse_pending(self) -> None:
        while True:
            try:
                item = self._commands.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[1].set_exception(Backpressure("the engine is shutting down"))


def monotonic_deadline(timeout_ms: int) -> float:
    return time.monotonic() + timeout_ms / 1000
