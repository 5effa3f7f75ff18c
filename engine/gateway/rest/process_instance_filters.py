"""The process-instance filters of 8.8 that look beyond the instance itself: its variables, its
element instances, its incidents, its jobs and the batch operations it was part of.

``InstanceSurroundings`` is one consistent snapshot of those, read with the instances; each filter
is a predicate over an instance view and the request's condition, as ``search`` takes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import Projection
from engine.gateway.rest.search import value_matches

InstanceFilter = Callable[[dict[str, Any], Any], bool]

PROCESS_INSTANCE_FIELDS = frozenset(
    {
        "processInstanceKey",
        "processDefinitionId",
        "processDefinitionName",
        "processDefinitionVersion",
        "processDefinitionVersionTag",
        "processDefinitionKey",
        "parentProcessInstanceKey",
        "parentElementInstanceKey",
        "startDate",
        "endDate",
        "state",
        "hasIncident",
        "tenantId",
    }
)
"""Filter fields read from the process instance view itself."""

ELEMENT_FIELDS = {
    "elementId": "elementId",
    "elementInstanceState": "state",
    "hasElementInstanceIncident": "hasIncident",
}
"""Filter fields one element instance of the process instance must satisfy together."""

ELEMENT_GROUP = "elementInstance"
"""The field ``regrouped`` gathers the element-instance fields of a filter group under."""


INSTANCE_FILTERS = frozenset(
    {
        "variables",
        "errorMessage",
        "incidentErrorHashCode",
        "hasRetriesLeft",
        "batchOperationId",
        "tags",
        ELEMENT_GROUP,
    }
)
"""The computed filter fields (``InstanceSurroundings.filters``), the element-instance ones as one."""


def java_string_hash(text: str) -> int:
    """Java's ``String.hashCode`` (over UTF-16 code units, as a signed 32-bit int): Operate's
    incident error hash code, which ``incidentErrorHashCode`` filters by."""
    units = text.encode("utf-16-be")
    value = 0
    for index in range(0, len(units), 2):
        value = (31 * value + int.from_bytes(units[index : index + 2], "big")) & 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


@dataclass
class InstanceSurroundings:
    elements: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    variables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    incidents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    jobs_with_retries_left: set[str] = field(default_factory=set)
    """Instances with a job that failed and still has retries left (Operate's
    ``jobFailedWithRetriesLeft``)."""
    batches: dict[str, set[str]] = field(default_factory=dict)
    """Batch operation keys by the process instance key they touched."""

    @classmethod
    def read(
        cls,
        projection: Projection,
        open_jobs: Callable[[], Iterable[Mapping[str, Any]]],
        batch_items: Callable[[], Iterable[tuple[str, str]]],
        needed: frozenset[str],
    ) -> InstanceSurroundings:
        """What the ``needed`` filter fields look at, from the projection, the engine's open jobs and
        the (batch key, process instance key) pairs; a search without them reads nothing more."""
        found = cls()
        if needed & set(ELEMENT_FIELDS):
            for element in projection.element_instances.values():
                found.elements.setdefault(element["processInstanceKey"], []).append(element)
        if "variables" in needed:
            for variable in projection.variables.values():
                found.variables.setdefault(variable["processInstanceKey"], []).append(variable)
        if needed & {"errorMessage", "incidentErrorHashCode"}:
            for incident in projection.incidents.values():
                found.incidents.setdefault(incident["processInstanceKey"], []).append(incident)
        if "hasRetriesLeft" in needed:
            for job in open_jobs():
                # failed with retries left and not taken up again since (an activation clears it)
                if job.get("errorMessage") and job.get("retries", 0) > 0 and job.get("state") != "ACTIVATED":
                    found.jobs_with_retries_left.add(str(job["processInstanceKey"]))
        if "batchOperationId" in needed:
            for batch_key, instance_key in batch_items():
                found.batches.setdefault(instance_key, set()).add(batch_key)
        return found

    def filters(self) -> dict[str, InstanceFilter]:
        """The computed filters, by field (the element-instance fields as one, see ``regrouped``)."""
        filters: dict[str, InstanceFilter] = {
            "variables": self._variables,
            "errorMessage": self._error_message,
            "incidentErrorHashCode": self._error_hash,
            "hasRetriesLeft": self._retries_left,
            "batchOperationId": self._batch,
            "tags": _has_tags,
            ELEMENT_GROUP: self._element_instance,
        }
        assert set(filters) == INSTANCE_FILTERS
        return filters

    def _key(self, item: dict[str, Any]) -> str:
        return str(item["processInstanceKey"])

    def _variables(self, item: dict[str, Any], condition: Any) -> bool:
        if not isinstance(condition, list):
            raise BadRequest("filter.variables must be a list of {name, value} objects")
        present = self.variables.get(self._key(item), [])
        for wanted in condition:
            if (
                not isinstance(wanted, dict)
                or not isinstance(wanted.get("name"), str)
                or "value" not in wanted
            ):
                raise BadRequest("each filter.variables entry needs a name and a value")
            if not any(
                variable["name"] == wanted["name"]
                and value_matches(variable["value"], wanted["value"], "variables.value")
                for variable in present
            ):
                return False
        return True

    def _element_instance(self, item: dict[str, Any], group: Any) -> bool:
        return any(
            all(
                value_matches(element.get(ELEMENT_FIELDS[name]), wanted, name)
                for name, wanted in group.items()
            )
            for element in self.elements.get(self._key(item), [])
        )

    def _active_incidents(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        return [i for i in self.incidents.get(self._key(item), []) if i["state"] == "ACTIVE"]

    def _error_message(self, item: dict[str, Any], condition: Any) -> bool:
        return any(
            value_matches(i["errorMessage"], condition, "errorMessage") for i in self._active_incidents(item)
        )

    def _error_hash(self, item: dict[str, Any], condition: Any) -> bool:
        return any(
            value_matches(java_string_hash(i["errorMessage"]), condition, "incidentErrorHashCode")
            for i in self._active_incidents(item)
        )

    def _retries_left(self, item: dict[str, Any], condition: Any) -> bool:
        if not isinstance(condition, bool):
            raise BadRequest("filter.hasRetriesLeft must be true or false")
        return (self._key(item) in self.jobs_with_retries_left) == condition

    def _batch(self, item: dict[str, Any], condition: Any) -> bool:
        return any(
            value_matches(key, condition, "batchOperationId")
            for key in self.batches.get(self._key(item), set())
        )


def _has_tags(item: dict[str, Any], condition: Any) -> bool:
    """8.8's tag filter: the instance carries every tag given."""
    if not isinstance(condition, list) or not all(isinstance(tag, str) for tag in condition):
        raise BadRequest("filter.tags must be a list of tags")
    return set(condition) <= set(item.get("tags") or [])


