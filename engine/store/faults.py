"""Which failures of a commit mean "the store cannot write now" and which "this command cannot be
stored", told apart so each gets its status: RESOURCE_EXHAUSTED (retry later) or INVALID_ARGUMENT."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.runtime.errors import InvalidArgument
from engine.store.errors import StoreUnavailable

# SQLite primary result codes (the low byte of an extended code) that say the store, not the
# command, is at fault: the disk or the size limit is full, the file cannot be written or read
_OUTAGES = {
    7: "out of memory",  # SQLITE_NOMEM
    8: "the store is read-only",  # SQLITE_READONLY
    10: "disk I/O error",  # SQLITE_IOERR
    13: "the disk is full",  # SQLITE_FULL
    14: "the store's file cannot be opened",  # SQLITE_CANTOPEN
    5: "the store is busy",  # SQLITE_BUSY
}


class UnstorableValue(InvalidArgument):
    """The command produced a value the store cannot keep; it was not applied."""


def outage_reason(error: BaseException) -> str | None:
    """Why the store cannot write, when ``error`` says so; None for any other failure."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _OUTAGES:
            return f"{_OUTAGES[code & 0xFF]} ({error})"
    if isinstance(error, OSError):
        return f"{error.strerror or error} (errno {error.errno})"
    return None


def classify(error: BaseException, path: Path) -> Exception | None:
    """The error a client should get for a commit that failed with ``error`` (None: a defect)."""
    reason = outage_reason(error)
    if reason is not None:
        return StoreUnavailable(
            f"{path}: the engine's store cannot write: {reason}. The command was not applied; the engine "
            "refuses commands until the store accepts writes again, then resumes by itself"
        )
    if isinstance(error, UnicodeEncodeError):
        return UnstorableValue(
            "Expected text the store can keep, but a string holds a lone surrogate "
            f"({error.object[error.start : error.end]!r}), which is not valid Unicode; "
            "the command was not applied"
        )
    if isinstance(error, OverflowError):
        return UnstorableValue(
            f"Expected numbers within the signed 64-bit range the store keeps, but {error}; "
            "the command was not applied"
        )
    return None
