"""Which operations of Camunda 8.8's Orchestration Cluster REST API the embedded engine leaves out,
and why. Every other operation of the 8.8 specification is served (the coverage test,
``tests/engine/gateway/test_rest_coverage.py``, holds the routes to this list)."""

from __future__ import annotations

from collections.abc import Mapping

_TENANTS = (
    "the embedded engine is single-tenant: every resource belongs to <default>, as on a cluster with "
    "multi-tenancy disabled; a district runs one engine per authority instead of tenants"
)
_FIRST_ADMIN = (
    "a new data directory gets its first administrator from `govit users add … --role admin` (or "
    "the demo users of `make run`), on the machine, instead of from an unauthenticated call"
)

OUT_OF_SCOPE: Mapping[str, str] = {
    "activateAdHocSubProcessActivities": (
        "8.8 activates each element of an ad-hoc sub-process inside an inner instance of its own "
        "(AD_HOC_SUB_PROCESS_INNER_INSTANCE) that holds the variables given with it; the embedded "
        "engine's ad-hoc sub-process has no inner instances (it activates the elements its "
        "activeElementsCollection names when it is entered), so it cannot scope those variables as 8.8 does"
    ),
    # identity: the directory of users, groups, roles, authorizations and mapping rules is served;
    # tenants and the unauthenticated setup of a first administrator are not
    "assignClientToTenant": _TENANTS,
    "assignGroupToTenant": _TENANTS,
    "assignMappingRuleToTenant": _TENANTS,
    "assignRoleToTenant": _TENANTS,
    "assignUserToTenant": _TENANTS,
    "createAdminUser": _FIRST_ADMIN,
    "createTenant": _TENANTS,
    "deleteTenant": _TENANTS,
    "getTenant": _TENANTS,
    "searchClientsForTenant": _TENANTS,
    "searchGroupIdsForTenant": _TENANTS,
    "searchMappingRulesForTenant": _TENANTS,
    "searchRolesForTenant": _TENANTS,
    "searchTenants": _TENANTS,
    "searchUsersForTenant": _TENANTS,
    "unassignClientFromTenant": _TENANTS,
    "unassignGroupFromTenant": _TENANTS,
    "unassignMappingRuleFromTenant": _TENANTS,
    "unassignRoleFromTenant": _TENANTS,
    "unassignUserFromTenant": _TENANTS,
    "updateTenant": _TENANTS,
}
"""operationId (as the 8.8 specification names it) → why a single embedded node does not serve it."""

EXTENSIONS: Mapping[tuple[str, str], str] = {
    ("POST", "/v2/audit-logs/search"): (
        "who did what and when, per project (claims, completions with what was submitted, retries, "
        "variable changes, cancellations, messages, deployments): the dossier and the workspace read it; "
        "8.8 has no such operation"
    ),
}
"""Routes the embedded engine serves beyond the 8.8 specification, each with why."""
