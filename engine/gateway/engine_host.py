"""Runs engine commands for the asynchronous servers and tells waiters when the engine's state moved.

The engine serialises commands itself and runs its own timer thread; the host adds what a network
front needs: commands leave the event loop for one worker thread in arrival order, too many waiting
commands are refused (backpressure), and long polls wait on :meth:`EngineHost.changed` instead of
polling. Waiters wake only when the record log grew, so an empty activation does not wake the next.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from engine.runtime import Engine

T = TypeVar("T")


class Backpressure(Exception):
    """Too many commands are waiting: the client should retry later (RESOURCE_EXHAUSTED)."""


class EngineHost:
    def __init__(self, engine: Engine, *, max_pending: int = 10_000) -> None:
        self.engine = engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine-command")
        self._max_pending = max_pending
        self._pending = 0
        self._pending_lock = threading.Lock()
        self._listeners: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._listeners_lock = threading.Lock()
        self._seen = len(engine.records)
        engine.add_listener(self._on_engine_change)

    async def call(self, command: Callable[[], T]) -> T:
        """Run ``command`` on the command thread and return its result (or raise its error)."""
        with self._pending_lock:
            if self._pending >= self._max_pending:
                raise Backpressure(f"{self._pending} commands are waiting to be processed; retry later")
            self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, command)
        finally:
            with self._pending_lock:
                self._pending -= 1

    def changed(self) -> asyncio.Event:
        """An event set at the next state change; take it before looking, then wait on it."""
        event = asyncio.Event()
        with self._listeners_lock:
            self._listeners.append((asyncio.get_running_loop(), event))
        return event

    def forget(self, event: asyncio.Event) -> None:
        with self._listeners_lock:
            self._listeners = [entry for entry in self._listeners if entry[1] is not event]

    def stop(self) -> None:
        """Let the commands in progress finish, then close the engine."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.engine.remove_listener(self._on_engine_change)
        self.engine.close()

    def _on_engine_change(self) -> None:
        size = len(self.engine.records)
        if size == self._seen:
            return
        self._seen = size
        with self._listeners_lock:
            listeners, self._listeners = self._listeners, []
        for loop, event in listeners:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)
