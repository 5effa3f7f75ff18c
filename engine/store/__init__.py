"""Where the engine keeps its record log and state: in memory (tests) or in SQLite (durable)."""

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
