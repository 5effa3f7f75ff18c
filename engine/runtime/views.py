"""What the engine's API returns: read-only snapshots, never live state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProcessMetadata:
    bpmn_process_id: str
    version: int
    process_definition_key: int
    resource_name: str
    version_tag: str | None = None


@dataclass(frozen=True)
class DecisionMetadata:
    decision_id: str
    decision_name: str
    version: int
    decision_key: int
    dmn_decision_requirements_id: str
    decision_requirements_key: int


@dataclass(frozen=True)
class DecisionRequirementsMetadata:
    dmn_decision_requirements_id: str
    dmn_decision_requirements_name: str
    version: int
    decision_requirements_key: int
    resource_name: str


@dataclass(frozen=True)
class FormMetadata:
    form_id: str
    version: int
    form_key: int
    resource_name: str


@dataclass(frozen=True)
class Deployment:
    key: int
    processes: list[ProcessMetadata] = field(default_factory=list)
    decisions: list[DecisionMetadata] = field(default_factory=list)
    decision_requirements: list[DecisionRequirementsMetadata] = field(default_factory=list)
    forms: list[FormMetadata] = field(default_factory=list)


@dataclass(frozen=True)
class ProcessInstanceHandle:
    key: int
    bpmn_process_id: str
    version: int
    process_definition_key: int


@dataclass(frozen=True)
class ProcessInstanceResult:
    key: int
    bpmn_process_id: str
    version: int
    process_definition_key: int
    variables: dict[str, Any]


@dataclass(frozen=True)
class ActivatedJob:
    key: int
    type: str
    process_instance_key: int
    bpmn_process_id: str
    process_definition_version: int
    process_definition_key: int
    element_id: str
    element_instance_key: int
    custom_headers: dict[str, str]
    worker: str
    retries: int
    deadline_ms: int
    variables: dict[str, Any]


@dataclass(frozen=True)
class UserTask:
    key: int
    element_id: str
    element_instance_key: int
    process_instance_key: int
    bpmn_process_id: str
    assignee: str | None
    candidate_groups: list[str]
    candidate_users: list[str]
    due_date: str | None
    follow_up_date: str | None
    form_key: str | None
    external_form_reference: str | None
    priority: int
    variables: dict[str, Any]
    state: str


@dataclass(frozen=True)
class Incident:
    key: int
    error_type: str
    error_message: str
    element_id: str
    element_instance_key: int
    job_key: int
    process_instance_key: int
    bpmn_process_id: str
    state: str


@dataclass(frozen=True)
class ElementInstance:
    key: int
    element_id: str
    element_type: str
    state: str


@dataclass(frozen=True)
class InstanceStatus:
    """A process instance as it stands: ACTIVE, COMPLETED or TERMINATED, and where it is waiting."""

    key: int
    bpmn_process_id: str
    version: int
    process_definition_key: int
    state: str
    active_elements: list[ElementInstance]
    variables: dict[str, Any]
    parent_process_instance_key: int
