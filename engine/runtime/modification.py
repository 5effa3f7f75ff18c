"""Process instance modification: activate elements and terminate element instances by command.

An activated element starts inside an active instance of its flow scope (the process itself, or the
sub-process instance given as ancestor, or the only active one: an ancestor key of -1, as the
clients send for "none", means the latter); its variables are set on that scope
first. A terminated instance whose flow scope is left without any active element takes the scope
with it, up to the process instance, as Zeebe does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime import variables as var
from engine.runtime.errors import InvalidArgument, NotFound
from engine.runtime.processing import ACTIVATED

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


@dataclass(frozen=True)
class ActivateInstruction:
    element_id: str
    ancestor_element_instance_key: int | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)


def modify(
    p: Processing,
    process_instance_key: int,
    activate: Sequence[ActivateInstruction],
    terminate: Sequence[int],
) -> None:
    root = p.instance(process_instance_key)
    if root is None or root["flowScopeKey"] != -1:
        raise NotFound(
            "Expected to modify process instance but no process instance found with key "
            f"'{process_instance_key}'"
        )
    process = p.process_of(root)
    targets: list[tuple[Row, list[str], ActivateInstruction]] = []
    for instruction in activate:
        element = process.elements.get(instruction.element_id)
        if element is None or element.id == process.id:
            raise InvalidArgument(
                f"Expected to modify instance of process '{process.id}' but it contains one or more activate "
                f"instructions with an element that could not be found: '{instruction.element_id}'"
            )
        scope, path = _placement(p, root, process, element, instruction)
        targets.append((scope, path, instruction))
    doomed: list[Row] = []
    for key in terminate:
        inst = p.instance(key)
        if inst is None or inst["processInstanceKey"] != process_instance_key or key == process_instance_key:
            raise InvalidArgument(
                f"Expected to modify instance of process '{process.id}' but it contains one or more "
                f"terminate instructions with an element instance that could not be found: '{key}'"
            )
        doomed.append(inst)
    value = {
        "processInstanceKey": process_instance_key,
        "activateInstructions": [
            {"elementId": i.element_id, "ancestorElementInstanceKey": _ancestor_of_record(i)}
            for i in activate
        ],
        "terminateInstructions": [{"elementInstanceKey": k} for k in terminate],
        "tenantId": "<default>",
    }
    p.write("PROCESS_INSTANCE_MODIFICATION", "MODIFY", process_instance_key, value, record_type="COMMAND")
    for scope, path, instruction in targets:
        if instruction.variables:
            var.set_all_local(p, scope, instruction.variables)
        rest = path[1:]
        p.start_element(scope, process.elements[path[0]], {"paths": [rest]} if rest else None)
    for doomed_inst in doomed:
        live = p.instance(doomed_inst["key"])
        if live is None:
            continue
        flow_scope = p.scope_of(live)
        marked = (
            flow_scope is not None
            and flow_scope["state"] == ACTIVATED
            and "onChildrenTerminated" not in flow_scope
        )
        if marked and flow_scope is not None:
            # the scope goes too when this was its last active element
            flow_scope["onChildrenTerminated"] = {"do": "terminate"}
            p.save(flow_scope)
        p.terminate(live)
        if marked and flow_scope is not None:
            remaining = p.instance(flow_scope["key"])
            if remaining is not None and remaining.get("onChildrenTerminated") == {"do": "terminate"}:
                del remaining["onChildrenTerminated"]
                p.save(remaining)
    p.write("PROCESS_INSTANCE_MODIFICATION", "MODIFIED", process_instance_key, value)


def _ancestor_of_record(instruction: ActivateInstruction) -> int:
    key = instruction.ancestor_element_instance_key
    return -1 if key is None or key < 0 else key


def _placement(
    p: Processing, root: Row, process: m.Process, element: m.Element, instruction: ActivateInstruction
) -> tuple[Row, list[str]]:
    """The active instance to start in, and the path of elements to activate from there (the
    enclosing sub-processes that are not active yet, then the element)."""
    chain = [element.id]
    scope_id = element.flow_scope
    while scope_id is not None and scope_id != process.id:
        chain.insert(0, scope_id)
        scope_id = process.elements[scope_id].flow_scope
    ancestor_key = instruction.ancestor_element_instance_key
    if ancestor_key == root["key"]:
        # the process instance itself as the ancestor: the element's enclosing sub-processes
        # start afresh inside it, as Zeebe places a root-level element (or a new scope chain)
        return root, chain
    if ancestor_key is not None and ancestor_key >= 0:
        ancestor = p.instance(ancestor_key)
        if ancestor is None or ancestor["elementId"] not in chain[:-1]:
            raise InvalidArgument(
                f"Expected the ancestor '{ancestor_key}' of element "
                f"'{element.id}' to be an active instance of one of {chain[:-1]}, but it is not"
            )
        return ancestor, chain[chain.index(ancestor["elementId"]) + 1 :]
    active = _descendants(p, root["key"])
    for depth in range(len(chain) - 2, -1, -1):
        found = [row for row in active if row["elementId"] == chain[depth] and row["state"] == ACTIVATED]
        if len(found) > 1:
            raise InvalidArgument(
                f"Expected to activate element '{element.id}' inside one active instance of "
                f"'{chain[depth]}', but found {len(found)}; give the ancestor element instance key"
            )
        if found:
            return found[0], chain[depth + 1 :]
    return root, chain


def _descendants(p: Processing, key: int) -> list[Row]:
    out: list[Row] = []
    stack = [key]
    while stack:
        for child in p.children_of(stack.pop()):
            out.append(child)
            stack.append(child["key"])
    return out
