"""The BPMN runtime: the engine, its errors, records and the views its API returns."""

from engine.runtime.engine import Engine
from engine.runtime.errors import (
    AlreadyExists,
    DeploymentRejected,
    EngineError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
)
from engine.runtime.migration import MappingInstruction
from engine.runtime.modification import ActivateInstruction
from engine.runtime.records import Record, RecordLog
from engine.runtime.views import (
    ActivatedJob,
    DecisionMetadata,
    DecisionRequirementsMetadata,
    Deployment,
    ElementInstance,
    FormMetadata,
    Incident,
    InstanceStatus,
    ProcessInstanceHandle,
    ProcessInstanceResult,
    ProcessMetadata,
    UserTask,
)

__all__ = [
    "ActivateInstruction",
    "ActivatedJob",
    "AlreadyExists",
    "DecisionMetadata",
    "DecisionRequirementsMetadata",
    "Deployment",
    "DeploymentRejected",
    "ElementInstance",
    "Engine",
    "EngineError",
    "FailedPrecondition",
    "FormMetadata",
    "Incident",
    "InstanceStatus",
    "InvalidArgument",
    "MappingInstruction",
    "NotFound",
    "ProcessInstanceHandle",
    "ProcessInstanceResult",
    "ProcessMetadata",
    "Record",
    "RecordLog",
    "ResourceExhausted",
    "UserTask",
]
