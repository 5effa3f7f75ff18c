"""Helpers for the runtime's unit tests: compact BPMN documents and a controlled-clock engine."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://example.org">'
)


def bpmn(body: str, process_id: str = "p", extra: str = "") -> bytes:
    """A definitions document with one executable process whose content is ``body``."""
    return (
        HEADER
        + extra
        + f'<bpmn:process id="{process_id}" isExecutable="true">'
        + body
        + "</bpmn:process>"
        + "</bpmn:definitions>"
    ).encode()


def flow(fid: str, source: str, target: str, condition: str | None = None) -> str:
    if condition is None:
        return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}"/>'
    return (
        f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}">'
        f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>"
    )


def service(eid: str, job_type: str, extra: str = "", retries: str = "3") -> str:
    return (
        f'<bpmn:serviceTask id="{eid}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" retries="{retries}"/>{extra}'
        f"</bpmn:extensionElements></bpmn:serviceTask>"
    )


def chain(*elements: str) -> str:
    """Sequence flows through the given element ids, in order."""
    return "".join(flow(f"f{i}", a, b) for i, (a, b) in enumerate(itertools.pairwise(elements)))


START = '<bpmn:startEvent id="start"/>'
END = '<bpmn:endEvent id="end"/>'


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


@pytest.fixture
def engine(clock: ControlledClock) -> Iterator[Engine]:
    eng = Engine.in_memory(clock=clock)
    yield eng
    eng.close()


def path(engine: Engine, pi_key: int) -> list[str]:
    """Element ids with intents, in record order, for one process instance."""
    return [
        f"{r.value['elementId']}:{r.intent}"
        for r in engine.records
        if r.value_type == "PROCESS_INSTANCE"
        and r.record_type == "EVENT"
        and r.value.get("processInstanceKey") == pi_key
    ]


def completed(engine: Engine, pi_key: int) -> list[str]:
    return [e.split(":")[0] for e in path(engine, pi_key) if e.endswith(":ELEMENT_COMPLETED")]
