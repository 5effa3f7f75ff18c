"""The history tables: each kind of item, with a column (and an index) for every field the 8.8
search of that kind filters or sorts by."""

from __future__ import annotations

from engine.history.table import Column

PROCESS_INSTANCES = "h_process_instance"
ELEMENT_INSTANCES = "h_element_instance"
USER_TASKS = "h_user_task"
VARIABLES = "h_variable"
FULL_VALUES = "h_variable_value"
INCIDENTS = "h_incident"
FLOW_SCOPES = "h_flow_scope"
SEQUENCE_FLOWS = "h_sequence_flow"
JOBS = "h_job"
MESSAGE_SUBSCRIPTIONS = "h_message_subscription"
DECISION_DEFINITIONS = "h_decision_definition"
DECISION_REQUIREMENTS = "h_decision_requirements"
DECISION_INSTANCES = "h_decision_instance"
DECISION_IDS = "h_decision_id"
CORRELATIONS = "h_message_correlation"
META = "h_meta"


def _text(field: str, column: str, *, indexed: bool = True) -> Column:
    return Column(field, column, "text", indexed)


def _date(field: str, column: str) -> Column:
    """A date the lists sort by: indexed for filters and in the searches' order."""
    return Column(field, column, "text", indexed=True, sorted_by=True)


PROCESS_INSTANCE_COLUMNS = (
    _text("processInstanceKey", "process_instance_key"),
    _text("processDefinitionId", "process_definition_id"),
    _text("processDefinitionName", "process_definition_name"),
    Column("processDefinitionVersion", "process_definition_version", "int"),
    _text("processDefinitionVersionTag", "process_definition_version_tag"),
    _text("processDefinitionKey", "process_definition_key"),
    _text("parentProcessInstanceKey", "parent_process_instance_key"),
    _text("parentElementInstanceKey", "parent_element_instance_key"),
    _date("startDate", "start_date"),
    _date("endDate", "end_date"),
    _text("state", "state"),
    Column("hasIncident", "has_incident", "bool"),
    _text("tenantId", "tenant_id", indexed=False),
    Column("tags", "tags", "list", indexed=False),
)

ELEMENT_INSTANCE_COLUMNS = (
    _text("elementInstanceKey", "element_instance_key"),
    _text("processInstanceKey", "process_instance_key"),
    _text("processDefinitionId", "process_definition_id"),
    _text("processDefinitionKey", "process_definition_key"),
    _text("elementId", "element_id"),
    _text("elementName", "element_name"),
    _text("type", "type"),
    _text("state", "state"),
    Column("hasIncident", "has_incident", "bool"),
    _text("incidentKey", "incident_key"),
    _date("startDate", "start_date"),
    _date("endDate", "end_date"),
    _text("tenantId", "tenant_id", indexed=False),
)

USER_TASK_COLUMNS = (
    _text("userTaskKey", "user_task_key"),
    _text("name", "name"),
    _text("elementId", "element_id"),
    _text("elementInstanceKey", "element_instance_key"),
    _text("processDefinitionId", "process_definition_id"),
    _text("processDefinitionKey", "process_definition_key"),
    Column("processDefinitionVersion", "process_definition_version", "int", indexed=False),
    _text("processInstanceKey", "process_instance_key"),
    _date("creationDate", "creation_date"),
    _date("completionDate", "completion_date"),
    _text("state", "state"),
    _text("assignee", "assignee"),
    Column("candidateGroups", "candidate_groups", "list", indexed=False),
    Column("candidateUsers", "candidate_users", "list", indexed=False),
    _date("dueDate", "due_date"),
    _date("followUpDate", "follow_up_date"),
    Column("priority", "priority", "int"),
    _text("tenantId", "tenant_id", indexed=False),
)

VARIABLE_COLUMNS = (
    _text("variableKey", "variable_key"),
    _text("name", "name"),
    _text("value", "value", indexed=False),
    Column("isTruncated", "is_truncated", "bool", indexed=False),
    _text("scopeKey", "scope_key"),
    _text("processInstanceKey", "process_instance_key"),
    _text("tenantId", "tenant_id", indexed=False),
)

INCIDENT_COLUMNS = (
    _text("incidentKey", "incident_key"),
    _text("processDefinitionId", "process_definition_id"),
    _text("processDefinitionKey", "process_definition_key"),
    _text("processInstanceKey", "process_instance_key"),
    _text("errorType", "error_type"),
    _text("errorMessage", "error_message", indexed=False),
    _text("elementId", "element_id"),
    _text("elementInstanceKey", "element_instance_key"),
    _text("jobKey", "job_key"),
    _text("state", "state"),
    _date("creationTime", "creation_time"),
    _text("tenantId", "tenant_id", indexed=False),
)

