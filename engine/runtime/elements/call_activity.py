"""Call activities: start an instance of another process and wait for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import variables as var
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.elements.containers import create_process_instance
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class CallActivityProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        called = element.called_element
        assert called is not None
        context = var.visible(p, inst)
        process_id = ex.string(called.process_id, context)
        definition_key = p.state.latest_process.get(process_id)
        if definition_key is None:
            raise StepFailure(
                "CALLED_ELEMENT_ERROR",
                f"Expected process with BPMN process id '{process_id}' to be deployed, but not found.",
            )
        definition = p.state.get("processes", definition_key)
        if called.propagate_all_parent_variables:
            variables = dict(context)
        else:
            variables = var.local_variables(p, inst["key"])
        self.subscribe(p, inst, element)
        p.activated(inst)
        child = create_process_instance(p, definition, variables, parent=inst)
        inst["child"] = child["key"]
        p.save(inst)

    def on_terminate(self, p: Processing, inst: Row, element: m.Element) -> None:
        child = p.instance(inst.get("child", -1))
        if child is None:
            p.terminated(inst)
            return
        p.terminate(child)
