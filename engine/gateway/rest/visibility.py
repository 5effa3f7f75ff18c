"""What a search keeps of its items for the caller: user tasks by assignee, candidate users and
groups (or a grant on their process); instances, element instances and message subscriptions by
grant or by the caller's applying unit; incidents, variables and jobs by the ops grant; definitions
and decision instances by the grant on their definition; audit entries by their instance.

A search route asks for its viewer *before* paging, so the page and its totals count only what the
caller may see::

    viewer = viewer_of(request, Listing.USER_TASK)
    result = await ctx.current(lambda p: search(viewer.keep(items_of(p), p), body, ...))

or, for items already read, ``items = await visible(request, Listing.INCIDENT, items)``. Either
marks the request as filtered; under the identity guard, a search route that asks for neither
fails closed (500) instead of answering unfiltered. With no identity configured both keep
everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from engine.gateway.identity_services import IdentityServices, InstanceFacts, instance_facts
from engine.gateway.rest.guard import STATE_FILTERED, STATE_SERVICES, principal_of
from engine.gateway.rest.projection import Projection
from engine.identity.access import Access
from engine.identity.permissions import Permission, ResourceType
from engine.identity.policy import Listing
from engine.identity.principal import Principal

Item = dict[str, Any]
FactsOf = Callable[[int], InstanceFacts | None]

_BY_UNIT = frozenset(
    {
        Listing.PROCESS_INSTANCE,
        Listing.ELEMENT_INSTANCE,
        Listing.MESSAGE_SUBSCRIPTION,
        Listing.AUDIT,
    }
)
"""Instance-bound kinds an applying unit reads for its own projects (its path, what it waits for,
who did what); incidents, variables and jobs stay with ops."""

_BY_INSTANCE = _BY_UNIT | {Listing.VARIABLE}
"""Kinds whose items name only their instance: the instance's process decides."""

_INSTANCES_OF_PROCESS = (
    ResourceType.PROCESS_DEFINITION,
    Permission.READ_PROCESS_INSTANCE,
    "processDefinitionId",
)
_BY_DEFINITION: dict[Listing, tuple[ResourceType, Permission, str]] = {
    Listing.INCIDENT: _INSTANCES_OF_PROCESS,
    Listing.JOB: _INSTANCES_OF_PROCESS,
    Listing.PROCESS_DEFINITION: (
        ResourceType.PROCESS_DEFINITION,
        Permission.READ_PROCESS_DEFINITION,
        "processDefinitionId",
    ),
    Listing.DECISION_DEFINITION: (
        ResourceType.DECISION_DEFINITION,
        Permission.READ_DECISION_DEFINITION,
        "decisionDefinitionId",
    ),
    Listing.DECISION_INSTANCE: (
        ResourceType.DECISION_DEFINITION,
        Permission.READ_DECISION_INSTANCE,
        "decisionDefinitionId",
    ),
}
"""Kinds whose items carry their definition's id: a grant on that definition (or on every one) decides."""


