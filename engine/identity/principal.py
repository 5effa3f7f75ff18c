"""Who makes a call: a service account (the engine's shared token, used by the workers) or a user
signed in with a password, an API token or an OIDC bearer token."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PrincipalKind(StrEnum):
    SERVICE = "SERVICE"
    """The ``ENGINE_AUTH_TOKEN`` service account: the workers and operators' tools; may do anything."""
    USER = "USER"
    OPEN = "OPEN"
    """No authentication configured at all (a loopback engine for one person): everything allowed."""


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    username: str
    name: str = ""
    email: str | None = None
    unit: str | None = None
    groups: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    mapping_rules: frozenset[str] = frozenset()
    client_id: str | None = None
    via: str = ""
    """How the caller authenticated: ``service-token``, ``password``, ``api-token``, ``oidc``."""
    claims: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def unrestricted(self) -> bool:
        return self.kind is not PrincipalKind.USER


SERVICE_ACCOUNT = Principal(PrincipalKind.SERVICE, "service-account", name="服务账号", via="service-token")
OPEN_ACCESS = Principal(PrincipalKind.OPEN, "anonymous", name="未启用认证")
