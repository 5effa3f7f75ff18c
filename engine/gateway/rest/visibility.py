"""The hook a search route calls on its items before filtering and paging them: it keeps only what
the caller may see (user tasks by assignee, candidate users and groups; instances by grant or by
the caller's applying unit; incidents and variables by the ops grant).

``items = await visible(request, Listing.USER_TASK, items)``: with no identity configured it
returns the items unchanged; under the guard, a search route that does not call it fails closed.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from engine.gateway.identity_services import IdentityServices
from engine.gateway.rest.guard import STATE_FILTERED, STATE_SERVICES, principal_of
from engine.identity.permissions import Permission, ResourceType
from engine.identity.policy import Listing
from engine.identity.principal import Principal

Item = dict[str, Any]


async def visible(request: Request, kind: Listing, items: list[Item]) -> list[Item]:
    state: dict[str, Any] = request.scope.setdefault("state", {})
    state[STATE_FILTERED] = True
    principal = principal_of(state)
    services = state.get(STATE_SERVICES)
    if principal is None or principal.unrestricted or not isinstance(services, IdentityServices):
        return items
    return await _filter(services, principal, kind, items)


async def _filter(
    services: IdentityServices, principal: Principal, kind: Listing, items: list[Item]
) -> list[Item]:
    access = services.access
    if kind is Listing.USER_TASK:
        return [
            item
            for item in items
            if access.may_see_task(principal, item)
            or access.allows(
                principal,
                ResourceType.PROCESS_DEFINITION,
                Permission.READ_USER_TASK,
                item.get("processDefinitionId"),
            )
        ]
    if kind is Listing.INCIDENT:
        return [
            item
            for item in items
            if access.allows(
                principal,
                ResourceType.PROCESS_DEFINITION,
                Permission.READ_PROCESS_INSTANCE,
                item.get("processDefinitionId"),
            )
        ]
    assert services.objects is not None
    field = "process_instance_key" if kind is Listing.AUDIT else "processInstanceKey"
    keys = {int(item[field]) for item in items if item.get(field) is not None}
    facts = await services.objects.instances_facts(keys)

    def instance_visible(item: Item, *, by_unit: bool) -> bool:
        raw = item.get(field)
        found = facts.get(int(raw)) if raw is not None else None
        if found is None:
            return False
        if by_unit:
            return access.may_see_instance(principal, found.process_definition_id, found.unit)
        return access.allows(
            principal,
            ResourceType.PROCESS_DEFINITION,
            Permission.READ_PROCESS_INSTANCE,
            found.process_definition_id,
        )

    by_unit = kind is not Listing.VARIABLE
    return [item for item in items if instance_visible(item, by_unit=by_unit)]
