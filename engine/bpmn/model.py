"""The immutable executable model of a deployed BPMN process (the Zeebe dialect).

Every flow node is an :class:`Element`; which optional parts it carries depends on its type (a
service task has a :class:`JobDefinition`, a timer event a :class:`TimerDefinition`, ...). Element
and event type names are Zeebe's ``BpmnElementType`` / ``BpmnEventType`` names, because they appear
verbatim in the records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.bpmn.expression import Expression

# Zeebe's BpmnElementType names
PROCESS = "PROCESS"
SUB_PROCESS = "SUB_PROCESS"
EVENT_SUB_PROCESS = "EVENT_SUB_PROCESS"
START_EVENT = "START_EVENT"
INTERMEDIATE_CATCH_EVENT = "INTERMEDIATE_CATCH_EVENT"
INTERMEDIATE_THROW_EVENT = "INTERMEDIATE_THROW_EVENT"
BOUNDARY_EVENT = "BOUNDARY_EVENT"
END_EVENT = "END_EVENT"
SERVICE_TASK = "SERVICE_TASK"
SEND_TASK = "SEND_TASK"
SCRIPT_TASK = "SCRIPT_TASK"
BUSINESS_RULE_TASK = "BUSINESS_RULE_TASK"
USER_TASK = "USER_TASK"
RECEIVE_TASK = "RECEIVE_TASK"
MANUAL_TASK = "MANUAL_TASK"
TASK = "TASK"
EXCLUSIVE_GATEWAY = "EXCLUSIVE_GATEWAY"
PARALLEL_GATEWAY = "PARALLEL_GATEWAY"
INCLUSIVE_GATEWAY = "INCLUSIVE_GATEWAY"
EVENT_BASED_GATEWAY = "EVENT_BASED_GATEWAY"
CALL_ACTIVITY = "CALL_ACTIVITY"
MULTI_INSTANCE_BODY = "MULTI_INSTANCE_BODY"
SEQUENCE_FLOW = "SEQUENCE_FLOW"

# Zeebe's BpmnEventType names
UNSPECIFIED = "UNSPECIFIED"
NONE = "NONE"
TIMER = "TIMER"
MESSAGE = "MESSAGE"
ERROR = "ERROR"
ESCALATION = "ESCALATION"
SIGNAL = "SIGNAL"
TERMINATE = "TERMINATE"
LINK = "LINK"

ACTIVITIES = frozenset(
    {
        SUB_PROCESS,
        SERVICE_TASK,
        SEND_TASK,
        SCRIPT_TASK,
        BUSINESS_RULE_TASK,
        USER_TASK,
        RECEIVE_TASK,
        MANUAL_TASK,
        TASK,
        CALL_ACTIVITY,
    }
)
CONTAINERS = frozenset({PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS})
GATEWAYS = frozenset({EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, INCLUSIVE_GATEWAY, EVENT_BASED_GATEWAY})


@dataclass(frozen=True, slots=True)
class VariableMapping:
    """One ``zeebe:input``/``zeebe:output``: evaluate ``source`` and assign it to the ``target`` path."""

    source: Expression
    target: str


@dataclass(frozen=True, slots=True)
class JobDefinition:
    type: Expression
    retries: Expression
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimerDefinition:
    kind: str  # "duration" | "date" | "cycle"
    expression: Expression


@dataclass(frozen=True, slots=True)
class MessageDefinition:
    name: Expression
    correlation_key: Expression | None


@dataclass(frozen=True, slots=True)
class CalledElement:
    process_id: Expression
    propagate_all_parent_variables: bool
    propagate_all_child_variables: bool


@dataclass(frozen=True, slots=True)
class CalledDecision:
    decision_id: Expression
    result_variable: str


@dataclass(frozen=True, slots=True)
class Script:
    expression: Expression
    result_variable: str


@dataclass(frozen=True, slots=True)
class UserTaskDefinition:
    """A user task; ``native`` is a Camunda user task (``zeebe:userTask``), else a job-based one."""

    native: bool
    assignee: Expression | None = None
    candidate_groups: Expression | None = None
    candidate_users: Expression | None = None
    due_date: Expression | None = None
    follow_up_date: Expression | None = None
    priority: Expression | None = None
    form_key: str | None = None
    form_id: str | None = None
    external_reference: Expression | None = None


@dataclass(frozen=True, slots=True)
class LoopCharacteristics:
    sequential: bool
    input_collection: Expression
    input_element: str | None
    output_collection: str | None
    output_element: Expression | None
    completion_condition: Expression | None


@dataclass(frozen=True, slots=True)
class SequenceFlow:
    id: str
    source: str
    target: str
    condition: Expression | None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Element:
    id: str
    type: str
    event_type: str = UNSPECIFIED
    name: str | None = None
    flow_scope: str | None = None
    """The id of the enclosing process or sub-process."""
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    default_flow: str | None = None
    inputs: tuple[VariableMapping, ...] = ()
    outputs: tuple[VariableMapping, ...] = ()
    job: JobDefinition | None = None
    timer: TimerDefinition | None = None
    message: MessageDefinition | None = None
    error_code: str | None = None
    """For error events: the referenced error's code (None on a catch event means catch-all)."""
    escalation_code: str | None = None
    thrown_code: Expression | None = None
    """Throwing error/escalation events: the code to throw (static or FEEL)."""
    signal_name: Expression | None = None
    link_name: str | None = None
    called_element: CalledElement | None = None
    called_decision: CalledDecision | None = None
    script: Script | None = None
    user_task: UserTaskDefinition | None = None
    loop: LoopCharacteristics | None = None
    attached_to: str | None = None
    cancel_activity: bool = True
    """Boundary events: interrupting; event sub-process start events: isInterrupting."""
    boundary_events: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    """Containers: the ids of the elements directly inside."""
    none_start: str | None = None
    """Containers: the none start event that starts the flow inside."""
    event_subprocesses: tuple[str, ...] = ()
    """Containers: the event sub-processes directly inside."""
    properties: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_activity(self) -> bool:
        return self.type in ACTIVITIES


@dataclass(frozen=True)
class Process:
    id: str
    name: str | None
    elements: Mapping[str, Element]
    flows: Mapping[str, SequenceFlow]
    version_tag: str | None = None
    message_starts: tuple[str, ...] = ()
    timer_starts: tuple[str, ...] = ()
    signal_starts: tuple[str, ...] = ()
    link_catches: Mapping[tuple[str | None, str], str] = field(default_factory=dict)
    """(flow scope id, link name) -> the catching link event's id."""

    @property
    def root(self) -> Element:
        return self.elements[self.id]

    def element(self, element_id: str) -> Element:
        return self.elements[element_id]
