"""Execution listeners: jobs that run, one after another, before an element is activated (start
listeners, after its input mappings) and before it completes (end listeners, after its output
mappings). Start-listener variables become local variables of the element; end-listener variables go
to its flow scope. A listener job failed without retries raises EXECUTION_LISTENER_NO_RETRIES.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import jobs
from engine.runtime import variables as var

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

START = "start"
END = "end"


def pending(inst: Row, element: m.Element, event_type: str) -> bool:
    """Whether listeners of ``event_type`` still have to run for this instance."""
    listeners = element.listeners_of(event_type)
    return bool(listeners) and inst.get(f"{event_type}Listeners", 0) < len(listeners)


def run_next(p: Processing, inst: Row, element: m.Element, event_type: str) -> None:
    """Create the job of the next listener of ``event_type``."""
    done = inst.get(f"{event_type}Listeners", 0)
    listener = element.listeners_of(event_type)[done]
    context = var.visible(p, inst)
    job_type = ex.string(listener.type, context)
    retries = ex.integer(listener.retries, context)
    jobs.create_job(
        p, inst, job_type, retries, {}, kind="EXECUTION_LISTENER", listener_event=event_type.upper()
    )


def listener_completed(p: Processing, inst: Row, job: Row, variables: Mapping[str, Any]) -> None:
    event_type = job["jobListenerEventType"].lower()
    element = p.element_of(inst)
    inst.pop("jobKey", None)
    inst[f"{event_type}Listeners"] = inst.get(f"{event_type}Listeners", 0) + 1
    p.save(inst)
    if event_type == START:
        var.set_all_local(p, inst, variables)
    else:
        scope = p.scope_of(inst)
        if scope is not None and variables:
            var.propagate(p, scope, variables)
    if pending(inst, element, event_type):
        run_next(p, inst, element, event_type)
        return
    key = inst["key"]

    def resume() -> None:
        current = p.instance(key)
        if current is None:
            return
        if event_type == START:
            p.run_activation(current)
        else:
            after = current.pop("completionPending", None) or {}
            process = p.process_of(current)
            flow_ids = after.get("flows")
            flows = None if flow_ids is None else tuple(process.flows[f] for f in flow_ids)
            p.completed(current, flows, after.get("trigger"))

    p.enqueue(resume)
