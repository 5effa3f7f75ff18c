"""Shared runtime behaviors: variable propagation, job time-outs and back-off, incidents, messages."""

from __future__ import annotations

import json

from engine.clock import ControlledClock
from engine.runtime import AlreadyExists, Engine
from tests.engine.runtime.conftest import completed
from tests.engine.runtime.diagrams import END, START, bpmn, chain, flow, service

MESSAGE = (
    '<bpmn:message id="m" name="paid"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
)
CATCH = (
    '<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/>'
    "</bpmn:intermediateCatchEvent>"
)


def _deploy(engine: Engine, body: str, extra: str = "") -> None:
    engine.deploy([("p.bpmn", bpmn(body, extra=extra))])


def _variable_updates(engine: Engine, name: str) -> list[tuple[int, object]]:
    return [
        (r.value["scopeKey"], json.loads(r.value["value"]))
        for r in engine.records
        if r.value_type == "VARIABLE" and r.value["name"] == name
    ]


def test_job_variables_update_a_local_variable_in_place(engine: Engine) -> None:
    inputs = '<zeebe:ioMapping><zeebe:input source="=draft" target="draft"/></zeebe:ioMapping>'
    _deploy(
        engine,
        START + service("a", "work", inputs) + service("b", "next") + END + chain("start", "a", "b", "end"),
    )
    pi = engine.create_instance("p", {"draft": 1})
    job = engine.activate_jobs("work")[0]
    engine.complete_job(job.key, {"draft": 2, "extra": 3})
    assert engine.variables(pi.key) == {"draft": 1, "extra": 3}
    assert _variable_updates(engine, "draft")[-1] == (job.element_instance_key, 2)


def test_output_mapping_restricts_what_reaches_the_process(engine: Engine) -> None:
    outputs = '<zeebe:ioMapping><zeebe:output source="=score * 2" target="doubled"/></zeebe:ioMapping>'
    _deploy(
        engine,
        START + service("a", "work", outputs) + service("b", "next") + END + chain("start", "a", "b", "end"),
    )
    pi = engine.create_instance("p")
    engine.complete_job(engine.activate_jobs("work")[0].key, {"score": 4})
    assert engine.variables(pi.key) == {"doubled": 8}


def test_job_times_out_and_is_handed_out_again(engine: Engine, clock: ControlledClock) -> None:
    _deploy(engine, START + service("a", "work") + END + chain("start", "a", "end"))
    engine.create_instance("p")
    first = engine.activate_jobs("work", "w1", timeout_ms=60_000)[0]
    assert engine.activate_jobs("work", "w2") == []
    clock.advance("PT61S")
    again = engine.activate_jobs("work", "w2")
    assert [j.key for j in again] == [first.key]
    assert [r.intent for r in engine.records if r.value_type == "JOB"][-2:] == ["TIMED_OUT", "ACTIVATED"]


def test_failed_job_waits_for_its_back_off(engine: Engine, clock: ControlledClock) -> None:
    _deploy(engine, START + service("a", "work") + END + chain("start", "a", "end"))
    engine.create_instance("p")
    job = engine.activate_jobs("work")[0]
    engine.fail_job(job.key, retries=2, error_message="busy", retry_backoff_ms=30_000)
    assert engine.activate_jobs("work") == []
    clock.advance("PT30S")
    [again] = engine.activate_jobs("work")
    assert again.retries == 2


def test_resolving_an_incident_retries_the_failed_step(engine: Engine) -> None:
    gateway = '<bpmn:exclusiveGateway id="g"/><bpmn:endEvent id="big"/>'
    _deploy(engine, START + gateway + flow("f0", "start", "g") + flow("f1", "g", "big", "=amount > 5"))
    pi = engine.create_instance("p")
    [incident] = engine.incidents(pi.key)
    assert incident.error_type == "CONDITION_ERROR"
    engine.set_variables(pi.key, {"amount": 9})
    engine.resolve_incident(incident.key)
    assert engine.incidents(pi.key) == []
    assert engine.instance(pi.key).state == "COMPLETED"
    assert completed(engine, pi.key)[-2:] == ["big", "p"]


def test_message_correlates_once_per_process_and_is_buffered(engine: Engine) -> None:
    _deploy(engine, START + CATCH + END + chain("start", "wait", "end"), extra=MESSAGE)
    first = engine.create_instance("p", {"orderId": "o-1"})
    second = engine.create_instance("p", {"orderId": "o-1"})
    engine.publish_message("paid", "o-1", {"amount": 10})
    assert engine.instance(first.key).state == "COMPLETED"
    assert engine.instance(second.key).state == "ACTIVE"
    engine.publish_message("paid", "o-1", time_to_live_ms=60_000, message_id="pay-2")
    assert engine.instance(second.key).state == "COMPLETED"
    try:
        engine.publish_message("paid", "o-1", time_to_live_ms=60_000, message_id="pay-2")
    except AlreadyExists:
        pass
    else:
        raise AssertionError("a duplicate message id was accepted while buffered")


def test_buffered_message_expires_after_its_time_to_live(engine: Engine, clock: ControlledClock) -> None:
    _deploy(engine, START + CATCH + END + chain("start", "wait", "end"), extra=MESSAGE)
    engine.publish_message("paid", "o-9", time_to_live_ms=60_000)
    clock.advance("PT2M")
    pi = engine.create_instance("p", {"orderId": "o-9"})
    assert engine.instance(pi.key).state == "ACTIVE"
    assert any(r.value_type == "MESSAGE" and r.intent == "EXPIRED" for r in engine.records)


def test_parallel_join_waits_for_every_branch(engine: Engine) -> None:
    body = (
        START
        + '<bpmn:parallelGateway id="fork"/><bpmn:parallelGateway id="join"/>'
        + service("a", "a")
        + service("b", "b")
        + END
        + flow("f0", "start", "fork")
        + flow("f1", "fork", "a")
        + flow("f2", "fork", "b")
        + flow("f3", "a", "join")
        + flow("f4", "b", "join")
        + flow("f5", "join", "end")
    )
    _deploy(engine, body)
    pi = engine.create_instance("p")
    engine.complete_job(engine.activate_jobs("a")[0].key)
    assert engine.instance(pi.key).state == "ACTIVE"
    engine.complete_job(engine.activate_jobs("b")[0].key)
    assert engine.instance(pi.key).state == "COMPLETED"
    assert completed(engine, pi.key).count("join") == 1


def test_cancel_terminates_children_and_cancels_the_job(engine: Engine) -> None:
    _deploy(engine, START + service("a", "work") + END + chain("start", "a", "end"))
    pi = engine.create_instance("p")
    engine.cancel_instance(pi.key)
    assert engine.instance(pi.key).state == "TERMINATED"
    assert engine.activate_jobs("work") == []
    assert [r.intent for r in engine.records if r.value_type == "JOB"] == ["CREATED", "CANCELED"]
