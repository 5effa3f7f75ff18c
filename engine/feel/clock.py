"""The clock that FEEL's ``now()`` and ``today()`` read.

Zeebe hands feel-scala a clock that returns the engine's current instant (in milliseconds) in the
system's default zone, so ``now()`` yields a zoned date-time such as
``2026-09-30T17:30:00@Asia/Shanghai``. The BPMN engine replaces it with its controllable clock
through :func:`use_clock`; the override is context-local, so concurrent evaluations with different
clocks never see each other's time.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], _dt.datetime]
"""Returns the current instant as a zone-aware datetime."""

_override: ContextVar[Clock | None] = ContextVar("feel_clock", default=None)


@cache
def system_zone() -> ZoneInfo:
    """The system's default zone as a named zone (like Java's ``ZoneId.systemDefault()``), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for key in candidates:
        if not key:
            continue
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def system_clock() -> _dt.datetime:
    """Real time in the system zone."""
    return _dt.datetime.now(system_zone())


def current_datetime() -> _dt.datetime:
    """The current instant as a zoned datetime, from the override if one is active.

    Like Zeebe's clock it has millisecond precision.
    """
    clock = _override.get()
    now = clock() if clock is not None else system_clock()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    if now.tzinfo is None:
        # A naive clock reading is taken as local time in the system zone.
        return now.replace(tzinfo=system_zone())
    return now


@contextmanager
def use_clock(clock: Clock | _dt.datetime) -> Iterator[None]:
    """Make ``now()``/``today()`` read ``clock`` (a callable or a fixed instant) within the block."""
    source: Clock = (lambda: clock) if isinstance(clock, _dt.datetime) else clock
    token = _override.set(source)
    try:
        yield
    finally:
        _override.reset(token)
