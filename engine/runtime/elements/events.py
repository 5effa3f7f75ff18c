"""Start, end, intermediate catch/throw and boundary events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import jobs
from engine.runtime import variables as var
from engine.runtime.attachments import open_subscriptions
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.errors_thrown import throw_error, throw_escalation
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class StartEventProcessor(ElementProcessor):
    pass


class BoundaryEventProcessor(ElementProcessor):
    pass


def _throw(p: Processing, inst: Row, element: m.Element) -> bool:
    """Throw the event an end or intermediate throw event carries; False when it interrupted us."""
    code = ex.string(element.thrown_code, var.visible(p, inst)) if element.thrown_code is not None else ""
    if element.event_type == m.ERROR:
        if not throw_error(p, inst, code, "", {}):
            raise StepFailure(
                "UNHANDLED_ERROR_EVENT",
                f"Expected to throw an error event with the code '{code}', but it was not caught. "
                "No error events are available in the scope.",
            )
        return False
    if element.event_type == m.ESCALATION:
        return throw_escalation(p, inst, code) == "continued"
    if element.event_type == m.SIGNAL and element.signal_name is not None:
        from engine.runtime.signals import broadcast

        name = ex.string(element.signal_name, var.visible(p, inst))

        def send() -> None:
            broadcast(p, name, {})

        p.enqueue(send)
    return True


class EndEventProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        if element.job is not None:
            _create_job(p, inst, element)
            return
        if element.event_type in (m.ERROR, m.ESCALATION) and not _throw(p, inst, element):
            return
        if element.event_type == m.SIGNAL:
            _throw(p, inst, element)
        p.activated(inst)
        p.complete(inst)

    def on_complete(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_outputs(p, inst, element)
        scope = p.scope_of(inst)
        p.completed(inst)
        if element.event_type == m.TERMINATE and scope is not None:
            current = p.instance(scope["key"])
            if current is not None:
                current["interrupted"] = True
                p.save(current)
                p.terminate_children(current)


def _create_job(p: Processing, inst: Row, element: m.Element) -> None:
    definition = element.job
    assert definition is not None
    context = var.visible(p, inst)
    job_type = ex.string(definition.type, context)
    retries = ex.integer(definition.retries, context)
    p.activated(inst)
    jobs.create_job(p, inst, job_type, retries, definition.headers)


class IntermediateThrowEventProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        if element.job is not None:
            _create_job(p, inst, element)
            return
        if not _throw(p, inst, element):
            return
        p.activated(inst)
        p.complete(inst)


class IntermediateCatchEventProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        if inst.get("trigger") is not None or element.event_type == m.LINK:
            # reached through an event-based gateway that already caught the event, or a link
            self.take_trigger(inst)
            p.activated(inst)
            p.complete(inst)
            return
        open_subscriptions(p, inst, [element])
        p.activated(inst)


def follow_link(p: Processing, scope: Row, element: m.Element) -> None:
    process = p.process_of(scope)
    assert element.link_name is not None
    target = process.link_catches.get((element.flow_scope, element.link_name))
    if target is not None:
        p.start_element(scope, process.elements[target])
