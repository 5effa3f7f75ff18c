"""Resource binding: which version of a called process, decision or linked form an element uses.

"latest" takes the newest version, "deployment" the version deployed together with the calling
process, "versionTag" the newest version carrying the given version tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

LATEST = "latest"
DEPLOYMENT = "deployment"
VERSION_TAG = "versionTag"
BINDING_TYPES = (LATEST, DEPLOYMENT, VERSION_TAG)


def select(
    rows: Iterable[dict[str, Any]],
    *,
    id_field: str,
    resource_id: str,
    binding: str,
    deployment_key: int,
    version_tag: str | None,
) -> dict[str, Any] | None:
    candidates = [row for row in rows if row.get(id_field) == resource_id]
    if binding == DEPLOYMENT:
        candidates = [row for row in candidates if row.get("deploymentKey") == deployment_key]
    elif binding == VERSION_TAG:
        candidates = [row for row in candidates if row.get("versionTag") == version_tag]
    return max(candidates, key=lambda row: int(row["version"])) if candidates else None


def describe(kind: str, resource_id: str, binding: str, version_tag: str | None) -> str:
    """Zeebe-like wording for a resource the binding cannot find."""
    if binding == DEPLOYMENT:
        return f"Expected to find {kind} with id '{resource_id}' in the same deployment, but not found."
    if binding == VERSION_TAG:
        return (
            f"Expected to find {kind} with id '{resource_id}' and version tag '{version_tag}', but not found."
        )
    return f"Expected to find {kind} with id '{resource_id}', but not found."