@dataclass(frozen=True)
class Viewer:
    """One caller's view of one kind of search item."""

    kind: Listing
    principal: Principal | None
    """None: no identity configured, or a service account; everything is kept."""
    access: Access | None

    @property
    def sees_everything(self) -> bool:
        """Whether every item is kept (no identity configured, a service account, an admin)."""
        return self.principal is None or self.access is None

    def task_sql(self) -> tuple[str, list[Any]] | None:
        """SQL over the user task table for the tasks this caller may see at most (the ones
        :func:`_may_see_task` keeps), so a clerk's search reads their tasks, not every open one;
        None when it narrows nothing (a grant on every process, or no restriction)."""
        principal, access = self.principal, self.access
        if self.kind is not Listing.USER_TASK or principal is None or access is None:
            return None
        processes = access.granted_ids(principal, ResourceType.PROCESS_DEFINITION, Permission.READ_USER_TASK)
        if processes is None:
            return None
        parts = ["assignee = ?", "EXISTS (SELECT 1 FROM json_each(candidate_users) WHERE value = ?)"]
        params: list[Any] = [principal.username, principal.username]
        if principal.groups:
            marks = ", ".join("?" for _ in principal.groups)
            parts.append(f"EXISTS (SELECT 1 FROM json_each(candidate_groups) WHERE value IN ({marks}))")
            params += sorted(principal.groups)
        if processes:
            parts.append(f"process_definition_id IN ({', '.join('?' for _ in processes)})")
            params += sorted(processes)
        return " OR ".join(f"({part})" for part in parts), params

    def keep(self, items: list[Item], projection: Projection | None = None) -> list[Item]:
        """The items this caller may see. Instance-bound kinds look their instances up in
        ``projection`` (a handler's own, caught up on the writer) and need it."""
        if self.principal is None or self.access is None:
            return items
        if self.kind in _BY_INSTANCE:
            assert projection is not None, f"a {self.kind} search filters with its projection"
            # Each instance's facts once: an instance page's variables and element instances all
            # name one instance, and its facts are three reads of the history.
            read: dict[int, InstanceFacts | None] = {}

            def facts_of(key: int) -> InstanceFacts | None:
                if key not in read:
                    read[key] = instance_facts(projection, key)
                return read[key]

            return self.keep_with(items, facts_of)
        return self.keep_with(items, lambda _key: None)

    def keep_with(self, items: list[Item], facts_of: FactsOf) -> list[Item]:
        principal, access = self.principal, self.access
        if principal is None or access is None:
            return items
        if self.kind is Listing.USER_TASK:
            return [item for item in items if _may_see_task(access, principal, item)]
        if self.kind in _BY_DEFINITION:
            resource_type, permission, field = _BY_DEFINITION[self.kind]
            return [
                item
                for item in items
                if access.allows(principal, resource_type, permission, _text(item.get(field)))
            ]
        field = _instance_field(self.kind)
        by_unit = self.kind in _BY_UNIT
        kept: list[Item] = []
        for item in items:
            raw = item.get(field)
            facts = facts_of(int(raw)) if raw is not None else None
            if facts is not None and _may_see_instance(access, principal, facts, by_unit=by_unit):
                kept.append(item)
        return kept


def viewer_of(request: Request, kind: Listing) -> Viewer:
    """The caller's viewer for a search of ``kind``; marks the request as filtered."""
    state: dict[str, Any] = request.scope.setdefault("state", {})
    state[STATE_FILTERED] = True
    principal = principal_of(state)
    services = state.get(STATE_SERVICES)
    if principal is None or principal.unrestricted or not isinstance(services, IdentityServices):
        return Viewer(kind, None, None)
    return Viewer(kind, principal, services.access)


async def visible(request: Request, kind: Listing, items: list[Item]) -> list[Item]:
    """The items of a search already read, kept for the caller (instances looked up through the
    guard's own engine objects)."""
    viewer = viewer_of(request, kind)
    if viewer.principal is None or kind not in _BY_INSTANCE:
        return viewer.keep(items)
    services = request.scope["state"][STATE_SERVICES]
    assert isinstance(services, IdentityServices) and services.objects is not None
    field = _instance_field(kind)
    keys = {int(item[field]) for item in items if item.get(field) is not None}
    facts = await services.objects.instances_facts(keys)
    return viewer.keep_with(items, facts.get)


def _instance_field(kind: Listing) -> str:
    return "process_instance_key" if kind is Listing.AUDIT else "processInstanceKey"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _may_see_task(access: Access, principal: Principal, task: Item) -> bool:
    return access.may_see_task(principal, task) or access.allows(
        principal,
        ResourceType.PROCESS_DEFINITION,
        Permission.READ_USER_TASK,
        _text(task.get("processDefinitionId")),
    )


def _may_see_instance(access: Access, principal: Principal, facts: InstanceFacts, *, by_unit: bool) -> bool:
    if by_unit:
        return access.may_see_instance(principal, facts.process_definition_id, facts.unit)
    return access.allows(
        principal,
        ResourceType.PROCESS_DEFINITION,
        Permission.READ_PROCESS_INSTANCE,
        facts.process_definition_id,
    )
