"""The roles every directory starts with and what each may do, as Camunda 8.8 authorizations.

- ``admin``: manages the directory (users, groups, roles, authorizations, mapping rules).
- ``ops`` (运维): reads every instance, its incidents and variables, decisions and documents; retries,
  resolves, cancels (one or in batches), sets variables and publishes messages.
- ``process-owner`` (流程负责人): deploys and deletes resources, migrates instances to new versions.
- ``applicant`` (建设单位): reads the process definitions and starts projects; sees its own unit's
  instances (a rule, not a grant).

Reviewers, leaders and the other bodies need no role: their candidate groups give them their tasks.
"""

from __future__ import annotations

from engine.identity.directory import Directory
from engine.identity.permissions import WILDCARD, OwnerType, Permission, ResourceType

ADMIN, OPS, PROCESS_OWNER, APPLICANT = "admin", "ops", "process-owner", "applicant"

_IDENTITY_TYPES = (
    ResourceType.USER,
    ResourceType.GROUP,
    ResourceType.ROLE,
    ResourceType.AUTHORIZATION,
    ResourceType.MAPPING_RULE,
)
_CRUD = (Permission.CREATE, Permission.READ, Permission.UPDATE, Permission.DELETE)

ROLE_GRANTS: dict[str, tuple[str, list[tuple[ResourceType, tuple[Permission, ...]]]]] = {
    ADMIN: ("系统管理员", [(resource, _CRUD) for resource in _IDENTITY_TYPES]),
    OPS: (
        "运维人员",
        [
            (
                ResourceType.PROCESS_DEFINITION,
                (
                    Permission.READ_PROCESS_DEFINITION,
                    Permission.READ_PROCESS_INSTANCE,
                    Permission.UPDATE_PROCESS_INSTANCE,
                    Permission.DELETE_PROCESS_INSTANCE,
                ),
            ),
            (ResourceType.MESSAGE, (Permission.CREATE, Permission.READ)),
            (
                ResourceType.DECISION_DEFINITION,
                (Permission.READ_DECISION_DEFINITION, Permission.READ_DECISION_INSTANCE),
            ),
            (ResourceType.DECISION_REQUIREMENTS_DEFINITION, (Permission.READ,)),
            (ResourceType.SYSTEM, (Permission.READ, Permission.UPDATE, Permission.READ_USAGE_METRIC)),
            (
                ResourceType.BATCH,
                (
                    Permission.READ,
                    Permission.UPDATE,
                    Permission.CREATE_BATCH_OPERATION_CANCEL_PROCESS_INSTANCE,
                    Permission.CREATE_BATCH_OPERATION_RESOLVE_INCIDENT,
                    Permission.CREATE_BATCH_OPERATION_MODIFY_PROCESS_INSTANCE,
                ),
            ),
            (ResourceType.DOCUMENT, (Permission.CREATE, Permission.READ, Permission.DELETE)),
        ],
    ),
    PROCESS_OWNER: (
        "流程负责人",
        [
            (ResourceType.RESOURCE, (Permission.CREATE, Permission.DELETE_RESOURCE, Permission.READ)),
            (
                ResourceType.PROCESS_DEFINITION,
                # Migration asks UPDATE_PROCESS_INSTANCE (as on 8.8) and RESOURCE:CREATE (see policy).
                (Permission.READ_PROCESS_DEFINITION, Permission.UPDATE_PROCESS_INSTANCE),
            ),
            (
                ResourceType.DECISION_DEFINITION,
                (Permission.READ_DECISION_DEFINITION, Permission.CREATE_DECISION_INSTANCE),
            ),
            (ResourceType.DECISION_REQUIREMENTS_DEFINITION, (Permission.READ,)),
            (
                ResourceType.BATCH,
                (
                    Permission.READ,
                    Permission.UPDATE,
                    Permission.CREATE_BATCH_OPERATION_MIGRATE_PROCESS_INSTANCE,
                ),
            ),
        ],
    ),
    APPLICANT: (
        "建设单位",
        # Reading the definitions finds the process to start and its start form.
        [
            (
                ResourceType.PROCESS_DEFINITION,
                (Permission.READ_PROCESS_DEFINITION, Permission.CREATE_PROCESS_INSTANCE),
            )
        ],
    ),
}


def ensure_default_roles(directory: Directory) -> None:
    """Create the default roles and their grants when missing; existing ones are left as edited."""
    for role_id, (name, grants) in ROLE_GRANTS.items():
        if directory.find_role(role_id) is not None:
            continue
        directory.add_role(role_id, name=name)
        for resource_type, permissions in grants:
            directory.add_authorization(OwnerType.ROLE, role_id, resource_type, WILDCARD, permissions)
