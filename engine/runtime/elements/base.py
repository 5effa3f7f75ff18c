"""The lifecycle hooks every element processor implements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.runtime import variables as var
from engine.runtime.attachments import catch_elements_of, open_subscriptions

if TYPE_CHECKING:
    from engine.bpmn import model as m
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class ElementProcessor:
    """Defaults: a pass-through element that applies its mappings and completes at once."""

    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        self.take_trigger(inst)
        p.activated(inst)
        p.complete(inst)

    def on_complete(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_outputs(p, inst, element)
        p.completed(inst)

    def on_terminate(self, p: Processing, inst: Row, element: m.Element) -> None:
        p.terminated(inst)

    @staticmethod
    def take_trigger(inst: Row) -> None:
        """Variables that came with the event that activated this element become its result."""
        trigger = inst.pop("trigger", None)
        if trigger and trigger.get("variables"):
            inst["result"] = trigger["variables"]

    @staticmethod
    def subscribe(p: Processing, inst: Row, element: m.Element) -> None:
        """Open the boundary events' (and event sub-processes') subscriptions of this instance."""
        catch = catch_elements_of(p, inst, element)
        if catch:
            open_subscriptions(p, inst, catch)
