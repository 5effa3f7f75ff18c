"""What a principal may do: Camunda 8.8 authorizations (owner, resource type and id, permissions)
granted to the user, its groups, its roles or the mapping rules its token matched; and, on top, the
rules of this application for user tasks (assignee, candidate users, candidate groups only) and for
an applying unit's own projects."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from engine.identity.directory import Directory
from engine.identity.permissions import WILDCARD, OwnerType, Permission, ResourceType
from engine.identity.principal import Principal
from engine.identity.records import Authorization

UNIT_VARIABLE = "unit"
"""The process variable naming the applying unit (建设单位) of a project, set when it is started."""


class Access:
    def __init__(self, directory: Directory) -> None:
        self._directory = directory
        self._cached_revision = -1
        self._by_owner: dict[tuple[OwnerType, str], list[Authorization]] = {}

    def _grants(self, principal: Principal) -> list[Authorization]:
        if self._cached_revision != self._directory.revision:
            by_owner: dict[tuple[OwnerType, str], list[Authorization]] = {}
            for authorization in self._directory.authorizations():
                by_owner.setdefault((authorization.owner_type, authorization.owner_id), []).append(
                    authorization
                )
            self._by_owner, self._cached_revision = by_owner, self._directory.revision
        owners = [(OwnerType.USER, principal.username)]
        owners += [(OwnerType.GROUP, group) for group in principal.groups]
        owners += [(OwnerType.ROLE, role) for role in principal.roles]
        owners += [(OwnerType.MAPPING_RULE, rule) for rule in principal.mapping_rules]
        if principal.client_id is not None:
            owners.append((OwnerType.CLIENT, principal.client_id))
        return [grant for owner in owners for grant in self._by_owner.get(owner, [])]

    def allows(
        self,
        principal: Principal,
        resource_type: ResourceType,
        permission: Permission,
        resource_id: str | None = None,
    ) -> bool:
        """Whether the principal holds ``permission`` on the resource (any resource for None: only a
        wildcard grant counts then, since the call does not say which resource it touches)."""
        if principal.unrestricted:
            return True
        return any(
            grant.resource_type is resource_type
            and permission in grant.permissions
            and (
                grant.resource_id == WILDCARD
                or (resource_id is not None and grant.resource_id == resource_id)
            )
            for grant in self._grants(principal)
        )

    def granted_ids(
        self, principal: Principal, resource_type: ResourceType, permission: Permission
    ) -> frozenset[str] | None:
        """The resource ids the principal holds ``permission`` on; None when it holds it on every
        one (a wildcard grant, or a principal without restrictions)."""
        if principal.unrestricted:
            return None
        ids: set[str] = set()
        for grant in self._grants(principal):
            if grant.resource_type is resource_type and permission in grant.permissions:
                if grant.resource_id == WILDCARD:
                    return None
                ids.add(grant.resource_id)
        return frozenset(ids)

    # -- user tasks ----------------------------------------------------------------------------

    def may_work_on(self, principal: Principal, task: Mapping[str, Any]) -> bool:
        """A user task is for its assignee, its candidate users and its candidate groups' members.

        Once assigned, it is the assignee's alone: the others see it but cannot act on it."""
        if principal.unrestricted:
            return True
        assignee = task.get("assignee")
        if assignee:
            return bool(assignee == principal.username)
        return self.is_candidate(principal, task)

    def may_see_task(self, principal: Principal, task: Mapping[str, Any]) -> bool:
        if principal.unrestricted:
            return True
        return task.get("assignee") == principal.username or self.is_candidate(principal, task)

    @staticmethod
    def is_candidate(principal: Principal, task: Mapping[str, Any]) -> bool:
        users = task.get("candidateUsers") or []
        groups = task.get("candidateGroups") or []
        return principal.username in users or any(group in principal.groups for group in groups)

    # -- process instances ---------------------------------------------------------------------

    def may_see_instance(self, principal: Principal, process_definition_id: str, unit: str | None) -> bool:
        """Ops and the authorities read instances through READ_PROCESS_INSTANCE; an applying unit's
        staff read the instances of their own unit's projects, and no other."""
        if self.allows(
            principal,
            ResourceType.PROCESS_DEFINITION,
            Permission.READ_PROCESS_INSTANCE,
            process_definition_id,
        ):
            return True
        return principal.unit is not None and unit is not None and unit == principal.unit


def unit_of(variable_json: str | None) -> str | None:
    """The unit a ``unit`` variable's JSON text names, or None when it names none."""
    if variable_json is None:
        return None
    try:
        value = json.loads(variable_json)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, str) and value else None
