"""The engine's state: tables of JSON-like rows keyed by int or str, with in-memory indexes.

Every change goes through :meth:`State.put` / :meth:`State.delete`, which keep the indexes right and,
for a durable engine, note the change so the store writes it in the same transaction as the records.
Rows are plain dicts; a processor that mutates a row must ``put`` it back.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

TABLES = (
    "meta",
    "resources",
    "processes",
    "decisions",
    "forms",
    "elements",
    "variables",
    "jobs",
    "timers",
    "subscriptions",
    "messages",
    "incidents",
    "user_tasks",
)

Row = dict[str, Any]
_DELETED = object()


class State:
    def __init__(self, track_changes: bool = False) -> None:
        self.tables: dict[str, dict[Any, Any]] = {name: {} for name in TABLES}
        self.changes: dict[tuple[str, Any], Any] | None = {} if track_changes else None
        # indexes
        self.children: dict[int, set[int]] = {}
        self.activatable: dict[str, dict[int, None]] = {}
        self.subs_by_name: dict[str, dict[int, None]] = {}
        self.latest_process: dict[str, int] = {}
        self.due: list[tuple[int, int, str, int]] = []
        self._due_seq = 0

    # -- generic access --------------------------------------------------------------------------

    def get(self, table: str, key: Any) -> Any:
        return self.tables[table].get(key)

    def rows(self, table: str) -> Iterator[Any]:
        return iter(list(self.tables[table].values()))

    def put(self, table: str, key: Any, value: Any) -> None:
        rows = self.tables[table]
        old = rows.get(key)
        rows[key] = value
        if self.changes is not None:
            self.changes[(table, key)] = value
        self._index(table, key, old, value)

    def delete(self, table: str, key: Any) -> None:
        old = self.tables[table].pop(key, None)
        if old is None:
            return
        if self.changes is not None:
            self.changes[(table, key)] = _DELETED
        self._index(table, key, old, None)

    def take_changes(self) -> list[tuple[str, Any, Any]]:
        """The changes since the last call, as (table, key, row or None for a deletion)."""
        if self.changes is None:
            return []
        out = [(t, k, None if v is _DELETED else v) for (t, k), v in self.changes.items()]
        self.changes.clear()
        return out

    def load(self, table: str, key: Any, value: Any) -> None:
        """Restore a row from the store (no change tracking)."""
        self.tables[table][key] = value
        self._index(table, key, None, value)

    # -- counters --------------------------------------------------------------------------------

    def counter(self, name: str, start: int) -> int:
        value: int = self.tables["meta"].get(name, start)
        return value

    def set_counter(self, name: str, value: int) -> None:
        self.put("meta", name, value)

    # -- indexes ---------------------------------------------------------------------------------

    def schedule(self, due_ms: int, kind: str, key: int) -> None:
        self._due_seq += 1
        heapq.heappush(self.due, (due_ms, self._due_seq, kind, key))

    def _index(self, table: str, key: Any, old: Any, new: Any) -> None:
        if table == "elements":
            if old is None and new is not None:
                scope = new.get("flowScopeKey", -1)
                if scope > 0:
                    self.children.setdefault(scope, set()).add(key)
            elif new is None and old is not None:
                scope = old.get("flowScopeKey", -1)
                kids = self.children.get(scope)
                if kids is not None:
                    kids.discard(key)
                    if not kids:
                        del self.children[scope]
        elif table == "jobs":
            # rows are mutated in place before being put back, so only the new row tells the truth
            row = new if new is not None else old
            if new is not None and new.get("activatable"):
                self.activatable.setdefault(row["type"], {})[key] = None
            else:
                bucket = self.activatable.get(row["type"])
                if bucket is not None:
                    bucket.pop(key, None)
            if new is not None:
                if new["state"] == "ACTIVATED":
                    self.schedule(new["deadline"], "job_timeout", key)
                elif new["state"] == "FAILED" and new.get("recurAt"):
                    self.schedule(new["recurAt"], "job_backoff", key)
        elif table == "subscriptions":
            if old is not None:
                bucket = self.subs_by_name.get(old["index"])
                if bucket is not None:
                    bucket.pop(key, None)
            if new is not None:
                self.subs_by_name.setdefault(new["index"], {})[key] = None
        elif table == "timers":
            if new is not None and old is None:
                self.schedule(new["dueDate"], "timer", key)
        elif table == "messages":
            if new is not None and old is None:
                self.schedule(new["deadline"], "message_ttl", key)
        elif table == "processes" and new is not None:
            current = self.latest_process.get(new["bpmnProcessId"])
            if current is None or self.tables["processes"][current]["version"] < new["version"]:
                self.latest_process[new["bpmnProcessId"]] = key
