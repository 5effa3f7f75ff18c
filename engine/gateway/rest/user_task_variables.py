"""The variables of user tasks: the variables search of one task and the variable filters of the
user task search (``localVariables``, ``processInstanceVariables``).

A task's variables are those of its element instance and of every scope around it up to the
process instance, as Camunda 8.8 finds them by the task's tree path; a filter's value is compared
with the variable's JSON text, as 8.8 compares it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import Projection
from engine.gateway.rest.search import value_matches

VARIABLE_FILTERS = frozenset({"name"})


def task_scopes(projection: Projection, task: dict[str, Any]) -> list[str]:
    """The task's element instance and its flow scopes, innermost first."""
    scopes = [task["elementInstanceKey"]]
    while (parent := projection.flow_scopes.get(scopes[-1])) is not None and parent not in scopes:
        scopes.append(parent)
    if task["processInstanceKey"] not in scopes:
        scopes.append(task["processInstanceKey"])
    return scopes


_TASK_VARIABLE_FIELDS = (
    "variableKey",
    "name",
    "value",
    "isTruncated",
    "scopeKey",
    "processInstanceKey",
    "tenantId",
)
"""The fields of 8.8's user task variable result (it has no root process instance key)."""


def task_variables(projection: Projection, task: dict[str, Any]) -> list[dict[str, Any]]:
    scopes = task_scopes(projection, task)
    marks = ", ".join("?" for _ in scopes)
    return [
        {name: v[name] for name in _TASK_VARIABLE_FIELDS}
        for v in projection.variables.where(f"scope_key IN ({marks})", scopes)
    ]


def _conditions(raw: Any, field: str) -> list[tuple[str, Any]]:
    if not isinstance(raw, list):
        raise BadRequest(f"filter.{field} must be a list of {{name, value}} objects")
    out = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or "value" not in item:
            raise BadRequest(f"filter.{field}[{index}] needs a variable name and a value")
        out.append((item["name"], item["value"]))
    return out


def variable_filters(projection: Projection) -> dict[str, Callable[[dict[str, Any], Any], bool]]:
    """The user task search's variable filters over ``projection``'s variables."""

    def on_scope(scope_field: str, field: str) -> Callable[[dict[str, Any], Any], bool]:
        def matches(task: dict[str, Any], raw: Any) -> bool:
            scope = int(task[scope_field])
            for name, condition in _conditions(raw, field):
                variable = projection.variables.get((scope, name))
                if variable is None or not value_matches(variable["value"], condition, f"{field}.value"):
                    return False
            return True

        return matches

    return {
        "localVariables": on_scope("elementInstanceKey", "localVariables"),
        "processInstanceVariables": on_scope("processInstanceKey", "processInstanceVariables"),
    }
