"""Process instance modification: activate elements and terminate element instances by command.

An activated element starts inside an active instance of its flow scope (the process itself, or the
sub-process instance given as ancestor, or the only active one); its variables are set on that scope
first. A terminated instance whose flow scope is left without any active element takes the scope
with it, up to the process instance, as Zeebe does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
    targets: list[tuple[Row, ActivateInstruction]] = []
    for instruction in activate:
        element = process.elements.get(instruction.element_id)
        if element is None or element.id == process.id:
            raise InvalidArgument(
                f"Expected to modify instance of process '{process.id}' but it contains one or more activate "
                f"instructions with an element that could not be found: '{instruction.element_id}'"
            )
        targets.append(
            (_flow_scope_instance(p, root, element.flow_scope or process.id, instruction), instruction)
        )
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
            {"elementId": i.element_id, "ancestorElementInstanceKey": i.ancestor_element_instance_key or -1}
            for i in activate
        ],
        "terminateInstructions": [{"elementInstanceKey": k} for k in terminate],
        "tenantId": "<default>",
    }
    p.write("PROCESS_INSTANCE_MODIFICATION", "MODIFY", process_instance_key, value, record_type="COMMAND")
    for scope, instruction in targets:
        if instruction.variables:
            var.set_all_local(p, scope, instruction.variables)
        p.start_element(scope, process.elements[instruction.element_id])
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


def _flow_scope_instance(p: Processing, root: Row, scope_id: str, instruction: ActivateInstruction) -> Row:
    if scope_id == root["elementId"]:
        return root
    if instruction.ancestor_element_instance_key is not None:
        ancestor = p.instance(instruction.ancestor_element_instance_key)
        if ancestor is None or ancestor["elementId"] != scope_id:
            raise InvalidArgument(
                f"Expected the ancestor '{instruction.ancestor_element_instance_key}' of element "
                f"'{instruction.element_id}' to be an active instance of '{scope_id}', but it is not"
            )
        return ancestor
    found = [
        row
        for row in _descendants(p, root["key"])
        if row["elementId"] == scope_id and row["state"] == ACTIVATED
    ]
    if len(found) != 1:
        raise InvalidArgument(
            f"Expected to activate element '{instruction.element_id}' inside exactly one active instance of "
            f"'{scope_id}', but found {len(found)}; give the ancestor element instance key"
        )
    return found[0]


def _descendants(p: Processing, key: int) -> list[Row]:
    out: list[Row] = []
    stack = [key]
    while stack:
        for child in p.children_of(stack.pop()):
            out.append(child)
            stack.append(child["key"])
    return out
