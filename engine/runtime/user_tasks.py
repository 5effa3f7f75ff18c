"""Camunda user tasks: created when the element activates, completed through the engine's API.

Each lifecycle transition (creating, assigning, updating, completing) first writes its "-ING" record;
task listeners of that event then run as jobs, one after another, while the task waits in that
state. A listener may correct the task's attributes and, for assigning, updating and completing, deny
the transition, which restores the task as it was. After the last listener the transition finishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.runtime import expressions as ex
from engine.runtime import jobs
from engine.runtime import variables as var
from engine.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from engine.runtime.processing import ACTIVATED

if TYPE_CHECKING:
    from engine.bpmn import model as m
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

CREATED = "CREATED"
_UPDATABLE = {"candidateGroupsList", "candidateUsersList", "dueDate", "followUpDate", "priority"}
_CORRECTABLE = {"assignee", *_UPDATABLE}
_ALIASES = {"candidateGroups": "candidateGroupsList", "candidateUsers": "candidateUsersList"}
_INTERNAL = ("state", "key", "pending", "before")
# event -> (the "-ING" intent, the final intent, the denial intent or None)
_TRANSITIONS = {
    "creating": ("CREATING", "CREATED", None),
    "assigning": ("ASSIGNING", "ASSIGNED", "ASSIGNMENT_DENIED"),
    "updating": ("UPDATING", "UPDATED", "UPDATE_DENIED"),
    "completing": ("COMPLETING", "COMPLETED", "COMPLETION_DENIED"),
}


def value(task: Row, **extra: Any) -> dict[str, Any]:
    out = {k: v for k, v in task.items() if k not in _INTERNAL}
    out["userTaskKey"] = task["key"]
    out.update(extra)
    return out


def create(p: Processing, inst: Row, attributes: dict[str, Any]) -> Row:
    key = p.new_key()
    v = inst["v"]
    assignee = attributes.get("assignee") or ""
    task: Row = {
        "key": key,
        **attributes,
        "assignee": "",
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
    inst["userTaskKey"] = key
    p.save(inst)
    _begin(p, task, "creating", {"assignee": assignee})
    return task


def get(p: Processing, key: int) -> Row:
    task: Row | None = p.state.get("user_tasks", key)
    if task is None:
        raise NotFound(f"Expected to find user task with key '{key}', but no such user task was found")
    return task


def _require_created(task: Row, doing: str) -> None:
    if task["state"] != CREATED:
        raise FailedPrecondition(
            f"Expected to {doing} user task with key '{task['key']}', but it is in state '{task['state']}'"
        )


def assign(p: Processing, key: int, assignee: str, action: str = "assign") -> None:
    task = get(p, key)
    _require_created(task, "assign")
    task["before"] = {"assignee": task["assignee"]}
    task["assignee"] = assignee
    task["action"] = action
    task["changedAttributes"] = ["assignee"]
    _begin(p, task, "assigning", {})


def update(p: Processing, key: int, changes: Mapping[str, Any]) -> None:
    task = get(p, key)
    _require_created(task, "update")
    normalised = {_ALIASES.get(k, k): v for k, v in changes.items()}
    unknown = set(normalised) - _UPDATABLE
    if unknown:
        raise InvalidArgument(
            f"Cannot update user task attributes {sorted(unknown)}; allowed: {sorted(_UPDATABLE)}"
        )
    task["before"] = {k: task.get(k) for k in normalised}
    task.update(normalised)
    task["action"] = "update"
    task["changedAttributes"] = sorted(normalised)
    _begin(p, task, "updating", {})


def complete(p: Processing, key: int, variables: Mapping[str, Any], action: str | None) -> None:
    task = get(p, key)
    _require_created(task, "complete")
    task["before"] = {"variables": task["variables"]}
    task["variables"] = dict(variables)
    task["action"] = action or "complete"
    task["changedAttributes"] = []
    _begin(p, task, "completing", {})


def cancel(p: Processing, key: int) -> None:
    task: Row | None = p.state.get("user_tasks", key)
    if task is None:
        return
    p.state.delete("user_tasks", key)
    p.write("USER_TASK", "CANCELING", key, value(task))
    p.write("USER_TASK", "CANCELED", key, value(task))


# -- transitions and their listeners ------------------------------------------------------------------


def _listeners(p: Processing, task: Row, event: str) -> tuple[m.TaskListener, ...]:
    element = p.registry.process(task["processDefinitionKey"]).elements[task["elementId"]]
    definition = element.user_task
    return () if definition is None else tuple(x for x in definition.listeners if x.event_type == event)


def _begin(p: Processing, task: Row, event: str, carry: dict[str, Any]) -> None:
    doing, _, _ = _TRANSITIONS[event]
    task["state"] = doing
    task["pending"] = {"event": event, "index": 0, **carry}
    p.state.put("user_tasks", task["key"], task)
    p.write("USER_TASK", doing, task["key"], value(task))
    _next(p, task)


def _next(p: Processing, task: Row) -> None:
    pending = task["pending"]
    listeners = _listeners(p, task, pending["event"])
    if pending["index"] >= len(listeners):
        _finish(p, task)
        return
    inst = p.instance(task["elementInstanceKey"])
    if inst is None:
        return
    listener = listeners[pending["index"]]
    context = var.visible(p, inst)
    job_type = ex.string(listener.type, context)
    retries = ex.integer(listener.retries, context)
    headers = {"io.camunda.zeebe:userTaskKey": str(task["key"])}
    jobs.create_job(
        p, inst, job_type, retries, headers, kind="TASK_LISTENER", listener_event=pending["event"].upper()
    )


def listener_completed(p: Processing, job: Row, result: Mapping[str, Any] | None) -> None:
    """A task listener's job completed, possibly correcting the task or denying the transition."""
    task = _task_of_element(p, job["elementInstanceKey"])
    if task is None or "pending" not in task:
        return
    inst = p.instance(task["elementInstanceKey"])
    if inst is not None:
        inst.pop("jobKey", None)
        p.save(inst)
    result = result or {}
    pending = task["pending"]
    corrections = {_ALIASES.get(k, k): v for k, v in (result.get("corrections") or {}).items()}
    if corrections:
        task.update(corrections)
        p.write("USER_TASK", "CORRECTED", task["key"], value(task, changedAttributes=sorted(corrections)))
    if result.get("denied"):
        _deny(p, task, str(result.get("deniedReason") or ""))
        return
    pending["index"] += 1
    p.state.put("user_tasks", task["key"], task)
    _next(p, task)


