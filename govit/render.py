"""Rich renderings of tasks, instances and incidents for the terminal."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from govit.instance_view import InstanceView, waits_for

_STATE_STYLES = {
    "ACTIVE": "yellow",
    "COMPLETED": "green",
    "TERMINATED": "red",
    "CANCELED": "red",
    "CREATED": "yellow",
}


def _state(state: str) -> Text:
    return Text(state, style=_STATE_STYLES.get(state, ""))


def task_table(tasks: list[dict[str, Any]], title: str = "user tasks") -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("task key", "task", "process", "instance", "waits for", "due", "state"):
        keys = column in ("task key", "instance")
        table.add_column(column, no_wrap=keys or column == "state", min_width=16 if keys else None)
    for task in tasks:
        table.add_row(
            task["userTaskKey"],
            f"{task.get('name') or task['elementId']} [dim]({task['elementId']})[/]",
            task["processDefinitionId"],
            task["processInstanceKey"],
            waits_for(task),
            task.get("dueDate") or "—",
            _state(task["state"]),
        )
    return table


def path_tree(view: InstanceView) -> Tree:
    root = view.root
    tree = Tree(
        Text.assemble(
            (root["processDefinitionId"], "bold"), f" {root['processInstanceKey']} ", _state(root["state"])
        )
    )
    nodes = {root["processInstanceKey"]: tree}
    tasks_by_instance: dict[str, list[dict[str, Any]]] = {}
    for task in view.tasks:
        tasks_by_instance.setdefault(task["processInstanceKey"], []).append(task)
    events: list[tuple[str, str, dict[str, Any]]] = [
        (i.get("startDate") or "", "instance", i) for i in view.instances[1:]
    ] + [(t.get("creationDate") or "", "task", t) for t in view.tasks]
    events.sort(key=lambda event: event[0])
    for _, kind, item in events:
        parent_key = item["parentProcessInstanceKey"] if kind == "instance" else item["processInstanceKey"]
        parent = nodes.get(parent_key, tree)
        if kind == "instance":
            label = Text.assemble(
                "calls ",
                (item["processDefinitionId"], "bold"),
                f" {item['processInstanceKey']} ",
                _state(item["state"]),
            )
            nodes[item["processInstanceKey"]] = parent.add(label)
        else:
            label = Text.assemble(
                (
                    "◆ " if item["state"] == "CREATED" else "✓ ",
                    "yellow" if item["state"] == "CREATED" else "green",
                ),
                f"{item.get('name') or item['elementId']} ({item['elementId']}) ",
            )
            if item["state"] == "CREATED":
                label.append(f"waits for {waits_for(item)}", style="cyan")
                if item.get("dueDate"):
                    label.append(f", due {item['dueDate']}", style="magenta")
                label.append(f"  task {item['userTaskKey']}", style="dim")
            else:
                label.append(_state(item["state"]))
            parent.add(label)
    for incident in view.incidents:
        parent = nodes.get(incident["processInstanceKey"], tree)
        parent.add(
            Text.assemble(
                ("✗ incident ", "bold red"),
                f"{incident['incidentKey']} at {incident['elementId']}: {incident['errorType']} — ",
                (incident["errorMessage"], "red"),
            )
        )
    return tree


def incident_table(incidents: list[dict[str, Any]]) -> Table:
    table = Table(title="incidents", title_justify="left")
    for column in ("incident key", "instance", "process", "element", "type", "message", "state"):
        table.add_column(column)
    for incident in incidents:
        table.add_row(
            incident["incidentKey"],
            incident["processInstanceKey"],
            incident["processDefinitionId"],
            incident["elementId"],
            incident["errorType"],
            incident["errorMessage"],
            incident["state"],
        )
    return table


def variable_table(variables: dict[str, Any]) -> Table:
    table = Table(title="variables", title_justify="left")
    table.add_column("name")
    table.add_column("value", overflow="fold")
    for name in sorted(variables):
        text = json.dumps(variables[name], ensure_ascii=False)
        table.add_row(name, text if len(text) <= 200 else text[:197] + "...")
    return table


def deadlines(view: InstanceView) -> RenderableType:
    waiting = [task for task in view.waiting if task.get("dueDate")]
    if not waiting:
        return Text("no open deadlines", style="dim")
    table = Table(title="deadlines", title_justify="left")
    for column in ("due", "task", "waits for"):
        table.add_column(column)
    for task in sorted(waiting, key=lambda t: t["dueDate"]):
        table.add_row(task["dueDate"], f"{task.get('name') or task['elementId']}", waits_for(task))
    return table


def instance_report(view: InstanceView, variables: dict[str, Any]) -> Group:
    return Group(path_tree(view), deadlines(view), incident_table(view.incidents), variable_table(variables))
