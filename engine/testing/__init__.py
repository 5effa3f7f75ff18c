"""Process tests for the embedded engine: a fluent BPMN builder, pytest fixtures and BpmnAssert-style
assertions over the record log (the role zeebe-process-test plays for Java).

In a conftest.py: ``from engine.testing.plugin import engine  # noqa: F401`` gives tests an ``engine``
fixture (in memory, ControlledClock at 2026-09-30T09:00+08:00). Then::

    def test_review(engine):
        review = (
            process("review")
            .start_event("submitted")
            .user_task("check", candidate_groups="it-authority", due_date='= now() + duration("P5D")')
            .boundary_event("overdue", timer_duration("P5D"), attached_to="check")
            .end_event("escalated")
            .move_to("check")
            .end_event("done")
        )
        pi = deploy_and_start(engine, review, {"amount": 6000000})
        assert_that(engine, pi).is_waiting_at("check")
        assert_that(engine).user_task("check").has_candidate_groups("it-authority")
        engine.clock.advance("P5D")
        assert_that(engine, pi).is_completed().has_passed("escalated")

A failing assertion prints the instance's path, variables and open incidents.
"""

from engine.testing.assertions import (
    EngineAssert,
    JobAssert,
    ProcessInstanceAssert,
    UserTaskAssert,
    assert_that,
    assert_user_task,
    describe_instance,
)
from engine.testing.builder import ProcessBuilder, process
from engine.testing.diagram import MultiInstance
from engine.testing.events import (
    compensation,
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
from engine.testing.records import RecordStream, path, process_instances, variables_of_scope

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
    "compensation",
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
    "process_instances",
    "signal",
    "terminate",
    "timer_cycle",
    "timer_date",
    "timer_duration",
    "variables_of_scope",
]