def filter_fields(body: Any) -> frozenset[str]:
    """Every field a search body filters by, at the top level or in an ``$or`` alternative."""
    conditions = body.get("filter") if isinstance(body, dict) else None
    if not isinstance(conditions, dict):
        return frozenset()
    fields = set(conditions) - {"$or"}
    for group in conditions.get("$or") or []:
        if isinstance(group, dict):
            fields |= set(group)
    return frozenset(fields)


def regrouped(body: Any) -> Any:
    """The search body with the element-instance fields of each filter group (the top level and
    each ``$or`` alternative) gathered under one field, so that one element instance must satisfy
    them together, as Operate queries its flow node instances."""
    if not isinstance(body, dict) or not isinstance(body.get("filter"), dict):
        return body
    top = _regroup(body["filter"])
    alternatives = top.get("$or")
    if isinstance(alternatives, list):
        top["$or"] = [_regroup(group) if isinstance(group, dict) else group for group in alternatives]
    return {**body, "filter": top}


def _regroup(group: dict[str, Any]) -> dict[str, Any]:
    out = {name: value for name, value in group.items() if name not in ELEMENT_FIELDS}
    gathered = {name: group[name] for name in ELEMENT_FIELDS if name in group}
    if gathered:
        out[ELEMENT_GROUP] = gathered
    return out
