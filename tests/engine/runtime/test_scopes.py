"""Scope behavior: interrupting event sub-processes, execution listeners' variables."""

from __future__ import annotations

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.testing import MultiInstance, ProcessBuilder, compensation, message, process, timer_duration
from tests.engine.runtime.diagrams import END, START, bpmn, chain


def _deploy(engine: Engine, builder: ProcessBuilder) -> None:
    engine.deploy([("p.bpmn", builder.to_xml())])


def test_interrupted_scope_still_hears_its_boundary_events(engine: Engine, clock: ControlledClock) -> None:
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss")
                .service_task("work", job_type="work")
                .end_event("se")
                .event_sub_process(
                    "on_cancel",
                    lambda e: (
                        e.start_event("cancel", message("cancel", "= id"))
                        .service_task("cleanup", job_type="cleanup")
                        .end_event("ce")
                    ),
                )
            ),
        )
        .end_event("e")
        .boundary_event("deadline", timer_duration("PT1H"), attached_to="sub")
        .end_event("late")
    )
    _deploy(engine, builder)
    pi = engine.create_instance("p", {"id": "A-1"})
    engine.publish_message("cancel", "A-1")
    assert [e.element_id for e in engine.instance(pi.key).active_elements] == ["sub", "on_cancel", "cleanup"]
    clock.advance("PT1H")
    status = engine.instance(pi.key)
    assert status.state == "COMPLETED"
    ended = [r.value["elementId"] for r in engine.records if r.intent == "ELEMENT_COMPLETED"]
    assert "late" in ended and "ce" not in ended


def test_start_listener_variables_are_local_end_listener_variables_reach_the_process(engine: Engine) -> None:
    builder = (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work", execution_listeners=[("start", "prepare"), ("end", "audit")])
        .service_task("next", job_type="next")
        .end_event("e")
    )
    _deploy(engine, builder)
    pi = engine.create_instance("p")
    [prepare] = engine.activate_jobs("prepare")
    engine.complete_job(prepare.key, {"prepared": True})
    [work] = engine.activate_jobs("work")
    assert work.variables == {"prepared": True}
    engine.complete_job(work.key)
    [audit] = engine.activate_jobs("audit")
    engine.complete_job(audit.key, {"audited": True})
    assert engine.variables(pi.key) == {"audited": True}


def test_process_level_listeners_wrap_the_whole_instance(engine: Engine) -> None:
    listeners = (
        '<bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" '
        'type="opened"/><zeebe:executionListener eventType="end" type="closed"/></zeebe:executionListeners>'
        "</bpmn:extensionElements>"
    )
    engine.deploy([("p.bpmn", bpmn(listeners + START + END + chain("start", "end")))])
    pi = engine.create_instance("p")
    assert [e.element_id for e in engine.instance(pi.key).active_elements] == []
    engine.complete_job(engine.activate_jobs("opened")[0].key)
    assert engine.instance(pi.key).state == "ACTIVE"
    engine.complete_job(engine.activate_jobs("closed")[0].key)
    assert engine.instance(pi.key).state == "COMPLETED"


def test_each_completed_multi_instance_instance_is_compensated_with_its_own_variables(engine: Engine) -> None:
    builder = (
        process("p")
        .start_event("s")
        .service_task("book", job_type="book", multi_instance=MultiInstance("= items", "item"))
        .boundary_event("cb", compensation(), attached_to="book")
        .compensation_handler("undo", job_type="undo")
        .move_to("book")
        .intermediate_throw_event("compensate", compensation())
        .end_event("e")
    )
    _deploy(engine, builder)
    pi = engine.create_instance("p", {"items": [1, 2, 3]})
    for job in engine.activate_jobs("book", max_jobs=10):
        engine.complete_job(job.key)
    handlers = engine.activate_jobs("undo", max_jobs=10)
    assert sorted(job.variables["item"] for job in handlers) == [1, 2, 3]
    for job in handlers:
        engine.complete_job(job.key)
    assert engine.instance(pi.key).state == "COMPLETED"
