"""Signal broadcast: every open signal subscription with the name is triggered, start events too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.runtime.triggers import start_process_by_event, trigger_event

if TYPE_CHECKING:
    from engine.runtime.processing import Processing


def broadcast(p: Processing, name: str, variables: Mapping[str, Any]) -> int:
    key = p.new_key()
    value = {"signalName": name, "variables": dict(variables), "tenantId": "<default>"}
    p.write("SIGNAL", "BROADCAST", key, value, record_type="COMMAND")
    p.write("SIGNAL", "BROADCASTED", key, value)
    for sub_key in list(p.state.subs_by_name.get(f"s:{name}") or ()):
        sub = p.state.get("subscriptions", sub_key)
        if sub is None:
            continue
        if sub["elementInstanceKey"] < 0:
            definition = p.state.get("processes", sub["processDefinitionKey"])
            if definition is not None:
                start = p.registry.process(definition["key"]).elements[sub["targetElementId"]]
                start_process_by_event(p, definition, start, variables)
            continue
        owner = p.instance(sub["elementInstanceKey"])
        if owner is not None:
            target = p.process_of(owner).elements[sub["targetElementId"]]
            trigger_event(p, owner, target, variables)
    return key
