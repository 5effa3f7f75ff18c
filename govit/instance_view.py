"""What an instance is doing, read through the REST API: its called processes, user tasks and incidents.

The path is told in the terms Operate's instance history uses at the level a clerk follows:
each (called) process with its state, and each user task with who it waits for and until when.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govit.rest import RestClient


@dataclass(frozen=True)
class InstanceView:
    root: dict[str, Any]
    instances: list[dict[str, Any]]  # the root and every process it called, in start order
    tasks: list[dict[str, Any]]  # every user task of those, in creation order
    incidents: list[dict[str, Any]]  # open incidents of those

    @property
    def waiting(self) -> list[dict[str, Any]]:
        return [task for task in self.tasks if task["state"] == "CREATED"]

    def depth(self, instance_key: str) -> int:
        parents = {i["processInstanceKey"]: i.get("parentProcessInstanceKey") for i in self.instances}
        depth, key = 0, parents.get(instance_key)
        while key and key in parents:
            depth, key = depth + 1, parents.get(key)
        return depth


def read_instance(rest: RestClient, key: str) -> InstanceView:
    root = rest.process_instance(key)
    instances = [root]
    frontier = [key]
    while frontier:
        children = rest.process_instances(parentProcessInstanceKey={"$in": frontier})
        instances += children
        frontier = [child["processInstanceKey"] for child in children]
    keys = [instance["processInstanceKey"] for instance in instances]
    tasks = rest.user_tasks(processInstanceKey={"$in": keys})
    incidents = rest.incidents(processInstanceKey={"$in": keys}, state="ACTIVE")
    instances.sort(key=lambda instance: (instance.get("startDate") or "", instance["processInstanceKey"]))
    return InstanceView(root=root, instances=instances, tasks=tasks, incidents=incidents)


def waits_for(task: dict[str, Any]) -> str:
    if task.get("assignee"):
        return str(task["assignee"])
    groups = ", ".join(task.get("candidateGroups") or [])
    users = ", ".join(task.get("candidateUsers") or [])
    return " / ".join(part for part in (groups, users) if part) or "anyone"
