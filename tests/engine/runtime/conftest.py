"""Helpers for the runtime's unit tests: compact BPMN documents and a controlled-clock engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine
from tests.engine.runtime.diagrams import END, START, bpmn, chain, flow, service

__all__ = ["END", "START", "bpmn", "chain", "flow", "path", "serves_the_next_command", "service"]


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


def serves_the_next_command(engine: Engine) -> None:
    """After a refused or failed command, the engine deploys and completes a plain process."""
    engine.deploy([("ok.bpmn", bpmn(START + END + chain("start", "end"), process_id="ok"))])
    assert engine.instance(engine.create_instance("ok").key).state == "COMPLETED"
