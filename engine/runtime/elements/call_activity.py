"""Call activities: start an instance of another process and wait for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import bindings
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
        definition = _bound_definition(p, inst, called, process_id)
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


def _bound_definition(p: Processing, inst: Row, called: m.CalledElement, process_id: str) -> Row:
    """The called process's definition under the element's resource binding."""
    if called.binding_type == bindings.LATEST:
        key = p.state.latest_process.get(process_id)
        definition: Row | None = p.state.get("processes", key) if key is not None else None
    else:
        caller: Row = p.state.get("processes", inst["pdk"])
        definition = bindings.select(
            p.state.tables["processes"].values(),
            id_field="bpmnProcessId",
            resource_id=process_id,
            binding=called.binding_type,
            deployment_key=caller["deploymentKey"],
            version_tag=called.version_tag,
        )
    if definition is None:
        if called.binding_type == bindings.LATEST:
            message = f"Expected process with BPMN process id '{process_id}' to be deployed, but not found."
        else:
            message = bindings.describe("process", process_id, called.binding_type, called.version_tag)
        raise StepFailure("CALLED_ELEMENT_ERROR", message)
    return definition
