"""``govit backup`` and ``govit restore``: the embedded engine's store, copied online and restored
into a fresh folder (SQLite's backup API; see engine/store/backup.py)."""

from __future__ import annotations

from pathlib import Path

from engine.store import StoreError
from engine.store.backup import Copied, backup, restore


class BackupError(Exception):
    """The backup or restore could not be made; the message names the folder and why."""


def _described(copied: Copied) -> str:
    return (
        f"{copied.path} (store schema {copied.schema_version}, {copied.records:,} records up to "
        f"position {copied.last_position:,}, {copied.size_bytes / 1_048_576:,.1f} MiB)"
    )


def back_up(engine_dir: Path, destination: Path) -> str:
    try:
        return f"backup written: {_described(backup(engine_dir, destination))}"
    except (StoreError, OSError) as error:
        raise BackupError(str(error)) from error


def restore_into(backup_folder: Path, engine_dir: Path) -> str:
    try:
        copied = restore(backup_folder, engine_dir)
    except (StoreError, OSError) as error:
        raise BackupError(str(error)) from error
    return f"restored: {_described(copied)}; start the engine with --data-dir {engine_dir} to resume"
