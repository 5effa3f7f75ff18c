"""One processor per element family; each decides what its element does at each lifecycle step."""

from __future__ import annotations

from engine.bpmn import model as m
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.elements.call_activity import CallActivityProcessor
from engine.runtime.elements.containers import EventSubProcessProcessor, ProcessProcessor, SubProcessProcessor
from engine.runtime.elements.events import (
    BoundaryEventProcessor,
    EndEventProcessor,
    IntermediateCatchEventProcessor,
    IntermediateThrowEventProcessor,
    StartEventProcessor,
)
from engine.runtime.elements.gateways import (
    EventBasedGatewayProcessor,
    ExclusiveGatewayProcessor,
    InclusiveGatewayProcessor,
    ParallelGatewayProcessor,
)
from engine.runtime.elements.multi_instance import MultiInstanceBodyProcessor
from engine.runtime.elements.tasks import (
    DecisionTaskProcessor,
    JobTaskProcessor,
    PassThroughTaskProcessor,
    ReceiveTaskProcessor,
    ScriptTaskProcessor,
)
from engine.runtime.elements.user_task import UserTaskProcessor

__all__ = ["ElementProcessor", "processor_for"]

_JOB = JobTaskProcessor()
_BY_TYPE: dict[str, ElementProcessor] = {
    m.PROCESS: ProcessProcessor(),
    m.SUB_PROCESS: SubProcessProcessor(),
    m.EVENT_SUB_PROCESS: EventSubProcessProcessor(),
    m.START_EVENT: StartEventProcessor(),
    m.END_EVENT: EndEventProcessor(),
    m.INTERMEDIATE_CATCH_EVENT: IntermediateCatchEventProcessor(),
    m.INTERMEDIATE_THROW_EVENT: IntermediateThrowEventProcessor(),
    m.BOUNDARY_EVENT: BoundaryEventProcessor(),
    m.EXCLUSIVE_GATEWAY: ExclusiveGatewayProcessor(),
    m.PARALLEL_GATEWAY: ParallelGatewayProcessor(),
    m.INCLUSIVE_GATEWAY: InclusiveGatewayProcessor(),
    m.EVENT_BASED_GATEWAY: EventBasedGatewayProcessor(),
    m.SERVICE_TASK: _JOB,
    m.SEND_TASK: _JOB,
    m.MANUAL_TASK: PassThroughTaskProcessor(),
    m.TASK: PassThroughTaskProcessor(),
    m.RECEIVE_TASK: ReceiveTaskProcessor(),
    m.CALL_ACTIVITY: CallActivityProcessor(),
    m.MULTI_INSTANCE_BODY: MultiInstanceBodyProcessor(),
}
_SCRIPT = ScriptTaskProcessor()
_DECISION = DecisionTaskProcessor()
_USER = UserTaskProcessor()


def processor_for(element: m.Element, instance_type: str) -> ElementProcessor:
    if instance_type == m.MULTI_INSTANCE_BODY:
        return _BY_TYPE[m.MULTI_INSTANCE_BODY]
    kind = element.type
    if kind == m.SCRIPT_TASK:
        return _SCRIPT if element.script is not None else _JOB
    if kind == m.BUSINESS_RULE_TASK:
        return _DECISION if element.called_decision is not None else _JOB
    if kind == m.USER_TASK:
        return _USER if element.user_task is not None and element.user_task.native else _JOB
    return _BY_TYPE[kind]
