"""The variables of a modification's activate instruction, as both gateways read them."""

from __future__ import annotations

from typing import Any

from engine.bpmn.model import Process
from engine.runtime.errors import InvalidArgument


def activation_variables(
    model: Process, element_id: str, documents: list[tuple[str, dict[str, Any]]]
) -> dict[str, Any]:
    """The variables of one activate instruction. The engine sets them on the flow scope the
    element is activated in: the only scope a variable instruction may name (or leave empty
    when that scope is the process itself)."""
    element = model.elements.get(element_id)
    flow_scope = element.flow_scope if element is not None else None
    merged: dict[str, Any] = {}
    for scope_id, variables in documents:
        if (scope_id and scope_id != flow_scope) or (not scope_id and flow_scope not in (None, model.id)):
            raise InvalidArgument(
                f"Expected variables for element '{element_id}' in its flow scope "
                f"'{flow_scope or model.id}', but the variable instruction names scope "
                f"'{scope_id or model.id}'; the embedded engine sets them on the flow scope only"
            )
        merged.update(variables)
    return merged
