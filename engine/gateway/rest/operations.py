"""Which operations of Camunda 8.8's Orchestration Cluster REST API the embedded engine leaves out,
and why. Every other operation of the 8.8 specification is served (the coverage test,
``tests/engine/gateway/test_rest_coverage.py``, holds the routes to this list)."""

from __future__ import annotations

from collections.abc import Mapping

_IDENTITY = "served with the directory of users and groups (identity)"

OUT_OF_SCOPE: Mapping[str, str] = {
    "activateAdHocSubProcessActivities": (
        "8.8 activates each element of an ad-hoc sub-process inside an inner instance of its own "
        "(AD_HOC_SUB_PROCESS_INNER_INSTANCE) that holds the variables given with it; the embedded "
        "engine's ad-hoc sub-process has no inner instances (it activates the elements its "
        "activeElementsCollection names when it is entered), so it cannot scope those variables as 8.8 does"
    ),
    # identity: users, groups, roles, tenants, clients, authorizations, mapping rules, the
    # authenticated user and the first admin user
    "assignClientToGroup": _IDENTITY,
    "assignClientToTenant": _IDENTITY,
    "assignGroupToTenant": _IDENTITY,
    "assignMappingRuleToGroup": _IDENTITY,
    "assignMappingRuleToTenant": _IDENTITY,
    "assignRoleToClient": _IDENTITY,
    "assignRoleToGroup": _IDENTITY,
    "assignRoleToMappingRule": _IDENTITY,
    "assignRoleToTenant": _IDENTITY,
    "assignRoleToUser": _IDENTITY,
    "assignUserToGroup": _IDENTITY,
    "assignUserToTenant": _IDENTITY,
    "createAdminUser": _IDENTITY,
    "createAuthorization": _IDENTITY,
    "createGroup": _IDENTITY,
    "createMappingRule": _IDENTITY,
    "createRole": _IDENTITY,
    "createTenant": _IDENTITY,
    "createUser": _IDENTITY,
    "deleteAuthorization": _IDENTITY,
    "deleteGroup": _IDENTITY,
    "deleteMappingRule": _IDENTITY,
    "deleteRole": _IDENTITY,
    "deleteTenant": _IDENTITY,
    "deleteUser": _IDENTITY,
    "getAuthentication": _IDENTITY,
    "getAuthorization": _IDENTITY,
    "getGroup": _IDENTITY,
    "getMappingRule": _IDENTITY,
    "getRole": _IDENTITY,
    "getTenant": _IDENTITY,
    "getUser": _IDENTITY,
    "searchAuthorizations": _IDENTITY,
    "searchClientsForGroup": _IDENTITY,
    "searchClientsForRole": _IDENTITY,
    "searchClientsForTenant": _IDENTITY,
    "searchGroupIdsForTenant": _IDENTITY,
    "searchGroups": _IDENTITY,
    "searchGroupsForRole": _IDENTITY,
    "searchMappingRule": _IDENTITY,
    "searchMappingRulesForGroup": _IDENTITY,
    "searchMappingRulesForRole": _IDENTITY,
    "searchMappingRulesForTenant": _IDENTITY,
    "searchRoles": _IDENTITY,
    "searchRolesForGroup": _IDENTITY,
    "searchRolesForTenant": _IDENTITY,
    "searchTenants": _IDENTITY,
    "searchUsers": _IDENTITY,
    "searchUsersForGroup": _IDENTITY,
    "searchUsersForRole": _IDENTITY,
    "searchUsersForTenant": _IDENTITY,
    "unassignClientFromGroup": _IDENTITY,
    "unassignClientFromTenant": _IDENTITY,
    "unassignGroupFromTenant": _IDENTITY,
    "unassignMappingRuleFromGroup": _IDENTITY,
    "unassignMappingRuleFromTenant": _IDENTITY,
    "unassignRoleFromClient": _IDENTITY,
    "unassignRoleFromGroup": _IDENTITY,
    "unassignRoleFromMappingRule": _IDENTITY,
    "unassignRoleFromTenant": _IDENTITY,
    "unassignRoleFromUser": _IDENTITY,
    "unassignUserFromGroup": _IDENTITY,
    "unassignUserFromTenant": _IDENTITY,
    "updateAuthorization": _IDENTITY,
    "updateGroup": _IDENTITY,
    "updateMappingRule": _IDENTITY,
    "updateRole": _IDENTITY,
    "updateTenant": _IDENTITY,
    "updateUser": _IDENTITY,
}
"""operationId (as the 8.8 specification names it) → why a single embedded node does not serve it."""
