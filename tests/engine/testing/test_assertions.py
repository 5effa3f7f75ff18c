"""The assertions read a record log; these tests feed them hand-written records (no engine)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from engine.testing import RecordStream, assert_that, path, variables_of_scope

PI = 100


@dataclass(frozen=True)
class FakeRecord:
    position: int
    key: int
    timestamp: int
    record_type: str
    value_type: str
    intent: str
    value: Mapping[str, Any] = field(default_factory=dict)


class FakeLog:
    def __init__(self) -> None:
        self.records: list[FakeRecord] = []

    def add(self, value_type: str, intent: str, key: int, **value: Any) -> FakeLog:
        self.records.append(FakeRecord(len(self.records) + 1, key, 0, "EVENT", value_type, intent, value))
        return self

    def element(
        self, element_id: str, key: int, *intents: str, element_type: str = "SERVICE_TASK"
    ) -> FakeLog:
        for intent in intents:
            self.add(
                "PROCESS_INSTANCE",
                intent,
                key,
                elementId=element_id,
                processInstanceKey=PI,
                bpmnElementType=element_type,
            )
        return self


def _started() -> FakeLog:
    log = FakeLog()
    log.element("p", PI, "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED", element_type="PROCESS")
    log.add(
        "VARIABLE", "CREATED", 1, name="amount", value=json.dumps(6000000), scopeKey=PI, processInstanceKey=PI
    )
    log.element("task", 2, "ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED")
    return log


def _completed() -> FakeLog:
    log = _started()
    log.element("task", 2, "ELEMENT_COMPLETING", "ELEMENT_COMPLETED")
    log.element("p", PI, "ELEMENT_COMPLETING", "ELEMENT_COMPLETED", element_type="PROCESS")
    return log


def test_state_follows_the_process_element() -> None:
    assert assert_that(_started(), PI).state() == "active"
    assert assert_that(_completed(), PI).state() == "completed"
    assert assert_that(FakeLog(), PI).state() == "not started"


def test_waiting_at_an_activated_element() -> None:
    assert_that(_started(), PI).is_active().is_waiting_at("task").is_waiting_exactly_at("task")
    assert_that(_completed(), PI).is_completed().is_not_waiting_at("task").has_passed("task", times=1)


def test_failure_message_shows_path_variables_and_incidents() -> None:
    log = _started().add(
        "INCIDENT",
        "CREATED",
        9,
        errorType="JOB_NO_RETRIES",
        elementId="task",
        errorMessage="registry down",
        processInstanceKey=PI,
    )
    with pytest.raises(AssertionError) as info:
        assert_that(log, PI).is_completed()
    text = str(info.value)
    assert "to be completed, but it is active" in text
    assert "task [SERVICE_TASK] ELEMENT_ACTIVATED" in text
    assert '"amount": 6000000' in text
    assert "JOB_NO_RETRIES at 'task': registry down" in text


def test_has_passed_counts_exactly() -> None:
    with pytest.raises(AssertionError, match="passed 2 time"):
        assert_that(_completed(), PI).has_passed("task", times=2)
    with pytest.raises(AssertionError, match="not to be passed"):
        assert_that(_completed(), PI).has_not_passed("task")


def test_variables_decode_json_text_and_take_latest_value() -> None:
    log = _started().add(
        "VARIABLE", "UPDATED", 1, name="amount", value="7", scopeKey=PI, processInstanceKey=PI
    )
    assert variables_of_scope(log, PI) == {"amount": 7}
    assert_that(log, PI).has_variable("amount", 7).has_no_variable("other")
    with pytest.raises(AssertionError, match="Expected process variable 'amount' = 8, got 7"):
        assert_that(log, PI).has_variable("amount", 8)


def test_boolean_is_not_a_number() -> None:
    log = _started().add(
        "VARIABLE", "CREATED", 3, name="ok", value="true", scopeKey=PI, processInstanceKey=PI
    )
    assert_that(log, PI).has_variable("ok", True)
    with pytest.raises(AssertionError):
        assert_that(log, PI).has_variable("ok", 1)


def test_incident_open_until_resolved() -> None:
    log = _started().add(
        "INCIDENT", "CREATED", 9, errorType="CONDITION_ERROR", elementId="gw", processInstanceKey=PI
    )
    assert_that(log, PI).has_incident("CONDITION_ERROR", "gw")
    log.add("INCIDENT", "RESOLVED", 9, errorType="CONDITION_ERROR", elementId="gw", processInstanceKey=PI)
    assert_that(log, PI).has_no_incidents()


def test_message_subscription_open_and_closed() -> None:
    log = _started().add(
        "PROCESS_MESSAGE_SUBSCRIPTION",
        "CREATED",
        5,
        elementInstanceKey=2,
        messageName="paid",
        correlationKey="o-1",
        processInstanceKey=PI,
        interrupting=True,
    )
    assert_that(log, PI).is_waiting_for_message("paid", "o-1")
    log.add(
        "PROCESS_MESSAGE_SUBSCRIPTION",
        "CORRELATED",
        5,
        elementInstanceKey=2,
        messageName="paid",
        correlationKey="o-1",
        processInstanceKey=PI,
        interrupting=True,
    )
    assert_that(log, PI).is_not_waiting_for_message("paid")


def test_job_assert_reads_latest_job_event() -> None:
    log = _started()
    log.add("JOB", "CREATED", 7, type="work", retries=3, elementId="task", processInstanceKey=PI)
    log.add(
        "JOB", "FAILED", 7, type="work", retries=2, elementId="task", processInstanceKey=PI, errorMessage="x"
    )
    assert_that(log).job("work").has_state("FAILED").has_retries(2).has_error_message("x")
    with pytest.raises(AssertionError, match="none was created"):
        assert_that(log).job("other")


def test_called_instances_found_by_parent_key() -> None:
    log = _started().add(
        "PROCESS_INSTANCE",
        "ELEMENT_ACTIVATED",
        200,
        elementId="child",
        bpmnElementType="PROCESS",
        bpmnProcessId="child",
        processInstanceKey=200,
        parentProcessInstanceKey=PI,
    )
    assert_that(log, PI).has_called_process("child", times=1)
    assert assert_that(log, PI).called_instances() == [200]


def test_path_and_snapshot() -> None:
    log = _completed()
    snapshot = RecordStream.of(log)
    assert path(snapshot, PI)[0] == ("p", "ELEMENT_ACTIVATING")
    assert path(snapshot, PI)[-1] == ("p", "ELEMENT_COMPLETED")
    assert_that(snapshot, PI).has_passed_in_order("task", "p")
