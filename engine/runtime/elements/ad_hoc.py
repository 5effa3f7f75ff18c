"""Ad-hoc sub-processes: the inner elements named by ``activeElementsCollection`` are activated
(sequence flows between inner elements are followed); the sub-process completes when no inner element
is active, or earlier when its completion condition holds after an inner element completed (then the
remaining elements are terminated, unless cancelRemainingInstances is false)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import variables as var
from engine.runtime.elements.containers import SubProcessProcessor
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class AdHocSubProcessProcessor(SubProcessProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        process = p.process_of(inst)
        chosen: list[str] = []
        if element.active_elements is not None:
            for item in ex.array(element.active_elements, var.visible(p, inst)):
                inner = process.elements.get(item) if isinstance(item, str) else None
                if inner is None or inner.flow_scope != element.id or inner.incoming:
                    raise StepFailure(
                        "EXTRACT_VALUE_ERROR",
                        f"Expected to activate the elements of the ad-hoc sub-process '{element.id}', but "
                        f"'{item}' is not an element of it without incoming sequence flows",
                    )
                chosen.append(item)
        self.subscribe(p, inst, element)
        p.activated(inst)
        if element.active_elements is not None and not chosen:
            p.complete(inst)
        for element_id in chosen:
            p.start_element(inst, process.elements[element_id])


def completion_condition_met(p: Processing, scope: Row) -> bool:
    """Checked before an inner element of an ad-hoc sub-process completes."""
    element = p.element_of(scope)
    if element.completion_condition is None:
        return False
    return ex.boolean(element.completion_condition, var.visible(p, scope))


def finish_early(p: Processing, scope: Row) -> None:
    """The completion condition holds: take no further steps inside, end what still runs."""
    element = p.element_of(scope)
    scope["interrupted"] = True
    p.save(scope)
    if element.cancel_remaining:
        p.terminate_children(scope)
