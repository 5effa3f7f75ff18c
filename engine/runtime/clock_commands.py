"""Zeebe's CLOCK commands: PIN (to an instant, in epoch milliseconds) and RESET (to system time).

As in Zeebe's ClockProcessor, a command writes its follow-up event (PINNED, RESETTED) with a new
key and the command's value; moving the clock itself is the side effect that follows the commit.
The pin is kept in the state, as Zeebe's clock state keeps it, so a reopened engine stands where
it stood.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.runtime.commands import Command
from engine.runtime.errors import InvalidArgument
from engine.runtime.instants import LATEST_MS

if TYPE_CHECKING:
    from engine.runtime.processing import Processing

VALUE_TYPE = "CLOCK"
PINNED_AT = "clockPinnedAt"
"""The ``meta`` entry holding the pinned instant (epoch ms) while the clock is pinned."""


def pin_command(epoch_ms: int) -> Command:
    return Command(VALUE_TYPE, "PIN", -1, {"time": epoch_ms}, written=False)


def reset_command() -> Command:
    return Command(VALUE_TYPE, "RESET", -1, {"time": 0}, written=False)


LATEST_PIN_MS = LATEST_MS
"""The last instant a pin may name (:mod:`engine.runtime.instants`); Zeebe's java.time goes
further, but a pin beyond it could never be shown or fired at."""


def pinned(p: Processing, epoch_ms: int) -> None:
    if epoch_ms < 0:
        raise InvalidArgument(f"Expected pin time to be not negative but it was {epoch_ms}")
    if epoch_ms > LATEST_PIN_MS:
        raise InvalidArgument(
            f"Expected pin time to be at most {LATEST_PIN_MS} (9999-12-30T23:59:59.999Z) "
            f"but it was {epoch_ms}"
        )
    p.write(VALUE_TYPE, "PINNED", p.new_key(), {"time": epoch_ms})
    p.state.put("meta", PINNED_AT, epoch_ms)


def resetted(p: Processing) -> None:
    p.write(VALUE_TYPE, "RESETTED", p.new_key(), {"time": 0})
    p.state.delete("meta", PINNED_AT)