def check_result(p: Processing, job: Row, result: Mapping[str, Any] | None) -> None:
    """Reject what a task listener may not do before anything is written."""
    if not result:
        return
    corrections = {_ALIASES.get(k, k) for k in (result.get("corrections") or {})}
    if corrections - _CORRECTABLE:
        raise InvalidArgument(
            f"Expected to correct only {sorted(_CORRECTABLE)}, but the result corrects "
            f"{sorted(corrections - _CORRECTABLE)}"
        )
    event = job["jobListenerEventType"].lower()
    if result.get("denied") and _TRANSITIONS.get(event, (None, None, None))[2] is None:
        raise InvalidArgument(f"Expected a task listener of '{event}' not to deny the transition, but it did")


def _deny(p: Processing, task: Row, reason: str) -> None:
    event = task.pop("pending")["event"]
    denied = _TRANSITIONS[event][2]
    assert denied is not None
    task.update(task.pop("before", None) or {})
    task["state"] = CREATED
    p.state.put("user_tasks", task["key"], task)
    p.write("USER_TASK", denied, task["key"], value(task, deniedReason=reason))


def _finish(p: Processing, task: Row) -> None:
    pending = task.pop("pending")
    task.pop("before", None)
    event = pending["event"]
    done = _TRANSITIONS[event][1]
    key = task["key"]
    if event == "completing":
        p.state.delete("user_tasks", key)
        p.write("USER_TASK", done, key, value(task))
        inst = p.instance(task["elementInstanceKey"])
        if inst is None or inst["state"] != ACTIVATED:
            return
        inst.pop("userTaskKey", None)
        inst["result"] = dict(task["variables"])
        p.save(inst)
        p.complete(inst)
        return
    task["state"] = CREATED
    p.state.put("user_tasks", key, task)
    p.write("USER_TASK", done, key, value(task))
    if event == "creating" and pending.get("assignee"):
        task["assignee"] = pending["assignee"]
        task["action"] = "assign"
        task["changedAttributes"] = ["assignee"]
        task["before"] = {"assignee": ""}
        _begin(p, task, "assigning", {})


def _task_of_element(p: Processing, element_instance_key: int) -> Row | None:
    inst = p.instance(element_instance_key)
    key = inst.get("userTaskKey") if inst is not None else None
    task: Row | None = p.state.get("user_tasks", key) if key is not None else None
    return task
