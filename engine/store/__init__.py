"""Where the engine keeps its record log and state: in memory (tests) or in SQLite (durable)."""

# The runtime first: it imports the store's modules, and they import the runtime's records; loaded
# in this order, ``import engine.store`` works on its own (``python -m govit backup``).
import engine.runtime  # noqa: F401  # isort: skip

from engine.store.base import Store
from engine.store.errors import StoreError, StoreLocked, StoreUnavailable
from engine.store.faults import UnstorableValue
from engine.store.memory import MemoryStore
from engine.store.sqlite import SqliteStore

__all__ = [
    "MemoryStore",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
    "UnstorableValue",
]
