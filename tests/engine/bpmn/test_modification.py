"""Process instance modification: activating elements and terminating element instances of a
running instance (ModifyProcessInstance).
https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import RecordStream, assert_that, complete_jobs, deploy_and_start, process


def _two_tasks() -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("a", job_type="a")
        .service_task("b", job_type="b")
        .end_event("e")
    )


def _instance_key(engine: Any, pi_key: int, element_id: str) -> int:
    stream = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE").process_instance(pi_key)
    return stream.where(elementId=element_id).with_intent("ELEMENT_ACTIVATED").last().key


def test_move_token_by_terminate_and_activate(engine: Any) -> None:
    """Terminating the instance at "a" and activating "b" moves the instance on to "b".
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    pi = deploy_and_start(engine, _two_tasks())
    engine.modify_instance(pi.key, activate=["b"], terminate=[_instance_key(engine, pi.key, "a")])
    assert_that(engine, pi).is_waiting_exactly_at("b").has_terminated("a")
    complete_jobs(engine, "b")
    assert_that(engine, pi).is_completed()


def test_activate_adds_a_second_token(engine: Any) -> None:
    """Activating an element adds an element instance next to the existing ones.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    pi = deploy_and_start(engine, _two_tasks())
    engine.modify_instance(pi.key, activate=["b"])
    assert_that(engine, pi).is_waiting_exactly_at("a", "b")


def test_modification_record_written(engine: Any) -> None:
    """A modification writes PROCESS_INSTANCE_MODIFICATION MODIFIED.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    pi = deploy_and_start(engine, _two_tasks())
    engine.modify_instance(pi.key, activate=["b"])
    record = RecordStream.of(engine).events().of_type("PROCESS_INSTANCE_MODIFICATION").last()
    assert record.intent == "MODIFIED"
    assert record.value["processInstanceKey"] == pi.key


def test_activate_inside_subprocess_creates_the_subprocess(engine: Any) -> None:
    """Activating an element inside an inactive subprocess activates the subprocess too (not its start).
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("a", job_type="a")
        .sub_process("sub", lambda b: b.start_event("ss").service_task("inner", job_type="i").end_event("se"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.modify_instance(pi.key, activate=["inner"])
    assert_that(engine, pi).is_waiting_exactly_at("a", "sub", "inner").has_not_activated("ss")


def test_modify_unknown_instance_is_not_found(engine: Any, errors: Any) -> None:
    """Modifying an instance that does not exist is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    with pytest.raises(errors.NotFound):
        engine.modify_instance(4711, activate=["a"])


def test_activate_unknown_element_rejected(engine: Any, errors: Any) -> None:
    """Activating an element the process does not have is INVALID_ARGUMENT.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    pi = deploy_and_start(engine, _two_tasks())
    with pytest.raises(errors.InvalidArgument):
        engine.modify_instance(pi.key, activate=["ghost"])
    assert_that(engine, pi).is_waiting_exactly_at("a")


def test_terminating_the_last_element_ends_the_instance(engine: Any) -> None:
    """Terminating the only active element instance leaves nothing to do: the instance ends.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#modifyprocessinstance-rpc"""
    pi = deploy_and_start(engine, _two_tasks())
    engine.modify_instance(pi.key, terminate=[_instance_key(engine, pi.key, "a")])
    assert assert_that(engine, pi).state() in ("completed", "terminated")
    assert engine.activate_jobs("a", worker="w", timeout_ms=1_000, max_jobs=1) == []
