"""The authorization policy of both APIs: one line per operation.

Each REST operation (method, path template as the route declares it) and each gRPC method names
the Camunda 8.8 permission it needs and, where the call addresses one object by key, what that key
is (a user task, a process instance, …), so the check can look at that object: its process for a
resource-scoped grant, its candidates for a user task, its applying unit for a project. A search
names the kind of item its handler filters through :func:`engine.gateway.rest.visibility.visible`.

An operation missing from the table is refused (403 / PERMISSION_DENIED) for users, and a test
fails for every route the REST app registers without a line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from engine.identity.permissions import Permission as P
from engine.identity.permissions import ResourceType as R


class Target(StrEnum):
    """What the ``{key}`` of the path names."""

    NONE = "NONE"
    USER_TASK = "USER_TASK"
    PROCESS_INSTANCE = "PROCESS_INSTANCE"
    ELEMENT_INSTANCE = "ELEMENT_INSTANCE"
    INCIDENT = "INCIDENT"
    VARIABLE = "VARIABLE"
    JOB = "JOB"
    PROCESS_DEFINITION = "PROCESS_DEFINITION"


class Listing(StrEnum):
    """The kinds of search result the visibility hook filters."""

    USER_TASK = "userTask"
    PROCESS_INSTANCE = "processInstance"
    ELEMENT_INSTANCE = "elementInstance"
    INCIDENT = "incident"
    VARIABLE = "variable"
    JOB = "job"
    MESSAGE_SUBSCRIPTION = "messageSubscription"
    PROCESS_DEFINITION = "processDefinition"
    DECISION_DEFINITION = "decisionDefinition"
    DECISION_INSTANCE = "decisionInstance"
    AUDIT = "audit"


@dataclass(frozen=True)
class Rule:
    resource_type: R | None = None
    """None with permission None: any authenticated caller."""
    permission: P | None = None
    also: tuple[tuple[R, P], ...] = ()
    """Further permissions the operation needs (all of them)."""
    target: Target = Target.NONE
    listing: Listing | None = None
    audit: str | None = None
    """The operation name recorded in the audit log when the call succeeds."""
    self_service: bool = False
    """A user may do this to their own entry without the permission (``PUT /v2/users/{username}``)."""
    unit_reads: bool = False
    """An applying unit's staff may read this of their own projects' instances without the grant."""
    body_process_id: bool = False
    """The body's ``processDefinitionId`` names the process a resource-scoped grant may match, and a
    unit's staff may start it only in their own unit's name (a project creation)."""
    public: bool = False
    """Answered without credentials (``GET /v2/status``, as on 8.8, for load balancers)."""


def authenticated() -> Rule:
    return Rule()


def needs(
    resource_type: R, permission: P, *, audit: str | None = None, also: tuple[tuple[R, P], ...] = ()
) -> Rule:
    return Rule(resource_type, permission, also=also, audit=audit)


def on(
    target: Target,
    resource_type: R,
    permission: P,
    *,
    audit: str | None = None,
    also: tuple[tuple[R, P], ...] = (),
) -> Rule:
    return Rule(resource_type, permission, also=also, target=target, audit=audit)


def listing(kind: Listing) -> Rule:
    return Rule(listing=kind)


def unit_readable(target: Target) -> Rule:
    """Reading one instance-bound object: ops and the authorities by grant, a unit its own projects."""
    return Rule(R.PROCESS_DEFINITION, P.READ_PROCESS_INSTANCE, target=target, unit_reads=True)


_TASK_READ = (R.PROCESS_DEFINITION, P.READ_USER_TASK)
_TASK_WORK = (R.PROCESS_DEFINITION, P.UPDATE_USER_TASK)
_INSTANCE_READ = (R.PROCESS_DEFINITION, P.READ_PROCESS_INSTANCE)
_INSTANCE_UPDATE = (R.PROCESS_DEFINITION, P.UPDATE_PROCESS_INSTANCE)

REST_POLICY: dict[tuple[str, str], Rule] = {
    # user tasks: assignee, candidate users and candidate groups (or a grant on the process)
    ("POST", "/v2/user-tasks/search"): listing(Listing.USER_TASK),
    ("GET", "/v2/user-tasks/{key}"): on(Target.USER_TASK, *_TASK_READ),
    ("PATCH", "/v2/user-tasks/{key}"): on(Target.USER_TASK, *_TASK_WORK, audit="UPDATE_USER_TASK"),
    ("POST", "/v2/user-tasks/{key}/assignment"): on(Target.USER_TASK, *_TASK_WORK, audit="ASSIGN_USER_TASK"),
    ("DELETE", "/v2/user-tasks/{key}/assignee"): on(
        Target.USER_TASK, *_TASK_WORK, audit="UNASSIGN_USER_TASK"
    ),
    ("POST", "/v2/user-tasks/{key}/completion"): on(
        Target.USER_TASK, *_TASK_WORK, audit="COMPLETE_USER_TASK"
    ),
    ("GET", "/v2/user-tasks/{key}/form"): on(Target.USER_TASK, *_TASK_READ),
    # incidents and variables: ops
    ("POST", "/v2/incidents/search"): listing(Listing.INCIDENT),
    ("POST", "/v2/incidents/{key}/resolution"): on(
        Target.INCIDENT, *_INSTANCE_UPDATE, audit="RESOLVE_INCIDENT"
    ),
    ("POST", "/v2/variables/search"): listing(Listing.VARIABLE),
    ("GET", "/v2/variables/{key}"): on(Target.VARIABLE, *_INSTANCE_READ),
    # instances: ops and the authorities by grant; an applying unit its own projects
    ("POST", "/v2/process-instances/search"): listing(Listing.PROCESS_INSTANCE),
    ("GET", "/v2/process-instances/{key}"): unit_readable(Target.PROCESS_INSTANCE),
    ("POST", "/v2/process-instances/{key}/migration"): on(
        Target.PROCESS_INSTANCE,
        *_INSTANCE_UPDATE,
        also=((R.RESOURCE, P.CREATE),),
        audit="MIGRATE_PROCESS_INSTANCE",
    ),
    ("POST", "/v2/element-instances/search"): listing(Listing.ELEMENT_INSTANCE),
    ("GET", "/v2/element-instances/{key}"): unit_readable(Target.ELEMENT_INSTANCE),
    ("PATCH", "/v2/jobs/{key}"): on(Target.JOB, *_INSTANCE_UPDATE, audit="UPDATE_JOB"),
    # the engine clock moves every timer of every project
    ("PUT", "/v2/clock"): needs(R.SYSTEM, P.UPDATE, audit="PIN_CLOCK"),
    ("POST", "/v2/clock/reset"): needs(R.SYSTEM, P.UPDATE, audit="RESET_CLOCK"),
    ("GET", "/v2/topology"): authenticated(),
    # identity (Camunda 8.8's identity API)
    ("GET", "/v2/authentication/me"): authenticated(),
    ("POST", "/v2/users"): needs(R.USER, P.CREATE, audit="CREATE_USER"),
    ("POST", "/v2/users/search"): needs(R.USER, P.READ),
    ("GET", "/v2/users/{username}"): Rule(R.USER, P.READ, self_service=True),
    ("PUT", "/v2/users/{username}"): Rule(R.USER, P.UPDATE, self_service=True, audit="UPDATE_USER"),
    ("DELETE", "/v2/users/{username}"): needs(R.USER, P.DELETE, audit="DELETE_USER"),
    ("POST", "/v2/groups"): needs(R.GROUP, P.CREATE, audit="CREATE_GROUP"),
    ("POST", "/v2/groups/search"): needs(R.GROUP, P.READ),
    ("GET", "/v2/groups/{groupId}"): needs(R.GROUP, P.READ),
    ("PUT", "/v2/groups/{groupId}"): needs(R.GROUP, P.UPDATE, audit="UPDATE_GROUP"),
    ("DELETE", "/v2/groups/{groupId}"): needs(R.GROUP, P.DELETE, audit="DELETE_GROUP"),
    ("PUT", "/v2/groups/{groupId}/users/{username}"): needs(R.GROUP, P.UPDATE, audit="ASSIGN_USER_TO_GROUP"),
    ("DELETE", "/v2/groups/{groupId}/users/{username}"): needs(
        R.GROUP, P.UPDATE, audit="UNASSIGN_USER_FROM_GROUP"
    ),
    ("POST", "/v2/groups/{groupId}/users/search"): needs(R.GROUP, P.READ),
    ("PUT", "/v2/groups/{groupId}/clients/{clientId}"): needs(
        R.GROUP, P.UPDATE, audit="ASSIGN_CLIENT_TO_GROUP"
    ),
    ("DELETE", "/v2/groups/{groupId}/clients/{clientId}"): needs(
        R.GROUP, P.UPDATE, audit="UNASSIGN_CLIENT_FROM_GROUP"
    ),
    ("POST", "/v2/groups/{groupId}/clients/search"): needs(R.GROUP, P.READ),
    ("PUT", "/v2/groups/{groupId}/mapping-rules/{mappingRuleId}"): needs(
        R.GROUP, P.UPDATE, audit="ASSIGN_MAPPING_RULE_TO_GROUP"
    ),
    ("DELETE", "/v2/groups/{groupId}/mapping-rules/{mappingRuleId}"): needs(
        R.GROUP, P.UPDATE, audit="UNASSIGN_MAPPING_RULE_FROM_GROUP"
    ),
    ("POST", "/v2/groups/{groupId}/mapping-rules/search"): needs(R.GROUP, P.READ),
    ("POST", "/v2/groups/{groupId}/roles/search"): needs(R.GROUP, P.READ),
    ("POST", "/v2/roles"): needs(R.ROLE, P.CREATE, audit="CREATE_ROLE"),
    ("POST", "/v2/roles/search"): needs(R.ROLE, P.READ),
    ("GET", "/v2/roles/{roleId}"): needs(R.ROLE, P.READ),
    ("PUT", "/v2/roles/{roleId}"): needs(R.ROLE, P.UPDATE, audit="UPDATE_ROLE"),
    ("DELETE", "/v2/roles/{roleId}"): needs(R.ROLE, P.DELETE, audit="DELETE_ROLE"),
    ("PUT", "/v2/roles/{roleId}/users/{username}"): needs(R.ROLE, P.UPDATE, audit="ASSIGN_ROLE_TO_USER"),
    ("DELETE", "/v2/roles/{roleId}/users/{username}"): needs(
        R.ROLE, P.UPDATE, audit="UNASSIGN_ROLE_FROM_USER"
    ),
    ("POST", "/v2/roles/{roleId}/users/search"): needs(R.ROLE, P.READ),
    ("PUT", "/v2/roles/{roleId}/groups/{groupId}"): needs(R.ROLE, P.UPDATE, audit="ASSIGN_ROLE_TO_GROUP"),
    ("DELETE", "/v2/roles/{roleId}/groups/{groupId}"): needs(
        R.ROLE, P.UPDATE, audit="UNASSIGN_ROLE_FROM_GROUP"
    ),
    ("POST", "/v2/roles/{roleId}/groups/search"): needs(R.ROLE, P.READ),
    ("PUT", "/v2/roles/{roleId}/clients/{clientId}"): needs(R.ROLE, P.UPDATE, audit="ASSIGN_ROLE_TO_CLIENT"),
    ("DELETE", "/v2/roles/{roleId}/clients/{clientId}"): needs(
        R.ROLE, P.UPDATE, audit="UNASSIGN_ROLE_FROM_CLIENT"
    ),
    ("POST", "/v2/roles/{roleId}/clients/search"): needs(R.ROLE, P.READ),
    ("PUT", "/v2/roles/{roleId}/mapping-rules/{mappingRuleId}"): needs(
        R.ROLE, P.UPDATE, audit="ASSIGN_ROLE_TO_MAPPING_RULE"
    ),
    ("DELETE", "/v2/roles/{roleId}/mapping-rules/{mappingRuleId}"): needs(
        R.ROLE, P.UPDATE, audit="UNASSIGN_ROLE_FROM_MAPPING_RULE"
    ),
    ("POST", "/v2/roles/{roleId}/mapping-rules/search"): needs(R.ROLE, P.READ),
    ("POST", "/v2/authorizations"): needs(R.AUTHORIZATION, P.CREATE, audit="CREATE_AUTHORIZATION"),
    ("POST", "/v2/authorizations/search"): needs(R.AUTHORIZATION, P.READ),
    ("GET", "/v2/authorizations/{authorizationKey}"): needs(R.AUTHORIZATION, P.READ),
    ("PUT", "/v2/authorizations/{authorizationKey}"): needs(
        R.AUTHORIZATION, P.UPDATE, audit="UPDATE_AUTHORIZATION"
    ),
    ("DELETE", "/v2/authorizations/{authorizationKey}"): needs(
        R.AUTHORIZATION, P.DELETE, audit="DELETE_AUTHORIZATION"
    ),
    ("POST", "/v2/mapping-rules"): needs(R.MAPPING_RULE, P.CREATE, audit="CREATE_MAPPING_RULE"),
    ("POST", "/v2/mapping-rules/search"): needs(R.MAPPING_RULE, P.READ),
    ("GET", "/v2/mapping-rules/{mappingRuleId}"): needs(R.MAPPING_RULE, P.READ),
    ("PUT", "/v2/mapping-rules/{mappingRuleId}"): needs(
        R.MAPPING_RULE, P.UPDATE, audit="UPDATE_MAPPING_RULE"
    ),
    ("DELETE", "/v2/mapping-rules/{mappingRuleId}"): needs(
        R.MAPPING_RULE, P.DELETE, audit="DELETE_MAPPING_RULE"
    ),
    # -- what follows covers the rest of 8.8's operations, resource by resource --
    ("POST", "/v2/user-tasks/{key}/variables/search"): on(Target.USER_TASK, *_TASK_READ),
    ("GET", "/v2/incidents/{key}"): on(Target.INCIDENT, *_INSTANCE_READ),
    ("POST", "/v2/process-instances"): Rule(
        R.PROCESS_DEFINITION, P.CREATE_PROCESS_INSTANCE, body_process_id=True, audit="CREATE_PROCESS_INSTANCE"
    ),
    ("POST", "/v2/process-instances/{key}/cancellation"): on(
        Target.PROCESS_INSTANCE, *_INSTANCE_UPDATE, audit="CANCEL_PROCESS_INSTANCE"
    ),
    ("POST", "/v2/process-instances/{key}/modification"): on(
        Target.PROCESS_INSTANCE, *_INSTANCE_UPDATE, audit="MODIFY_PROCESS_INSTANCE"
    ),
    ("POST", "/v2/process-instances/{key}/incidents/search"): on(Target.PROCESS_INSTANCE, *_INSTANCE_READ),
    ("GET", "/v2/process-instances/{key}/sequence-flows"): unit_readable(Target.PROCESS_INSTANCE),
    ("GET", "/v2/process-instances/{key}/statistics/element-instances"): unit_readable(
        Target.PROCESS_INSTANCE
    ),
    ("GET", "/v2/process-instances/{key}/call-hierarchy"): unit_readable(Target.PROCESS_INSTANCE),
    ("PUT", "/v2/element-instances/{key}/variables"): on(
        Target.ELEMENT_INSTANCE, *_INSTANCE_UPDATE, audit="SET_VARIABLES"
    ),
    # jobs are the workers' (the service account); a person needs the ops grant to touch one
    ("POST", "/v2/jobs/activation"): needs(*_INSTANCE_UPDATE),
    ("POST", "/v2/jobs/search"): listing(Listing.JOB),
    ("POST", "/v2/jobs/{key}/completion"): on(Target.JOB, *_INSTANCE_UPDATE, audit="COMPLETE_JOB"),
    ("POST", "/v2/jobs/{key}/failure"): on(Target.JOB, *_INSTANCE_UPDATE, audit="FAIL_JOB"),
    ("POST", "/v2/jobs/{key}/error"): on(Target.JOB, *_INSTANCE_UPDATE, audit="THROW_ERROR"),
    # deployments and the definitions they hold
    ("POST", "/v2/deployments"): needs(R.RESOURCE, P.CREATE, audit="DEPLOY_RESOURCE"),
    ("POST", "/v2/process-definitions/search"): listing(Listing.PROCESS_DEFINITION),
    ("GET", "/v2/process-definitions/{key}"): on(
        Target.PROCESS_DEFINITION, R.PROCESS_DEFINITION, P.READ_PROCESS_DEFINITION
    ),
    ("GET", "/v2/process-definitions/{key}/xml"): on(
        Target.PROCESS_DEFINITION, R.PROCESS_DEFINITION, P.READ_PROCESS_DEFINITION
    ),
    ("GET", "/v2/process-definitions/{key}/form"): on(
        Target.PROCESS_DEFINITION, R.PROCESS_DEFINITION, P.READ_PROCESS_DEFINITION
    ),
    ("POST", "/v2/process-definitions/{key}/statistics/element-instances"): on(
        Target.PROCESS_DEFINITION, *_INSTANCE_READ
    ),
    ("GET", "/v2/resources/{key}"): needs(R.RESOURCE, P.READ),
    ("GET", "/v2/resources/{key}/content"): needs(R.RESOURCE, P.READ),
    ("POST", "/v2/resources/{key}/deletion"): needs(R.RESOURCE, P.DELETE_RESOURCE, audit="DELETE_RESOURCE"),
    # batch operations over instances: 8.8's BATCH resource, one permission per kind of batch
    ("POST", "/v2/process-instances/cancellation"): needs(
        R.BATCH, P.CREATE_BATCH_OPERATION_CANCEL_PROCESS_INSTANCE, audit="BATCH_CANCEL_PROCESS_INSTANCE"
    ),
    ("POST", "/v2/process-instances/incident-resolution"): needs(
        R.BATCH, P.CREATE_BATCH_OPERATION_RESOLVE_INCIDENT, audit="BATCH_RESOLVE_INCIDENT"
    ),
    ("POST", "/v2/process-instances/migration"): needs(
        R.BATCH, P.CREATE_BATCH_OPERATION_MIGRATE_PROCESS_INSTANCE, audit="BATCH_MIGRATE_PROCESS_INSTANCE"
    ),
    ("POST", "/v2/process-instances/modification"): needs(
        R.BATCH, P.CREATE_BATCH_OPERATION_MODIFY_PROCESS_INSTANCE, audit="BATCH_MODIFY_PROCESS_INSTANCE"
    ),
    ("POST", "/v2/batch-operations/search"): needs(R.BATCH, P.READ),
    ("GET", "/v2/batch-operations/{key}"): needs(R.BATCH, P.READ),
    ("POST", "/v2/batch-operations/{key}/cancellation"): needs(R.BATCH, P.UPDATE, audit="CANCEL_BATCH"),
    ("POST", "/v2/batch-operations/{key}/suspension"): needs(R.BATCH, P.UPDATE, audit="SUSPEND_BATCH"),
    ("POST", "/v2/batch-operations/{key}/resumption"): needs(R.BATCH, P.UPDATE, audit="RESUME_BATCH"),
    ("POST", "/v2/batch-operation-items/search"): needs(R.BATCH, P.READ),
    # the cluster itself
    ("GET", "/v2/status"): Rule(public=True),
    ("GET", "/v2/license"): authenticated(),
    ("GET", "/v2/system/usage-metrics"): needs(R.SYSTEM, P.READ_USAGE_METRIC),
    # documents: a project's files, uploaded from task forms by whoever works on them; ids are
    # random and handed out only with the variables that cite them, so reading needs a sign-in,
    # deleting the ops grant
    ("POST", "/v2/documents"): authenticated(),
    ("POST", "/v2/documents/batch"): authenticated(),
    ("GET", "/v2/documents/{documentId}"): authenticated(),
    ("DELETE", "/v2/documents/{documentId}"): needs(R.DOCUMENT, P.DELETE, audit="DELETE_DOCUMENT"),
    ("POST", "/v2/documents/{documentId}/links"): authenticated(),
    # outside events: messages and signals (ops, or a clerk holding the grant)
    ("POST", "/v2/messages/publication"): needs(R.MESSAGE, P.CREATE, audit="PUBLISH_MESSAGE"),
    ("POST", "/v2/messages/correlation"): needs(R.MESSAGE, P.CREATE, audit="CORRELATE_MESSAGE"),
    ("POST", "/v2/message-subscriptions/search"): listing(Listing.MESSAGE_SUBSCRIPTION),
    ("POST", "/v2/correlated-message-subscriptions/search"): listing(Listing.MESSAGE_SUBSCRIPTION),
    ("POST", "/v2/signals/broadcast"): needs(R.MESSAGE, P.CREATE, audit="BROADCAST_SIGNAL"),
    # decisions
    ("POST", "/v2/decision-definitions/search"): listing(Listing.DECISION_DEFINITION),
    ("POST", "/v2/decision-definitions/evaluation"): needs(R.DECISION_DEFINITION, P.CREATE_DECISION_INSTANCE),
    ("GET", "/v2/decision-definitions/{key}"): needs(R.DECISION_DEFINITION, P.READ_DECISION_DEFINITION),
    ("GET", "/v2/decision-definitions/{key}/xml"): needs(R.DECISION_DEFINITION, P.READ_DECISION_DEFINITION),
    ("POST", "/v2/decision-requirements/search"): needs(R.DECISION_REQUIREMENTS_DEFINITION, P.READ),
    ("GET", "/v2/decision-requirements/{key}"): needs(R.DECISION_REQUIREMENTS_DEFINITION, P.READ),
    ("GET", "/v2/decision-requirements/{key}/xml"): needs(R.DECISION_REQUIREMENTS_DEFINITION, P.READ),
    ("POST", "/v2/decision-instances/search"): listing(Listing.DECISION_INSTANCE),
    ("GET", "/v2/decision-instances/{key}"): needs(R.DECISION_DEFINITION, P.READ_DECISION_INSTANCE),
    # who did what, per project: filtered to the instances the caller may see
    ("POST", "/v2/audit-logs/search"): listing(Listing.AUDIT),
}


@dataclass(frozen=True)
class GrpcRule:
    resource_type: R | None
    permission: P | None
    also: tuple[tuple[R, P], ...] = ()
    process_id_field: str | None = None
    """The request field naming the process (``bpmnProcessId``) a resource-scoped grant may match."""
    audit: str | None = None


def _grpc(
    resource_type: R | None,
    permission: P | None,
    *,
    process_id_field: str | None = None,
    audit: str | None = None,
    also: tuple[tuple[R, P], ...] = (),
) -> GrpcRule:
    return GrpcRule(resource_type, permission, also, process_id_field, audit)


_GATEWAY = "/gateway_protocol.Gateway/"
# Calls that address an instance, incident or job by key match only wildcard grants: the key alone
# does not say which process it belongs to before the call runs.
GRPC_POLICY: dict[str, GrpcRule] = {
    _GATEWAY + "Topology": _grpc(None, None),
    _GATEWAY + "DeployResource": _grpc(R.RESOURCE, P.CREATE, audit="DEPLOY_RESOURCE"),
    _GATEWAY + "DeployProcess": _grpc(R.RESOURCE, P.CREATE, audit="DEPLOY_RESOURCE"),
    _GATEWAY + "DeleteResource": _grpc(R.RESOURCE, P.DELETE_RESOURCE, audit="DELETE_RESOURCE"),
    _GATEWAY + "CreateProcessInstance": _grpc(
        R.PROCESS_DEFINITION,
        P.CREATE_PROCESS_INSTANCE,
        process_id_field="bpmnProcessId",
        audit="CREATE_PROCESS_INSTANCE",
    ),
    _GATEWAY + "CreateProcessInstanceWithResult": _grpc(
        R.PROCESS_DEFINITION,
        P.CREATE_PROCESS_INSTANCE,
        process_id_field="request.bpmnProcessId",
        audit="CREATE_PROCESS_INSTANCE",
    ),
    _GATEWAY + "CancelProcessInstance": _grpc(*_INSTANCE_UPDATE, audit="CANCEL_PROCESS_INSTANCE"),
    _GATEWAY + "SetVariables": _grpc(*_INSTANCE_UPDATE, audit="SET_VARIABLES"),
    _GATEWAY + "ModifyProcessInstance": _grpc(*_INSTANCE_UPDATE, audit="MODIFY_PROCESS_INSTANCE"),
    _GATEWAY + "MigrateProcessInstance": _grpc(
        *_INSTANCE_UPDATE, also=((R.RESOURCE, P.CREATE),), audit="MIGRATE_PROCESS_INSTANCE"
    ),
    _GATEWAY + "ResolveIncident": _grpc(*_INSTANCE_UPDATE, audit="RESOLVE_INCIDENT"),
    # jobs are the workers' (the service account); a person needs the ops grant to touch one
    _GATEWAY + "ActivateJobs": _grpc(*_INSTANCE_UPDATE),
    _GATEWAY + "StreamActivatedJobs": _grpc(*_INSTANCE_UPDATE),
    _GATEWAY + "CompleteJob": _grpc(*_INSTANCE_UPDATE, audit="COMPLETE_JOB"),
    _GATEWAY + "FailJob": _grpc(*_INSTANCE_UPDATE, audit="FAIL_JOB"),
    _GATEWAY + "ThrowError": _grpc(*_INSTANCE_UPDATE, audit="THROW_ERROR"),
    _GATEWAY + "UpdateJobRetries": _grpc(*_INSTANCE_UPDATE, audit="UPDATE_JOB_RETRIES"),
    _GATEWAY + "UpdateJobTimeout": _grpc(*_INSTANCE_UPDATE, audit="UPDATE_JOB_TIMEOUT"),
    _GATEWAY + "PublishMessage": _grpc(R.MESSAGE, P.CREATE, audit="PUBLISH_MESSAGE"),
    _GATEWAY + "BroadcastSignal": _grpc(R.MESSAGE, P.CREATE, audit="BROADCAST_SIGNAL"),
    _GATEWAY + "EvaluateDecision": _grpc(R.DECISION_DEFINITION, P.CREATE_DECISION_INSTANCE),
}

OPEN_GRPC_METHODS = frozenset({"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"})
