"""Multi-instance activities: a body instance that runs the activity once per collection item,
all at once (parallel) or one after another (sequential), collecting an output per item."""

from __future__ import annotations

from collections import ChainMap
from typing import TYPE_CHECKING

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import variables as var
from engine.runtime.elements.base import ElementProcessor

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class MultiInstanceBodyProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        loop = element.loop
        assert loop is not None
        items = ex.array(loop.input_collection, var.visible(p, inst))
        self.subscribe(p, inst, element)
        inst["mi"] = {"items": items, "next": 0, "completed": 0, "done": False}
        if loop.output_collection:
            var.set_local(p, inst, loop.output_collection, [None] * len(items))
        p.activated(inst)
        if not items:
            p.complete(inst)
            return
        count = 1 if loop.sequential else len(items)
        for _ in range(count):
            _start_next(p, inst, element)

    def on_complete(self, p: Processing, inst: Row, element: m.Element) -> None:
        loop = element.loop
        assert loop is not None
        if loop.output_collection:
            collected = var.local_variables(p, inst["key"]).get(loop.output_collection)
            scope = p.scope_of(inst)
            if scope is not None:
                var.propagate(p, scope, {loop.output_collection: collected})
        p.completed(inst)

    def on_terminate(self, p: Processing, inst: Row, element: m.Element) -> None:
        if not p.terminate_children(inst):
            current = p.instance(inst["key"])
            if current is not None:
                p.terminated(current)


def _start_next(p: Processing, body: Row, element: m.Element) -> None:
    mi = body["mi"]
    index = mi["next"]
    mi["next"] = index + 1
    p.save(body)
    p.start_element(body, element, {"loop": {"index": index, "item": mi["items"][index]}})


def set_loop_variables(p: Processing, inner: Row, element: m.Element, loop_state: dict[str, object]) -> None:
    loop = element.loop
    assert loop is not None
    index = int(str(loop_state["index"]))
    inner["loopIndex"] = index
    if loop.input_element:
        var.set_local(p, inner, loop.input_element, loop_state["item"])
    var.set_local(p, inner, "loopCounter", index + 1)


def collect(p: Processing, body: Row, inner: Row) -> None:
    """Before an inner instance completes: its output element, and the completion condition."""
    element = p.element_of(inner)
    loop = element.loop
    assert loop is not None
    context = var.visible(p, inner)
    if loop.output_collection and loop.output_element is not None:
        value = loop.output_element.evaluate(context)
        collection = list(var.local_variables(p, body["key"]).get(loop.output_collection) or [])
        index = inner.get("loopIndex", 0)
        if index < len(collection):
            collection[index] = value
        var.set_local(p, body, loop.output_collection, collection)
    mi = body["mi"]
    counters = {
        "numberOfInstances": len(mi["items"]),
        "numberOfActiveInstances": max(0, body["tokens"] - 1),
        "numberOfCompletedInstances": mi["completed"] + 1,
        "numberOfTerminatedInstances": mi.get("terminated", 0),
    }
    if loop.completion_condition is not None and ex.boolean(
        loop.completion_condition, ChainMap(counters, dict(context))
    ):
        body["mi"]["done"] = True
        p.save(body)


def inner_completed(p: Processing, body: Row, inner: Row) -> None:
    element = p.element_of(body)
    mi = body["mi"]
    mi["completed"] += 1
    p.save(body)
    if mi["done"]:
        if not p.terminate_children(body):
            p.complete(body)
        return
    if mi["next"] < len(mi["items"]) and element.loop is not None and element.loop.sequential:
        _start_next(p, body, element)
        return
    if body["tokens"] <= 0:
        p.complete(body)


def inner_terminated(p: Processing, body: Row, inner: Row) -> None:
    if body["mi"]["done"] and body["tokens"] <= 0:
        p.complete(body)
