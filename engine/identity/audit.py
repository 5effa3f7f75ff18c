"""Who did what: every user action through either API, with the user, the time and the instance,
readable per project (the root process instance of its lifecycle), for the project's dossier."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engine.identity.directory import Directory
from engine.identity.principal import Principal

_SECRET_FIELDS = frozenset({"password", "secret", "token", "clientSecret", "client_secret"})


@dataclass(frozen=True)
class AuditEntry:
    audit_key: int
    timestamp_ms: int
    actor: str
    actor_type: str
    operation: str
    api: str
    target_key: str | None
    process_instance_key: str | None
    root_process_instance_key: str | None
    details: dict[str, Any]


def _without_secrets(details: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in _SECRET_FIELDS else v) for k, v in details.items()}


class AuditLog:
    def __init__(self, directory: Directory, now_ms: Any) -> None:
        self._directory = directory
        self._now_ms = now_ms

    def record(
        self,
        principal: Principal,
        operation: str,
        *,
        api: str,
        target_key: str | int | None = None,
        process_instance_key: str | int | None = None,
        root_process_instance_key: str | int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        with self._directory.transaction() as db:
            db.execute(
                "INSERT INTO audit_log (timestamp_ms, actor, actor_type, operation, api, target_key, "
                "process_instance_key, root_process_instance_key, details) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    int(self._now_ms()),
                    principal.username,
                    principal.kind.value,
                    operation,
                    api,
                    None if target_key is None else str(target_key),
                    None if process_instance_key is None else str(process_instance_key),
                    None
                    if root_process_instance_key is None and process_instance_key is None
                    else str(root_process_instance_key or process_instance_key),
                    json.dumps(_without_secrets(details or {}), ensure_ascii=False, default=str),
                ),
            )

    def entries(
        self, *, process_instance_key: str | None = None, root_process_instance_key: str | None = None
    ) -> list[AuditEntry]:
        sql = (
            "SELECT audit_key, timestamp_ms, actor, actor_type, operation, api, target_key, "
            "process_instance_key, root_process_instance_key, details FROM audit_log"
        )
        conditions: list[str] = []
        args: list[object] = []
        if process_instance_key is not None:
            conditions.append("process_instance_key = ?")
            args.append(process_instance_key)
        if root_process_instance_key is not None:
            conditions.append("root_process_instance_key = ?")
            args.append(root_process_instance_key)
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        rows = self._directory.query(sql + " ORDER BY audit_key", *args)
        return [
            AuditEntry(
                audit_key=int(str(r[0])),
                timestamp_ms=int(str(r[1])),
                actor=str(r[2]),
                actor_type=str(r[3]),
                operation=str(r[4]),
                api=str(r[5]),
                target_key=None if r[6] is None else str(r[6]),
                process_instance_key=None if r[7] is None else str(r[7]),
                root_process_instance_key=None if r[8] is None else str(r[8]),
                details=json.loads(str(r[9])),
            )
            for r in rows
        ]
