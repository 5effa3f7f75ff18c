"""Process tests for the embedded engine: a fluent BPMN builder, pytest fixtures and BpmnAssert-style
assertions over the record log (the role zeebe-process-test plays for Java)."""

from engine.testing.assertions import (
    EngineAssert,
    JobAssert,
    ProcessInstanceAssert,
    UserTaskAssert,
    assert_that,
    assert_user_task,
    describe_instance,
)
from engine.testing.builder import MultiInstance, ProcessBuilder, process
from engine.testing.events import (
    error,
    escalation,
    link,
    message,
    signal,
    terminate,
    timer_cycle,
    timer_date,
    timer_duration,
)
from engine.testing.plugin import (
    START_TIME,
    activate_one,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    new_engine,
)
from engine.testing.records import RecordStream, path, variables_of_scope

__all__ = [
    "START_TIME",
    "EngineAssert",
    "JobAssert",
    "MultiInstance",
    "ProcessBuilder",
    "ProcessInstanceAssert",
    "RecordStream",
    "UserTaskAssert",
    "activate_one",
    "assert_that",
    "assert_user_task",
    "complete_jobs",
    "deploy_and_start",
    "deploy_resources",
    "describe_instance",
    "error",
    "escalation",
    "link",
    "message",
    "new_engine",
    "path",
    "process",
    "signal",
    "terminate",
    "timer_cycle",
    "timer_date",
    "timer_duration",
    "variables_of_scope",
]
