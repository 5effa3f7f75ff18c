"""Which of the registry's projects a signed-in person may see.

- the service account and whoever reads every process instance (the ``ops`` role's wildcard
  READ_PROCESS_INSTANCE grant, see :mod:`engine.identity.defaults`): every project;
- the IT authority's staff (政务信息化主管部门: the ``<region>-ita-…`` groups the diagrams name,
  reviewers and leaders): every project of their region, as they oversee all of it;
- an applying unit's staff (a user with a ``unit``): their own unit's projects, and no other's,
  as with the unit's process instances.

Anyone else (finance, the other bodies) sees no project here: their tasks reach them in Tasklist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.identity.access import Access
from engine.identity.permissions import Permission, ResourceType
from engine.identity.principal import Principal

_AUTHORITY_GROUP = re.compile(r"^(lg|hy|lz|th|yb)-ita-[a-z-]+$")


@dataclass(frozen=True)
class RegistryScope:
    everything: bool = False
    jurisdictions: frozenset[str] = frozenset()
    """Regions (``LG``, ``HY``…) whose every project is visible."""
    unit: str | None = None
    """The applying unit whose projects are visible."""

    def sees(self, jurisdiction: str, unit: str) -> bool:
        return (
            self.everything
            or jurisdiction in self.jurisdictions
            or (self.unit is not None and unit == self.unit)
        )

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.jurisdictions and self.unit is None


def scope_of(principal: Principal, access: Access) -> RegistryScope:
    if access.allows(principal, ResourceType.PROCESS_DEFINITION, Permission.READ_PROCESS_INSTANCE):
        return RegistryScope(everything=True)
    regions = frozenset(
        found.group(1).upper() for group in principal.groups if (found := _AUTHORITY_GROUP.match(group))
    )
    return RegistryScope(jurisdictions=regions, unit=principal.unit)
