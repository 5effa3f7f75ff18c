"""The identity services one gateway uses: the directory, how callers authenticate, what they may
do, the audit log, and the engine objects a check looks at (user tasks, instances, units)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from engine.gateway.engine_host import EngineHost
from engine.gateway.rest.projection import Projection
from engine.history.exporter import export_quietly
from engine.identity.access import UNIT_VARIABLE, Access, unit_of
from engine.identity.audit import AuditLog
from engine.identity.authenticate import Authenticator
from engine.identity.directory import Directory
from engine.identity.oidc import OidcVerifier


class EngineObjects:
    """Reads the objects a check needs from the engine's history (the items the searches return)."""

    def __init__(self, host: EngineHost) -> None:
        self._host = host

    async def read(self, view: Any) -> Any:
        def run() -> Any:
            engine = self._host.engine
            export_quietly(engine.history, engine.records)
            return engine.history.read(view)

        return await self._host.call(run)

    async def user_task(self, key: int) -> dict[str, Any] | None:
        return await self.read(lambda p: _copy(p.user_tasks.get(key)))  # type: ignore[no-any-return]

    async def instance_facts(self, instance_key: int) -> InstanceFacts | None:
        return await self.read(lambda p: instance_facts(p, instance_key))  # type: ignore[no-any-return]

    async def instances_facts(self, keys: set[int]) -> dict[int, InstanceFacts]:
        def view(p: Projection) -> dict[int, InstanceFacts]:
            found = {key: instance_facts(p, key) for key in keys}
            return {key: facts for key, facts in found.items() if facts is not None}

        return await self.read(view)  # type: ignore[no-any-return]

    async def element_instance(self, key: int) -> dict[str, Any] | None:
        return await self.read(lambda p: _copy(p.element_instances.get(key)))  # type: ignore[no-any-return]

    async def incident(self, key: int) -> dict[str, Any] | None:
        return await self.read(lambda p: _copy(p.incidents.get(key)))  # type: ignore[no-any-return]

    async def variable(self, key: int) -> dict[str, Any] | None:
        return await self.read(lambda p: p.variable(key))  # type: ignore[no-any-return]

    async def process_definition_id(self, key: int) -> str | None:
        def find() -> str | None:
            try:
                return self._host.engine.process_model(key).id
            except KeyError:
                return None

        return await self._host.call(find)

    async def job_instance(self, key: int) -> int | None:
        def find() -> int | None:
            for job in self._host.engine.jobs():
                if job.get("key") == key:
                    return int(job["processInstanceKey"])
            return None

        return await self._host.call(find)


@dataclass(frozen=True)
class InstanceFacts:
    process_instance_key: int
    process_definition_id: str
    root_process_instance_key: int
    unit: str | None
    """The applying unit of the project the instance belongs to (its root instance's ``unit``)."""


def _copy(item: dict[str, Any] | None) -> dict[str, Any] | None:
    return dict(item) if item is not None else None


def instance_facts(p: Projection, key: int) -> InstanceFacts | None:
    """What a check needs of one instance, read from a caught-up projection."""
    instance = p.process_instances.get(key)
    if instance is None:
        return None
    root = int(instance.get("rootProcessInstanceKey") or key)
    variable = p.variables.get((root, UNIT_VARIABLE))
    full = p.variable(int(variable["variableKey"])) if variable is not None else None
    return InstanceFacts(
        key, str(instance["processDefinitionId"]), root, unit_of(full["value"] if full else None)
    )


@dataclass
class IdentityServices:
    directory: Directory
    authenticator: Authenticator
    access: Access
    audit: AuditLog
    objects: EngineObjects | None = None

    @classmethod
    def create(
        cls, directory: Directory, *, service_token: str | None, oidc: OidcVerifier | None = None
    ) -> IdentityServices:
        return cls(
            directory=directory,
            authenticator=Authenticator(directory, service_token=service_token, oidc=oidc),
            access=Access(directory),
            audit=AuditLog(directory, now_ms=_now_ms),
        )

    def bind(self, host: EngineHost) -> IdentityServices:
        """These services over the engine of ``host`` (the objects their checks look at)."""
        self.objects = EngineObjects(host)
        # Audit times are the engine's: a pinned clock (tests, rehearsals) dates them as it dates records.
        self.audit = AuditLog(self.directory, now_ms=lambda: int(host.engine.now().timestamp() * 1000))
        return self


def _now_ms() -> int:
    return int(time.time() * 1000)
