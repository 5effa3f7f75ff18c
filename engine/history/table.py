"""One kind of history item (process instances, user tasks, ...) as an indexed SQLite table.

Each item is kept as the JSON document the Orchestration Cluster API returns (``doc``) beside the
columns its searches filter and sort by, each indexed, so a search is a query instead of a walk
over every item. ``seq`` keeps the order items were first written in, the order a search without
``sort`` returns them.

While the exporter applies records (:meth:`HistoryTable.begin_export`) the table caches every item
it hands out: the projection updates items in place, as it did when they were plain dicts, and
:meth:`flush` writes each touched item once per commit. Outside an export every read goes to SQLite.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "int", "bool", "list"]
Item = dict[str, Any]

_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "list": "TEXT"}
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_dumps = _ENCODER.encode


@dataclass(frozen=True)
class Column:
    """A searchable field of the item: its name in the API, its column and its kind of value."""

    field: str
    column: str
    kind: Kind
    indexed: bool = True
    sorted_by: bool = False
    """Searches sort by it (the dates lists are shown by): a second index in the searches' order,
    absent values last, so the first page of a sorted search reads only that page."""

    def value_of(self, item: Item) -> Any:
        value = item.get(self.field)
        if value is None:
            return None
        if self.kind == "list":
            return _dumps(list(value))
        if self.kind == "bool":
            return int(bool(value))
        return value


def key_text(key: Any) -> str:
    """A table key as text: an int as its digits, anything else (a composite key) as JSON."""
    return str(key) if type(key) is int else _dumps(list(key) if isinstance(key, tuple) else key)


class HistoryTable:
    """The items of one kind, by key (an int, or a tuple for a composite key)."""

    def __init__(self, db: sqlite3.Connection, name: str, columns: Sequence[Column]) -> None:
        self.db = db
        self.name = name
        self.columns = tuple(columns)
        self.by_field = {c.field: c for c in self.columns}
        self._exporting = False
        self._touched: dict[str, Item] = {}
        names = ", ".join(c.column for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        updates = ", ".join(f"{c.column} = excluded.{c.column}" for c in self.columns)
        sep = ", " if self.columns else ""
        self._upsert = (
            f"INSERT INTO {name} (k, doc{sep}{names}) VALUES (?, ?{sep}{marks}) "
            f"ON CONFLICT(k) DO UPDATE SET doc = excluded.doc{sep}{updates}"
        )

    # -- schema ----------------------------------------------------------------------------------

    @staticmethod
    def ddl_of(name: str, columns: Sequence[Column]) -> list[str]:
        """The statements that create the table ``name`` and its indexes."""
        declared = "".join(f", {c.column} {_SQL_TYPES[c.kind]}" for c in columns)
        statements = [
            f"CREATE TABLE IF NOT EXISTS {name} (seq INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, "
            f"doc TEXT NOT NULL{declared})"
        ]
        statements += [
            f"CREATE INDEX IF NOT EXISTS {name}_{c.column} ON {name} ({c.column})"
            for c in columns
            if c.indexed
        ]
        statements += [
            f"CREATE INDEX IF NOT EXISTS {name}_{c.column}_order ON {name} (({c.column} IS NULL), {c.column})"
            for c in columns
            if c.sorted_by
        ]
        return statements

    # -- export ----------------------------------------------------------------------------------

    def begin_export(self) -> None:
        self._exporting = True

    def flush(self) -> None:
        """Write every item touched since the last flush (inside the exporter's transaction)."""
        if self._touched:
            rows = [
                (k, _dumps(item), *(c.value_of(item) for c in self.columns))
                for k, item in self._touched.items()
            ]
            self.db.executemany(self._upsert, rows)
            self._touched.clear()

    def end_export(self) -> None:
        self._exporting = False
        self._touched.clear()

    # -- mapping ---------------------------------------------------------------------------------

    def get(self, key: Any, default: Item | None = None) -> Item | None:
        k = key_text(key)
        if self._exporting and k in self._touched:
            return self._touched[k]
        row = self.db.execute(f"SELECT doc FROM {self.name} WHERE k = ?", (k,)).fetchone()
        if row is None:
            return default
        item: Item = json.loads(row[0])
        if self._exporting:
            self._touched[k] = item  # the projection may change it in place
        return item

    def __getitem__(self, key: Any) -> Item:
        item = self.get(key)
        if item is None:
            raise KeyError(key)
        return item

    def __contains__(self, key: Any) -> bool:
        k = key_text(key)
        if self._exporting and k in self._touched:
            return True
        return self.db.execute(f"SELECT 1 FROM {self.name} WHERE k = ?", (k,)).fetchone() is not None

    def __setitem__(self, key: Any, item: Item) -> None:
        if not self._exporting:
            raise RuntimeError(f"history table {self.name} is written by its exporter only")
        self._touched[key_text(key)] = item

    def pop(self, key: Any) -> None:
        """Remove an item (the exporter only: a deleted definition)."""
        if not self._exporting:
            raise RuntimeError(f"history table {self.name} is written by its exporter only")
        k = key_text(key)
        self._touched.pop(k, None)
        self.db.execute(f"DELETE FROM {self.name} WHERE k = ?", (k,))

    def __len__(self) -> int:
        if self._exporting:
            self.flush()
        return int(self.db.execute(f"SELECT COUNT(*) FROM {self.name}").fetchone()[0])

    def values(self) -> Iterator[Item]:
        """Every item, in the order first written (a full scan: for the searches SQL cannot answer)."""
        return self.where("", ())

    def where(self, condition: str, params: Sequence[Any], order: str = "seq") -> Iterator[Item]:
        """The items whose row satisfies the SQL ``condition`` (over the columns), in ``order``."""
        if self._exporting:
            self.flush()
        sql = f"SELECT doc FROM {self.name}" + (f" WHERE {condition}" if condition else "")
        rows = self.db.execute(f"{sql} ORDER BY {order}", tuple(params)).fetchall()
        return (json.loads(row[0]) for row in rows)

    def first(self, condition: str, params: Sequence[Any]) -> Item | None:
        return next(self.where(condition, params), None)

    def column(self, field: str) -> str:
        return self.by_field[field].column


ItemFilter = Callable[[Item, Any], bool]
