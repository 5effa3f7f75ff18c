"""The engine's records through Camunda 8.8's public REST API (``/v2``), as the dossier reads them.

Only documented 8.8 operations are used, with their 8.8 request and response shapes, so the same
reader works on the embedded engine and on a real cluster. An operation the server does not serve
(404/405 for the route itself, e.g. decision instances on an engine that has not got them yet) is
an :class:`Unavailable` error the assembly turns into a gap; it never yields an empty list that
would read as "nothing happened".
"""

from __future__ import annotations

from typing import Any

import httpx


class SourceError(RuntimeError):
    """The REST API refused or could not be reached; the message names the operation."""


class Unavailable(SourceError):
    """The server does not serve this operation."""


class RestSource:
    """A thin reader over ``/v2``; ``client`` has the cluster's base URL (``…/v2``) and auth set."""

    def __init__(self, client: httpx.Client) -> None:
        self._http = client

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("POST", path, body)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            response = self._http.request(method, path, json=body)
        except httpx.HTTPError as error:
            where = f"{str(self._http.base_url).rstrip('/')}{path}"
            raise SourceError(f"无法连接 REST 接口 {where}：{error}") from error
        if response.status_code in (404, 405) and _route_missing(response):
            raise Unavailable(f"{method} /v2{path}：服务端未提供此接口（{response.status_code}）")
        if response.status_code == 404:
            raise LookupError(f"{method} /v2{path}：未找到")
        if response.status_code >= 400:
            raise SourceError(f"{method} /v2{path}：{response.status_code} {response.text[:300]}")
        if not response.content:
            return None
        if "json" in response.headers.get("content-type", ""):
            return response.json()
        return response.text

    def search(
        self, resource: str, filter_: dict[str, Any], sort: list[dict[str, str]]
    ) -> list[dict[str, Any]]:
        """Every item that matches, page after page (8.8 cursor paging)."""
        items: list[dict[str, Any]] = []
        body: dict[str, Any] = {"filter": filter_, "sort": sort, "page": {"limit": 500}}
        while True:
            found = self._post(f"/{resource}/search", body)
            items += found["items"]
            cursor = found["page"].get("endCursor")
            if not found["items"] or cursor is None or len(items) >= int(found["page"]["totalItems"]):
                return items
            body["page"] = {"limit": 500, "after": cursor}

    def process_instances(self, **filter_: Any) -> list[dict[str, Any]]:
        return self.search("process-instances", filter_, [{"field": "processInstanceKey", "order": "ASC"}])

    def process_instance(self, key: str) -> dict[str, Any]:
        found: dict[str, Any] = self._call("GET", f"/process-instances/{key}")
        return found

    def element_instance(self, key: str) -> dict[str, Any]:
        """One element instance; :class:`LookupError` while the cluster has not exported it yet."""
        found: dict[str, Any] = self._call("GET", f"/element-instances/{key}")
        return found

    def element_instances(self, process_instance_key: str) -> list[dict[str, Any]]:
        return self.search(
            "element-instances",
            {"processInstanceKey": process_instance_key},
            [{"field": "elementInstanceKey", "order": "ASC"}],
        )

    def user_tasks(self, process_instance_key: str) -> list[dict[str, Any]]:
        return self.search(
            "user-tasks",
            {"processInstanceKey": process_instance_key},
            [{"field": "creationDate", "order": "ASC"}],
        )

    def variables(self, process_instance_key: str) -> list[dict[str, Any]]:
        """Every variable of the instance, in every scope, each with its whole value."""
        found = self.search(
            "variables",
            {"processInstanceKey": process_instance_key},
            [{"field": "variableKey", "order": "ASC"}],
        )
        return [
            self._call("GET", f"/variables/{item['variableKey']}") if item.get("isTruncated") else item
            for item in found
        ]

    def incidents(self, process_instance_key: str) -> list[dict[str, Any]]:
        return self.search(
            "incidents",
            {"processInstanceKey": process_instance_key},
            [{"field": "creationTime", "order": "ASC"}],
        )

    def decision_instances(self, process_instance_key: str) -> list[dict[str, Any]]:
        """Each decision evaluated in the instance, in full (evaluated inputs, matched rules)."""
        found = self.search(
            "decision-instances",
            {"processInstanceKey": process_instance_key},
            [{"field": "evaluationDate", "order": "ASC"}],
        )
        return [
            self._call("GET", f"/decision-instances/{item['decisionEvaluationInstanceKey']}")
            for item in found
        ]


def _route_missing(response: httpx.Response) -> bool:
    """A 404 for an unserved route, not for an unknown key on a served one.

    The problem detail says which: the embedded engine answers an unknown path with ``no such
    endpoint``, Camunda 8.8 (Spring) with ``No static resource``; a 405 is always the route.
    """
    if response.status_code == 405:
        return True
    try:
        detail = str(response.json().get("detail", ""))
    except ValueError:
        return True
    return "no such endpoint" in detail or "No static resource" in detail
