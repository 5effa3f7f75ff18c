"""The engine's clock: real time in production, controllable time in tests.

A :class:`ControlledClock` behaves like zeebe-process-test's ``increaseTime``: advancing it fires
every timer (and every job time-out or retry back-off) that falls due on the way, in due order, each
at its own instant, so a process sees the same sequence of times it would see in real life.
"""

from __future__ import annotations

import datetime as _dt
import threading
from typing import Protocol

from engine.bpmn.timers import add_duration, parse_duration


class Clock(Protocol):
    """What the engine needs from a clock."""

    def now(self) -> _dt.datetime:
        """The current instant, zone-aware."""
        ...

    def now_ms(self) -> int:
        """The current instant as epoch milliseconds."""
        ...

    def attach(self, on_due: DueWorkRunner) -> None:
        """Called by the engine that uses this clock; a controlled clock drives it when advanced."""
        ...


class DueWorkRunner(Protocol):
    def next_due_ms(self) -> int | None:
        """The earliest instant (epoch ms) at which time-driven work is due, or None."""
        ...

    def run_due_work(self) -> None:
        """Process everything due at the clock's current instant."""
        ...


_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)


def to_ms(instant: _dt.datetime) -> int:
    return (instant - _EPOCH) // _dt.timedelta(milliseconds=1)


class SystemClock:
    """Wall-clock time; the engine runs a scheduler thread for due timers."""

    def __init__(self, zone: _dt.tzinfo | None = None) -> None:
        self._zone = zone or _dt.UTC

    def now(self) -> _dt.datetime:
        return _dt.datetime.now(self._zone)

    def now_ms(self) -> int:
        return to_ms(self.now())

    def attach(self, on_due: DueWorkRunner) -> None:
        """Real time needs no driving: the engine polls for due work itself."""


class ControlledClock:
    """A clock that only moves when told to; moving it fires what falls due, in order."""

    def __init__(self, start: str | _dt.datetime | None = None) -> None:
        if start is None:
            instant = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
        elif isinstance(start, str):
            instant = _dt.datetime.fromisoformat(start)
        else:
            instant = start
        if instant.tzinfo is None:
            raise ValueError(f"clock start {start!r} needs a zone offset, e.g. 2026-09-30T09:00:00+08:00")
        self._now = instant
        self._runners: list[DueWorkRunner] = []
        self._lock = threading.RLock()

    def now(self) -> _dt.datetime:
        return self._now

    def now_ms(self) -> int:
        return to_ms(self._now)

    def attach(self, on_due: DueWorkRunner) -> None:
        self._runners.append(on_due)

    def advance(self, by: str | _dt.timedelta) -> None:
        """Move time forward by an ISO-8601 duration ("P5D", "PT30M", "P1M") or a timedelta."""
        target = add_duration(self._now, parse_duration(by)) if isinstance(by, str) else self._now + by
        self.advance_to(target)

    def advance_to(self, target: _dt.datetime | str) -> None:
        """Move time forward to ``target``, firing due work at each due instant on the way."""
        if isinstance(target, str):
            target = _dt.datetime.fromisoformat(target)
        if target < self._now:
            raise ValueError(f"the clock cannot go back from {self._now.isoformat()} to {target.isoformat()}")
        target_ms = to_ms(target)
        with self._lock:
            self._run_due()
            while True:
                due = self._earliest_due()
                if due is None or due > target_ms:
                    break
                if due > self.now_ms():
                    self._now = _dt.datetime.fromtimestamp(due / 1000, tz=target.tzinfo)
                self._run_due()
            self._now = target
            self._run_due()

    def _earliest_due(self) -> int | None:
        dues = [d for d in (r.next_due_ms() for r in self._runners) if d is not None]
        return min(dues) if dues else None

    def _run_due(self) -> None:
        for runner in list(self._runners):
            runner.run_due_work()

    def detach(self, runner: DueWorkRunner) -> None:
        if runner in self._runners:
            self._runners.remove(runner)
