"""``govit purge-history``: remove from a stopped engine's history the instances that ended more
than the retention ago (the running engine does the same daily with --history-retention-years)."""

from __future__ import annotations

from pathlib import Path

from engine.runtime import Engine
from engine.store import StoreError


class PurgeError(Exception):
    """The purge could not run; the message names the folder and why."""


def purge_history(engine_dir: Path, years: int) -> str:
    if years < 0:
        raise PurgeError(f"--years must be 0 or more, got {years}")
    if not (engine_dir / "engine.sqlite3").is_file():
        raise PurgeError(f"{engine_dir}: no engine store here (no engine.sqlite3)")
    try:
        with Engine.open(engine_dir) as engine:
            purged = engine.purge_history(years)
    except (StoreError, OSError) as error:
        raise PurgeError(str(error)) from error
    return (
        f"history purged: {purged.instances:,} instances that ended before {purged.cutoff} "
        f"({purged.items:,} history rows); the record log is kept"
    )
