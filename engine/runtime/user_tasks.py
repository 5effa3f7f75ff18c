"""Camunda user tasks: created when the element activates, completed through the engine's API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from engine.runtime.processing import ACTIVATED

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

CREATED = "CREATED"
_UPDATABLE = {"candidateGroupsList", "candidateUsersList", "dueDate", "followUpDate", "priority"}


def value(task: Row, **extra: Any) -> dict[str, Any]:
    out = {k: v for k, v in task.items() if k not in ("state", "key")}
    out["userTaskKey"] = task["key"]
    out.update(extra)
    return out


def create(p: Processing, inst: Row, attributes: dict[str, Any]) -> Row:
    key = p.new_key()
    v = inst["v"]
    task: Row = {
        "key": key,
        **attributes,
        "elementId": inst["elementId"],
        "elementInstanceKey": inst["key"],
        "processInstanceKey": inst["processInstanceKey"],
        "bpmnProcessId": v["bpmnProcessId"],
        "processDefinitionVersion": v["version"],
        "processDefinitionKey": v["processDefinitionKey"],
        "creationTimestamp": p.now,
        "variables": {},
        "changedAttributes": [],
        "action": "",
        "tenantId": "<default>",
        "state": "CREATING",
    }
    p.write("USER_TASK", "CREATING", key, value(task))
    task["state"] = CREATED
    p.state.put("user_tasks", key, task)
    inst["userTaskKey"] = key
    p.save(inst)
    assignee = task["assignee"]
    if assignee:
        task["assignee"] = ""
    p.write("USER_TASK", "CREATED", key, value(task))
    if assignee:
        task["assignee"] = assignee
        p.write("USER_TASK", "ASSIGNING", key, value(task, action="assign", changedAttributes=["assignee"]))
        p.write("USER_TASK", "ASSIGNED", key, value(task, action="assign", changedAttributes=["assignee"]))
    return task


def get(p: Processing, key: int) -> Row:
    task: Row | None = p.state.get("user_tasks", key)
    if task is None:
        raise NotFound(f"Expected to find user task with key '{key}', but no such user task was found")
    return task


def assign(p: Processing, key: int, assignee: str, action: str = "assign") -> None:
    task = get(p, key)
    if task["state"] != CREATED:
        raise FailedPrecondition(
            f"Expected to assign user task with key '{key}', but it is in state '{task['state']}'"
        )
    task["assignee"] = assignee
    p.state.put("user_tasks", key, task)
    for i in ("ASSIGNING", "ASSIGNED"):
        p.write("USER_TASK", i, key, value(task, action=action, changedAttributes=["assignee"]))


def update(p: Processing, key: int, changes: Mapping[str, Any]) -> None:
    task = get(p, key)
    if task["state"] != CREATED:
        raise FailedPrecondition(
            f"Expected to update user task with key '{key}', but it is in state '{task['state']}'"
        )
    aliases = {"candidateGroups": "candidateGroupsList", "candidateUsers": "candidateUsersList"}
    normalised = {aliases.get(k, k): v for k, v in changes.items()}
    unknown = set(normalised) - _UPDATABLE
    if unknown:
        raise InvalidArgument(
            f"Cannot update user task attributes {sorted(unknown)}; allowed: {sorted(_UPDATABLE)}"
        )
    task.update(normalised)
    p.state.put("user_tasks", key, task)
    changed = sorted(normalised)
    p.write("USER_TASK", "UPDATING", key, value(task, action="update", changedAttributes=changed))
    p.write("USER_TASK", "UPDATED", key, value(task, action="update", changedAttributes=changed))


def complete(p: Processing, key: int, variables: Mapping[str, Any], action: str | None) -> None:
    task = get(p, key)
    if task["state"] != CREATED:
        raise FailedPrecondition(
            f"Expected to complete user task with key '{key}', but it is in state '{task['state']}'"
        )
    p.write(
        "USER_TASK", "COMPLETING", key, value(task, variables=dict(variables), action=action or "complete")
    )
    p.state.delete("user_tasks", key)
    p.write(
        "USER_TASK", "COMPLETED", key, value(task, variables=dict(variables), action=action or "complete")
    )
    inst = p.instance(task["elementInstanceKey"])
    if inst is None or inst["state"] != ACTIVATED:
        return
    inst.pop("userTaskKey", None)
    inst["result"] = dict(variables)
    p.save(inst)
    p.complete(inst)


def cancel(p: Processing, key: int) -> None:
    task: Row | None = p.state.get("user_tasks", key)
    if task is None:
        return
    p.state.delete("user_tasks", key)
    p.write("USER_TASK", "CANCELING", key, value(task))
    p.write("USER_TASK", "CANCELED", key, value(task))
