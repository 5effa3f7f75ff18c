"""The last instant the engine can hold, and the check that a deadline a client asks for is before it.

Python's calendar ends with year 9999; a deadline past it (a job timeout or a message time to live
of 2^63-1 ms, Zeebe's longest) could be neither shown nor fired at, and beyond 2^63 it would not
even fit the store's integers. A day is left before the end so the instant exists in every zone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.runtime.errors import InvalidArgument

if TYPE_CHECKING:
    from engine.runtime.processing import Processing

LATEST_MS = 253_402_214_399_999
"""9999-12-30T23:59:59.999Z in epoch milliseconds."""


def require_before_the_end(p: Processing, later_ms: int, what: str) -> None:
    """``later_ms`` from now must end by :data:`LATEST_MS`; ``what`` names the field in the error."""
    if p.now + later_ms > LATEST_MS:
        raise InvalidArgument(
            f"Expected {what} that ends by 9999-12-30 (at most {LATEST_MS - p.now} ms from now), "
            f"but it was {later_ms} ms"
        )
