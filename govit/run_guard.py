"""Whether a ``govit run`` (or an engine) already works in a data folder, so a second one says so
instead of starting a second engine on the same store."""

from __future__ import annotations

import os
from pathlib import Path

from engine.store.lock import holder

PID_FILE = "govit-run.pid"


def _live_govit(pid: int) -> bool:
    """Whether ``pid`` is a live process running govit (a PID left by a killed run may be reused)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return True  # no /proc to ask: alive is all we know
    return b"govit" in command


def running_instance(data_dir: Path) -> str | None:
    """Who runs in ``data_dir`` now, in words; None when no one does."""
    engine = holder(data_dir / "engine")
    if engine is not None:
        return (
            f"{data_dir}: an engine is already running on this folder ({engine}); stop it first "
            "(Ctrl-C in its terminal) or choose another --data-dir. "
            f"该数据目录已有引擎在运行（{engine}），请先停止它，或用 --data-dir 指定另一个目录。"
        )
    try:
        pid = int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    if pid == os.getpid() or not _live_govit(pid):
        return None
    return (
        f"{data_dir}: govit run is already running on this folder (PID {pid}); stop it first "
        "(Ctrl-C in its terminal) or choose another --data-dir. "
        f"该数据目录已有 govit run 在运行（PID {pid}），请先停止它，或用 --data-dir 指定另一个目录。"
    )
