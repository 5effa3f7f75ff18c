"""Runs engine commands for the asynchronous servers and tells waiters when the engine's state moved.

Commands run on the event loop's thread, one at a time in arrival order: the engine is a single
writer whose commands take well under a millisecond, and handing each to a worker thread cost more
(a thread switch and a loop wake-up per request) than the command itself. Long polls wait on
:meth:`EngineHost.changed` instead of polling; waiters wake only when the record log grew, so an
empty activation does not wake the next.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from engine.runtime import Engine

T = TypeVar("T")


class EngineHost:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._listeners: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._listeners_lock = threading.Lock()
        self._seen = len(engine.records)
        engine.add_listener(self._on_engine_change)

    async def call(self, command: Callable[[], T]) -> T:
        """Run ``command`` (one engine command) and return its result, or raise its error."""
        return command()

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
        """Close the engine (the servers have stopped taking commands)."""
        self.engine.remove_listener(self._on_engine_change)
        self.engine.close()

    def _on_engine_change(self) -> None:
        # Called by the engine after each command or due work, from whichever thread ran it.
        size = len(self.engine.records)
        if size == self._seen:
            return
        self._seen = size
        with self._listeners_lock:
            if not self._listeners:
                return
            listeners, self._listeners = self._listeners, []
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for loop, event in listeners:
            if loop is current:
                event.set()
            elif not loop.is_closed():
                loop.call_soon_threadsafe(event.set)
