"""Failures inside DMN functions called from FEEL (business knowledge models, decision services).

FEEL turns a failing function call into null, but dmn-scala fails the calling decision (Zeebe
raises an incident). A function therefore reports its failure here and returns null; the decision
being evaluated raises it once its logic has run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_pending: ContextVar[list[str] | None] = ContextVar("dmn_nested_failures", default=None)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Collects the failures reported while the block runs (innermost block wins)."""
    failures: list[str] = []
    token = _pending.set(failures)
    try:
        yield failures
    finally:
        _pending.reset(token)


def report(message: str) -> None:
    failures = _pending.get()
    if failures is not None:
        failures.append(message)
