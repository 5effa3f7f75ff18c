"""Variables and scopes, with Zeebe's propagation rules.

Every element instance is a variable scope nested in its flow scope; the process instance is the root.
*Local* variables are set on one scope. *Propagated* variables (job completion, message correlation,
output mappings) go to the nearest scope, from a start scope upwards, that already holds a variable of
that name, else to the root. Values are JSON-like; the VARIABLE record carries the value as JSON text,
as Zeebe's exporter records do.
"""

from __future__ import annotations

import json
from collections import ChainMap
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, cast

from engine.bpmn import model as m
from engine.bpmn.expression import Expression

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def _scope_row(p: Processing, scope_key: int) -> dict[str, Any]:
    row: dict[str, Any] | None = p.state.tables["variables"].get(scope_key)
    if row is None:
        row = {"vars": {}, "keys": {}}
    return row


def local_variables(p: Processing, scope_key: int) -> dict[str, Any]:
    row = p.state.tables["variables"].get(scope_key)
    return dict(row["vars"]) if row else {}


def visible(p: Processing, inst: Row) -> Mapping[str, Any]:
    """All variables an element instance sees: its own, then each enclosing scope's."""
    tables = p.state.tables
    maps: list[Mapping[str, Any]] = []
    current: Row | None = inst
    while current is not None:
        row = tables["variables"].get(current["key"])
        if row is not None and row["vars"]:
            maps.append(row["vars"])
        current = tables["elements"].get(current["flowScopeKey"])
    if not maps:
        return {}
    if len(maps) == 1:
        return maps[0]
    return ChainMap(*(cast("MutableMapping[str, Any]", layer) for layer in maps))


def set_local(p: Processing, scope: Row, name: str, value: Any) -> None:
    row = _scope_row(p, scope["key"])
    variables = row["vars"]
    exists = name in variables
    if exists and variables[name] == value and type(variables[name]) is type(value):
        return
    if exists:
        key = row["keys"][name]
        intent = "UPDATED"
    else:
        key = p.new_key()
        row["keys"][name] = key
        intent = "CREATED"
    variables[name] = value
    p.state.put("variables", scope["key"], row)
    v = scope["v"]
    p.write(
        "VARIABLE",
        intent,
        key,
        {
            "name": name,
            "value": json.dumps(value, ensure_ascii=False, separators=(",", ":")),
            "scopeKey": scope["key"],
            "processInstanceKey": scope["processInstanceKey"],
            "processDefinitionKey": v["processDefinitionKey"],
            "bpmnProcessId": v["bpmnProcessId"],
            "tenantId": v["tenantId"],
        },
    )


def set_all_local(p: Processing, scope: Row, variables: Mapping[str, Any]) -> None:
    for name, value in variables.items():
        set_local(p, scope, name, value)


def propagate(p: Processing, start: Row, variables: Mapping[str, Any]) -> None:
    """Set each variable in the nearest scope from ``start`` up that holds it, else in the root."""
    if not variables:
        return
    chain = list(p.ancestors(start))
    tables = p.state.tables["variables"]
    for name, value in variables.items():
        target = chain[-1]
        for scope in chain:
            row = tables.get(scope["key"])
            if row is not None and name in row["vars"]:
                target = scope
                break
        set_local(p, target, name, value)


def drop_scope(p: Processing, scope_key: int) -> None:
    p.state.delete("variables", scope_key)


# -- mappings ----------------------------------------------------------------------------------------


def evaluate_mappings(
    p: Processing, mappings: tuple[m.VariableMapping, ...], context: Mapping[str, Any]
) -> dict[str, Any]:
    """Evaluate every mapping against ``context``; targets may be paths (``a.b``) into contexts."""
    result: dict[str, Any] = {}
    # later mappings see the targets of earlier ones, as in Zeebe
    context = ChainMap(result, cast("MutableMapping[str, Any]", context))
    for mapping in mappings:
        value = evaluate(mapping.source, context)
        parts = mapping.target.split(".")
        if len(parts) == 1:
            result[parts[0]] = value
            continue
        root_name = parts[0]
        base = result.get(root_name, context.get(root_name))
        result[root_name] = _assign_path(base, parts[1:], value)
    return result


def _assign_path(base: Any, path: list[str], value: Any) -> Any:
    container = dict(base) if isinstance(base, dict) else {}
    if len(path) == 1:
        container[path[0]] = value
    else:
        container[path[0]] = _assign_path(container.get(path[0]), path[1:], value)
    return container


def evaluate(expression: Expression, context: Mapping[str, Any]) -> Any:
    """FEEL as Zeebe 8.8 uses it: a failed evaluation yields null (with warnings), not an error."""
    return expression.evaluate(context)


def apply_inputs(p: Processing, inst: Row, element: m.Element) -> None:
    if not element.inputs:
        return
    context = visible(p, inst)
    values = evaluate_mappings(p, element.inputs, context)
    set_all_local(p, inst, values)


def apply_outputs(p: Processing, inst: Row, element: m.Element) -> None:
    """Output mappings, or (without any) propagation of the result variables the step produced."""
    result: dict[str, Any] = inst.pop("result", None) or {}
    scope = p.scope_of(inst)
    if element.outputs:
        if result:
            set_all_local(p, inst, result)
        context = visible(p, inst)
        values = evaluate_mappings(p, element.outputs, context)
        if scope is not None:
            propagate(p, scope, values)
    elif result:
        # Zeebe merges from the element's own scope: a variable the element holds locally (e.g. from
        # an input mapping) is updated there and does not reach the process
        propagate(p, inst, result)
