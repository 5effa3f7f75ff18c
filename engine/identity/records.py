"""The directory's entries as plain values (what the store returns and the identity API shows)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.identity.permissions import OwnerType, Permission, ResourceType


@dataclass(frozen=True)
class User:
    username: str
    name: str
    email: str | None
    unit: str | None
    """The applying unit (建设单位) the user works for; None for the authorities' staff."""
    enabled: bool


@dataclass(frozen=True)
class Group:
    group_id: str
    name: str
    description: str | None


@dataclass(frozen=True)
class Role:
    role_id: str
    name: str
    description: str | None


@dataclass(frozen=True)
class MappingRule:
    """An OIDC claim (name, value) that makes its bearer a member of the rule's groups and roles."""

    mapping_rule_id: str
    name: str
    claim_name: str
    claim_value: str


@dataclass(frozen=True)
class Authorization:
    key: int
    owner_type: OwnerType
    owner_id: str
    resource_type: ResourceType
    resource_id: str
    permissions: frozenset[Permission]


class DirectoryError(Exception):
    """A directory change that cannot be made; the message names the entry, in Chinese."""


class NotFoundInDirectory(DirectoryError):
    pass


class AlreadyInDirectory(DirectoryError):
    pass
