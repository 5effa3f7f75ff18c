"""The engine's clock: real time in production, controllable time in tests.

A :class:`ControlledClock` behaves like zeebe-process-test's ``increaseTime``: advancing it fires
every timer (and every job time-out or retry back-off) that falls due on the way, in due order, each
at its own instant, so a process sees the same sequence of times it would see in real life.

Both clocks can also be pinned, as Zeebe's stream clock is by the CLOCK PIN command (``PUT
/v2/clock``): a pinned clock stands still at the pinned instant; pinning it again moves it, forwards
(firing what falls due on the way, as advancing does) or backwards; resetting it (CLOCK RESET,
``POST /v2/clock/reset``) returns it to the system time.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from engine.bpmn.timers import add_duration, parse_duration
from engine.feel.clock import system_zone


class Clock(Protocol):
    """What the engine needs from a clock."""

    def now(self) -> _dt.datetime:
        """The current instant, zone-aware."""
        ...

    def now_ms(self) -> int:
        """The current instant as epoch milliseconds."""
        ...

    def attach(self, on_due: DueWorkRunner) -> None:
        """Called by the engine that uses this clock; the clock drives it when it is moved."""
        ...


@runtime_checkable
class PinnableClock(Clock, Protocol):
    """A clock that can be pinned and reset, as Zeebe's stream clock can."""

    def pin(self, instant: _dt.datetime) -> None:
        """Stand still at ``instant``, firing what falls due on the way when it lies ahead."""
        ...

    def reset(self) -> None:
        """Return to the system time."""
        ...

    def detach(self, runner: DueWorkRunner) -> None:
        """Stop driving ``runner`` (its engine closed)."""
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


class _DrivenClock:
    """The engines a clock drives, and how it moves them to a later instant."""

    def __init__(self) -> None:
        self._runners: list[DueWorkRunner] = []
        self._lock = threading.RLock()

    def attach(self, on_due: DueWorkRunner) -> None:
        with self._lock:
            self._runners.append(on_due)

    def detach(self, runner: DueWorkRunner) -> None:
        with self._lock:
            if runner in self._runners:
                self._runners.remove(runner)

    def _step_to(self, target: _dt.datetime, stand_at: Callable[[_dt.datetime], None]) -> None:
        """Stand at each due instant up to ``target`` in turn, running what is due there, then at
        ``target``; so every timer fires at its own instant, in due order."""
        target_ms = to_ms(target)
        with self._lock:
            self._run_due()
            while True:
                due = self._earliest_due()
                if due is None or due > target_ms:
                    break
                stand_at(_dt.datetime.fromtimestamp(due / 1000, tz=target.tzinfo))
                self._run_due()
            stand_at(target)
            self._run_due()

    def _earliest_due(self) -> int | None:
        dues = [d for d in (r.next_due_ms() for r in self._runners) if d is not None]
        return min(dues) if dues else None

    def _run_due(self) -> None:
        for runner in list(self._runners):
            runner.run_due_work()


class SystemClock(_DrivenClock):
    """Wall-clock time in the system's zone (as Zeebe's JVM sees it); the engine runs a scheduler
    thread for due timers.

    Two modifications stack, as in Zeebe. The actor clock (which Zeebe's management endpoint
    changes where ``zeebe.clock.controlled`` is set) may be pinned or shifted by an offset; the
    engine's clock follows it, unless a CLOCK PIN stands the engine's clock still, until a CLOCK
    RESET. Whenever the engine's clock moves forward, what falls due on the way fires in order."""

    def __init__(self, zone: _dt.tzinfo | None = None) -> None:
        super().__init__()
        self._zone = zone or system_zone()
        self._pinned: _dt.datetime | None = None
        self._actor_pinned: _dt.datetime | None = None
        self._actor_offset = _dt.timedelta(0)

    def now(self) -> _dt.datetime:
        pinned = self._pinned
        return pinned if pinned is not None else self.actor_now()

    def now_ms(self) -> int:
        return to_ms(self.now())

    def actor_now(self) -> _dt.datetime:
        """The actor clock: system time, unless pinned or offset."""
        actor_pinned = self._actor_pinned
        if actor_pinned is not None:
            return actor_pinned
        return _dt.datetime.now(self._zone) + self._actor_offset

    def pin(self, instant: _dt.datetime) -> None:
        _require_zone(instant)
        self._follow(lambda: setattr(self, "_pinned", instant))

    def reset(self) -> None:
        self._follow(lambda: setattr(self, "_pinned", None))

    def pin_actor_clock(self, instant: _dt.datetime) -> None:
        _require_zone(instant)
        self._follow(lambda: setattr(self, "_actor_pinned", instant))

    def add_to_actor_clock(self, offset: _dt.timedelta) -> None:
        """Shift the actor clock (pinned or not) by ``offset``, which may be negative."""

        def shift() -> None:
            if self._actor_pinned is not None:
                self._actor_pinned += offset
            else:
                self._actor_offset += offset

        self._follow(shift)

    def reset_actor_clock(self) -> None:
        def unmodified() -> None:
            self._actor_pinned = None
            self._actor_offset = _dt.timedelta(0)

        self._follow(unmodified)

    def _follow(self, change: Callable[[], None]) -> None:
        """Apply ``change``; if it moves the engine's clock forward, stand at each due instant on
        the way first."""
        with self._lock:
            before = self.now()
            change()
            target = self.now()
            if target > before:
                pinned = self._pinned
                self._pinned = before
                self._step_to(target, self._stand_at)
                self._pinned = pinned
            self._run_due()

    def _stand_at(self, instant: _dt.datetime) -> None:
        self._pinned = instant


class ControlledClock(_DrivenClock):
    """A clock that only moves when told to; moving it fires what falls due, in order."""

    def __init__(self, start: str | _dt.datetime | None = None) -> None:
        super().__init__()
        if start is None:
            instant = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
        elif isinstance(start, str):
            instant = _dt.datetime.fromisoformat(start)
        else:
            instant = start
        if instant.tzinfo is None:
            raise ValueError(f"clock start {start!r} needs a zone offset, e.g. 2026-09-30T09:00:00+08:00")
        self._now = instant

    def now(self) -> _dt.datetime:
        return self._now

    def now_ms(self) -> int:
        return to_ms(self._now)

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
        self._step_to(target, self._stand_at)

    def pin(self, instant: _dt.datetime) -> None:
        """Move to ``instant``: forwards as :meth:`advance_to` does, or backwards (Zeebe lets a pin
        go back; timers keep their due dates and fire when the clock reaches them again)."""
        _require_zone(instant)
        with self._lock:
            if instant < self._now:
                self._now = instant
                return
            self._step_to(instant, self._stand_at)

    def reset(self) -> None:
        """Move to the current system time. A controlled clock never ticks by itself, so unlike a
        reset :class:`SystemClock` it stands there until moved again."""
        self.pin(_dt.datetime.now(self._now.tzinfo))

    def _stand_at(self, instant: _dt.datetime) -> None:
        self._now = instant


def _require_zone(instant: _dt.datetime) -> None:
    if instant.tzinfo is None:
        raise ValueError(f"a clock instant needs a zone offset, got {instant.isoformat()}")
