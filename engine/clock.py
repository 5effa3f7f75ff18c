"""The engine's clock: real time in production, controllable time in tests.

Moving a clock forward works as Zeebe 8.8's stream clock does when the CLOCK PIN command moves it
(``PUT /v2/clock``), or when camunda-process-test's ``increaseTime`` adds to the actor clock
through the management endpoint (``POST /actuator/clock/add``): the clock jumps to the new
instant, then everything that fell due on the way (timers, job time-outs, retry back-offs,
message TTLs) is processed in due order, all at that one instant. Zeebe's due-date checker
collects the timers due before ``clock.millis()`` and writes their TRIGGER commands, each
processed with the new instant as its timestamp and as FEEL's ``now()`` (zeebe/engine/.../timer/
DueDateTimerChecker.java; .../clock/ClockProcessor.java, whose side effect only moves the clock).
A repeating timer that fires late is rescheduled from that instant, so it fires once for the gap,
not once per missed occurrence (see engine/runtime/timers.py).

Both clocks can be pinned; pinning moves forwards as above or backwards (timers keep their due
dates and fire when the clock reaches them again); resetting (CLOCK RESET, ``POST
/v2/clock/reset``) returns to the system time.
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

    def _run_due(self) -> None:
        for runner in list(self._runners):
            runner.run_due_work()


class SystemClock(_DrivenClock):
    """Wall-clock time in the system's zone (as Zeebe's JVM sees it); the engine runs a scheduler
    thread for due timers.

    Two modifications stack, as in Zeebe. The actor clock (which Zeebe's management endpoint
    changes where ``zeebe.clock.controlled`` is set) may be pinned or shifted by an offset; the
    engine's clock follows it, unless a CLOCK PIN stands the engine's clock still, until a CLOCK
    RESET. Whenever the engine's clock moves forward, what fell due on the way fires at the new
    instant, in due order."""

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
        """Apply ``change``, then run what is due at the instant the engine's clock now shows."""
        with self._lock:
            change()
            self._run_due()


class ControlledClock(_DrivenClock):
    """A clock that only moves when told to; moving it forward fires what fell due, in due order,
    at the instant it moved to (as a CLOCK PIN does in Zeebe)."""

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
        """Move time forward to ``target``; what fell due on the way fires there, in due order.

        To have each timer see its own due date, advance to one due date, then to the next, as a
        real calendar would pass them."""
        if isinstance(target, str):
            target = _dt.datetime.fromisoformat(target)
        if target < self._now:
            raise ValueError(f"the clock cannot go back from {self._now.isoformat()} to {target.isoformat()}")
        self._jump_to(target)

    def pin(self, instant: _dt.datetime) -> None:
        """Move to ``instant``: forwards as :meth:`advance_to` does, or backwards (Zeebe lets a pin
        go back; timers keep their due dates and fire when the clock reaches them again)."""
        _require_zone(instant)
        with self._lock:
            if instant < self._now:
                self._now = instant
                return
            self._jump_to(instant)

    def reset(self) -> None:
        """Move to the current system time. A controlled clock never ticks by itself, so unlike a
        reset :class:`SystemClock` it stands there until moved again."""
        self.pin(_dt.datetime.now(self._now.tzinfo))

    def _jump_to(self, target: _dt.datetime) -> None:
        """Stand at ``target``, then run what fell due on the way, all at ``target``: Zeebe's
        checkers see only the clock's current instant, never the due dates they pass."""
        with self._lock:
            self._run_due()
            self._now = target
            self._run_due()


def _require_zone(instant: _dt.datetime) -> None:
    if instant.tzinfo is None:
        raise ValueError(f"a clock instant needs a zone offset, got {instant.isoformat()}")