JOB_COLUMNS = (
    _text("jobKey", "job_key"),
    _text("type", "type"),
    _text("worker", "worker"),
    _text("state", "state"),
    _text("kind", "kind"),
    _text("listenerEventType", "listener_event_type"),
    _text("processInstanceKey", "process_instance_key"),
    _text("processDefinitionId", "process_definition_id"),
    _text("processDefinitionKey", "process_definition_key"),
    _text("elementId", "element_id"),
    _text("elementInstanceKey", "element_instance_key"),
    Column("retries", "retries", "int"),
    _text("deadline", "deadline"),
    _text("errorMessage", "error_message", indexed=False),
    _text("errorCode", "error_code"),
    Column("hasFailedWithRetriesLeft", "has_failed_with_retries_left", "bool"),
    Column("isDenied", "is_denied", "bool", indexed=False),
    _text("deniedReason", "denied_reason", indexed=False),
    _text("endTime", "end_time"),
    _text("tenantId", "tenant_id", indexed=False),
)

_MESSAGE_COMMON = (
    _text("processDefinitionId", "process_definition_id"),
    _text("processDefinitionKey", "process_definition_key"),
    _text("processInstanceKey", "process_instance_key"),
    _text("elementId", "element_id"),
    _text("elementInstanceKey", "element_instance_key"),
    _text("messageName", "message_name"),
    _text("correlationKey", "correlation_key"),
    _text("tenantId", "tenant_id", indexed=False),
)

MESSAGE_SUBSCRIPTION_COLUMNS = (
    _text("messageSubscriptionKey", "message_subscription_key"),
    *_MESSAGE_COMMON,
    _text("messageSubscriptionState", "message_subscription_state"),
    _date("lastUpdatedDate", "last_updated_date"),
)

CORRELATION_COLUMNS = (
    _text("subscriptionKey", "subscription_key"),
    _text("messageKey", "message_key"),
    *_MESSAGE_COMMON,
    _date("correlationTime", "correlation_time"),
    Column("partitionId", "partition_id", "int", indexed=False),
)

DECISION_INSTANCE_COLUMNS = (
    _text("decisionEvaluationInstanceKey", "decision_evaluation_instance_key"),
    _text("decisionEvaluationKey", "decision_evaluation_key"),
    _text("decisionDefinitionId", "decision_definition_id"),
    _text("decisionDefinitionKey", "decision_definition_key"),
    _text("decisionDefinitionName", "decision_definition_name"),
    _text("decisionDefinitionType", "decision_definition_type"),
    Column("decisionDefinitionVersion", "decision_definition_version", "int"),
    _text("elementInstanceKey", "element_instance_key"),
    _date("evaluationDate", "evaluation_date"),
    _text("evaluationFailure", "evaluation_failure", indexed=False),
    _text("processDefinitionKey", "process_definition_key"),
    _text("processInstanceKey", "process_instance_key"),
    _text("state", "state"),
    _text("tenantId", "tenant_id", indexed=False),
)

FLOW_SCOPE_COLUMNS = (_text("scope", "scope"),)
SEQUENCE_FLOW_COLUMNS = (_text("processInstanceKey", "process_instance_key"),)

ALL = {
    PROCESS_INSTANCES: PROCESS_INSTANCE_COLUMNS,
    ELEMENT_INSTANCES: ELEMENT_INSTANCE_COLUMNS,
    USER_TASKS: USER_TASK_COLUMNS,
    VARIABLES: VARIABLE_COLUMNS,
    FULL_VALUES: (),
    INCIDENTS: INCIDENT_COLUMNS,
    FLOW_SCOPES: FLOW_SCOPE_COLUMNS,
    SEQUENCE_FLOWS: SEQUENCE_FLOW_COLUMNS,
    JOBS: JOB_COLUMNS,
    MESSAGE_SUBSCRIPTIONS: MESSAGE_SUBSCRIPTION_COLUMNS,
    CORRELATIONS: CORRELATION_COLUMNS,
    DECISION_DEFINITIONS: (),
    DECISION_REQUIREMENTS: (),
    DECISION_INSTANCES: DECISION_INSTANCE_COLUMNS,
    DECISION_IDS: (),
}
"""Every history table with its columns."""
