"""Processes, embedded sub-processes and event sub-processes: scopes that hold a flow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime import variables as var
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.processing import ACTIVATING, TERMINATING

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class _Container(ElementProcessor):
    def on_terminate(self, p: Processing, inst: Row, element: m.Element) -> None:
        if not p.terminate_children(inst):
            current = p.instance(inst["key"])
            if current is not None and current["state"] == TERMINATING:
                p.terminated(current)

    def start_flow(self, p: Processing, inst: Row, element: m.Element, start_id: str | None) -> None:
        process = p.process_of(inst)
        start = start_id or element.none_start
        if start is not None:
            p.start_element(inst, process.elements[start], inst.pop("startTrigger", None))
        else:
            p.complete(inst)

    @staticmethod
    def follow_paths(p: Processing, inst: Row, paths: list[list[str]]) -> None:
        """Start instructions: activate the next element of each path (sub-processes without start)."""
        process = p.process_of(inst)
        for path in paths:
            rest = path[1:]
            p.start_element(inst, process.elements[path[0]], {"paths": [rest]} if rest else None)


class ProcessProcessor(_Container):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        self.subscribe(p, inst, element)
        p.activated(inst)
        paths = inst.pop("startPaths", None)
        if paths:
            self.follow_paths(p, inst, paths)
        else:
            self.start_flow(p, inst, element, None)


class SubProcessProcessor(_Container):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        paths = (inst.pop("trigger", None) or {}).get("paths")
        var.apply_inputs(p, inst, element)
        self.subscribe(p, inst, element)
        p.activated(inst)
        if paths:
            self.follow_paths(p, inst, paths)
        else:
            self.start_flow(p, inst, element, None)


class EventSubProcessProcessor(_Container):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        trigger = inst.pop("trigger", None) or {}
        var.apply_inputs(p, inst, element)
        self.subscribe(p, inst, element)
        p.activated(inst)
        inst["startTrigger"] = {"variables": trigger.get("variables") or {}}
        self.start_flow(p, inst, element, trigger.get("start"))


def create_process_instance(
    p: Processing,
    definition: Row,
    variables: dict[str, Any],
    *,
    start_paths: list[list[str]] | None = None,
    parent: Row | None = None,
    by_command: bool = False,
    tags: Sequence[str] = (),
) -> Row:
    """The root instance, its variables, then the process activation; a client's CreateProcessInstance
    command (``by_command``) is recorded as PROCESS_INSTANCE_CREATION, event starts are not."""
    process = p.registry.process(definition["key"])
    root_element = process.root
    parent_keys = (parent["processInstanceKey"], parent["key"]) if parent is not None else (-1, -1)
    root = p.new_instance(root_element, None, definition=definition, parent=parent_keys)
    if start_paths:
        root["startPaths"] = start_paths
    if tags:
        # 8.8's process instance tags travel on the process instance's own records
        root["v"]["tags"] = list(tags)
    p.save(root)
    creation = {
        "bpmnProcessId": definition["bpmnProcessId"],
        "version": definition["version"],
        "processDefinitionKey": definition["key"],
        "processInstanceKey": root["key"],
        "variables": variables,
        "startInstructions": [{"elementId": path[-1]} for path in start_paths or ()],
        "tenantId": "<default>",
        **({"tags": list(tags)} if tags else {}),
    }
    if by_command:
        p.write(
            "PROCESS_INSTANCE_CREATION",
            "CREATE",
            -1,
            {**creation, "processInstanceKey": -1},
            record_type="COMMAND",
        )
    var.set_all_local(p, root, variables)
    if by_command:
        p.write("PROCESS_INSTANCE_CREATION", "CREATED", root["key"], creation)
    root_key = root["key"]

    def activate() -> None:
        current = p.instance(root_key)
        if current is None or current["state"] != ACTIVATING:
            return
        p.transition(current, ACTIVATING)
        p.save(current)
        p.run_activation(current)

    p.enqueue(activate)
    return root


def process_ended(p: Processing, root: Row, completed: bool) -> None:
    """The root instance completed or was terminated; a calling activity continues."""
    if p.ended_listener is not None:
        p.ended_listener(root, completed)
    from engine.runtime.compensation import instance_ended

    instance_ended(p, root["key"])
    guard = root.get("startGuard")
    if guard is not None:
        from engine.runtime.messages import start_next_buffered

        p.state.delete("meta", guard)
        start_next_buffered(p, root["v"]["bpmnProcessId"], guard.split("\x00", 1)[1])
    parent_key = root["v"]["parentElementInstanceKey"]
    if parent_key <= 0:
        return
    caller = p.instance(parent_key)
    if caller is None:
        return
    if completed:
        element = p.element_of(caller)
        called = element.called_element
        propagate = called is None or called.propagate_all_child_variables
        if propagate or element.outputs:
            caller["result"] = var.local_variables(p, root["key"])
        caller.pop("child", None)
        p.save(caller)
        p.complete(caller)
    elif caller["state"] == TERMINATING:
        caller.pop("child", None)
        p.terminated(caller)
