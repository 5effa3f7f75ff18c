"""One owner per data directory: an exclusive lock held for as long as the engine has it open.

Two engines writing one SQLite store diverge silently (each keeps its own in-memory state and key
counters) and leave it unopenable. The lock is ``flock`` on ``engine.lock``: the kernel drops it
when the process ends, however it ends, so a kill -9 leaves no stale lock to clean up. The file
says who holds it (PID and host) so the refusal can name them.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from engine.store.errors import StoreLocked

LOCK_FILE = "engine.lock"


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str

    def __str__(self) -> str:
        return f"PID {self.pid} on host {self.host}"


def holder(data_dir: Path) -> Holder | None:
    """Who holds the lock on ``data_dir`` now (None: no one), without taking it."""
    path = data_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(path)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read_holder(path: Path) -> Holder:
    try:
        text = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(text["pid"]), str(text["host"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder(-1, "unknown")


class DataDirLock:
    """The exclusive lock on one data directory; :meth:`release` (or the process ending) frees it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreLocked(
                f"{data_dir}: the data directory is in use by another engine ({_read_holder(self.path)}); "
                "stop that engine or choose another --data-dir"
            ) from None
        record = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, record, 0)
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
