"""What can go wrong with a data directory, as errors that say which directory and why."""

from __future__ import annotations

from engine.runtime.errors import ResourceExhausted


class StoreError(Exception):
    """The data directory holds something the engine cannot read, or cannot be used now."""


class StoreLocked(StoreError):
    """Another engine owns the data directory."""


class StoreUnavailable(ResourceExhausted):
    """The store cannot write now (disk full, I/O error): the command was not applied.

    A client gets RESOURCE_EXHAUSTED (REST 503) with the reason and may retry; the engine resumes
    by itself once the store accepts writes again.
    """
