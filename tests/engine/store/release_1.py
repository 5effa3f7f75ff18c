"""The store a release before schema versioning wrote (``fixtures/release-1``), and what it holds."""

from __future__ import annotations

from pathlib import Path

from tests.engine.runtime.diagrams import END, START, bpmn, chain, service

FOLDER = Path(__file__).parent / "fixtures" / "release-1"

# one service task with a one-hour boundary timer: three instances, one completed, one waiting for a
# worker, one whose job a worker holds (its timer pending in both)
PROCESS = bpmn(
    START
    + service("a", "work")
    + '<bpmn:boundaryEvent id="late" attachedToRef="a"><bpmn:timerEventDefinition>'
    "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    + '<bpmn:endEvent id="timed_out"/>'
    + END
    + chain("start", "a", "end")
    + '<bpmn:sequenceFlow id="ft" sourceRef="late" targetRef="timed_out"/>',
    process_id="release1",
)
