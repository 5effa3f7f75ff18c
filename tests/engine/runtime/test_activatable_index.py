"""The index of activatable jobs stays right when processors mutate a job row in place."""

from engine.clock import ControlledClock
from engine.runtime import Engine

PROCESS = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>
    <bpmn:serviceTask id="t1"><bpmn:extensionElements><zeebe:taskDefinition type="work"/></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_activating_again_after_a_completion_finds_no_stale_job() -> None:
    engine = Engine.in_memory(clock=ControlledClock("2026-09-30T09:00:00+08:00"))
    engine.deploy([("p.bpmn", PROCESS)])
    engine.create_instance("p")
    (job,) = engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=5)
    engine.complete_job(job.key)
    assert engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=5) == []
