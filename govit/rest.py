"""The Orchestration Cluster REST API (``/v2``): user tasks, process instances, variables, incidents
and the engine clock."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from govit.settings import ClusterSettings, OAuth


class ApiError(RuntimeError):
    """The cluster refused a request; the message carries its problem detail."""


class NotFoundError(ApiError):
    pass


class _ClientCredentials(httpx.Auth):
    """Bearer tokens from the OAuth token endpoint, fetched again shortly before they expire."""

    def __init__(self, oauth: OAuth) -> None:
        self._oauth = oauth
        self._token = ""
        self._expires_at = 0.0

    def _fetch(self) -> str:
        if time.monotonic() < self._expires_at:
            return self._token
        form = {
            "grant_type": "client_credentials",
            "client_id": self._oauth.client_id,
            "client_secret": self._oauth.client_secret,
        }
        if self._oauth.rest_audience:
            form["audience"] = self._oauth.rest_audience
        response = httpx.post(self._oauth.token_url, data=form, timeout=30)
        if response.status_code != 200:
            raise ApiError(f"OAuth token request to {self._oauth.token_url} failed: {response.status_code}")
        body = response.json()
        self._token = str(body["access_token"])
        self._expires_at = time.monotonic() + float(body.get("expires_in", 300)) - 30
        return self._token

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = f"Bearer {self._fetch()}"
        yield request


def bearer_headers(settings: ClusterSettings) -> dict[str, str]:
    """The fixed bearer token of an embedded engine, when one is set and no OAuth is."""
    return {"Authorization": f"Bearer {settings.token}"} if settings.token and not settings.oauth else {}


def _problem(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text or response.reason_phrase
    if isinstance(body, dict):
        return str(body.get("detail") or body.get("title") or body)
    return str(body)


class RestClient:
    def __init__(self, settings: ClusterSettings, *, transport: httpx.BaseTransport | None = None) -> None:
        self._http = httpx.Client(
            base_url=f"{settings.rest_address}/v2",
            auth=_ClientCredentials(settings.oauth) if settings.oauth else None,
            headers=bearer_headers(settings),
            timeout=30,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RestClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = self._http.request(method, path, json=body)
        except httpx.HTTPError as error:
            raise ApiError(f"cannot reach the REST API at {self._http.base_url}: {error}") from error
        if response.status_code == 404:
            raise NotFoundError(_problem(response))
        if response.status_code >= 400:
            raise ApiError(f"{method} {path}: {response.status_code} {_problem(response)}")
        return response.json() if response.content else None

    def search(
        self,
        resource: str,
        filter_: dict[str, Any],
        sort: list[dict[str, str]] | None = None,
        *,
        first: int | None = None,
    ) -> list[Any]:
        """Every item that matches, page after page; only the ``first`` ones when given."""
        items: list[Any] = []
        limit = min(first, 1000) if first is not None else 1000
        body: dict[str, Any] = {"filter": filter_, "page": {"limit": limit}}
        if sort:
            body["sort"] = sort
        while True:
            found = self._request("POST", f"/{resource}/search", body)
            items += found["items"]
            cursor = found["page"].get("endCursor")
            if first is not None and len(items) >= first:
                return items[:first]
            if not found["items"] or len(items) >= found["page"]["totalItems"] or cursor is None:
                return items
            body["page"] = {"limit": limit, "after": cursor}

    def user_tasks(self, **filter_: Any) -> list[dict[str, Any]]:
        return self.search("user-tasks", filter_, sort=[{"field": "creationDate", "order": "ASC"}])

    def user_task(self, key: str) -> dict[str, Any]:
        task: dict[str, Any] = self._request("GET", f"/user-tasks/{key}")
        return task

    def user_task_form(self, key: str) -> dict[str, Any] | None:
        """The task's linked form as the cluster serves it, or None where the cluster serves none."""
        try:
            form = self._request("GET", f"/user-tasks/{key}/form")
        except NotFoundError:
            return None
        if not form or "schema" not in form:
            return None
        schema: dict[str, Any] = json.loads(form["schema"])
        return schema

    def assign_user_task(self, key: str, assignee: str) -> None:
        """Claim the task for ``assignee``, as Tasklist does before a person fills the form."""
        self._request("POST", f"/user-tasks/{key}/assignment", {"assignee": assignee, "allowOverride": False})

    def complete_user_task(self, key: str, variables: dict[str, Any]) -> None:
        self._request("POST", f"/user-tasks/{key}/completion", {"variables": variables})

    def process_instance(self, key: str) -> dict[str, Any]:
        instance: dict[str, Any] = self._request("GET", f"/process-instances/{key}")
        return instance

    def process_instances(self, **filter_: Any) -> list[dict[str, Any]]:
        return self.search("process-instances", filter_, sort=[{"field": "startDate", "order": "ASC"}])

    def variables(self, process_instance_key: str) -> dict[str, Any]:
        """The instance's own (process-level) variables, each with its whole value: the search
        truncates long values, so those are fetched again by key."""
        found = self.search("variables", {"processInstanceKey": process_instance_key})
        scope = {
            item["name"]: json.loads(self.variable(item["variableKey"])["value"])
            if item.get("isTruncated")
            else json.loads(item["value"])
            for item in found
            if item["scopeKey"] == process_instance_key
        }
        return scope

    def variable(self, key: str) -> dict[str, Any]:
        """One variable by key, with its full value (a JSON text)."""
        variable: dict[str, Any] = self._request("GET", f"/variables/{key}")
        return variable

    def pin_clock(self, epoch_ms: int) -> None:
        """Pin the engine clock at ``epoch_ms``: it stands still there until pinned again or reset."""
        self._request("PUT", "/clock", {"timestamp": epoch_ms})

    def reset_clock(self) -> None:
        """Return the engine clock to the system time."""
        self._request("POST", "/clock/reset")

    def set_variables(self, element_instance_key: str, variables: dict[str, Any], *, local: bool) -> None:
        """Create or update variables in an element instance's scope (or, not local, where they live)."""
        self._request(
            "PUT",
            f"/element-instances/{element_instance_key}/variables",
            {"variables": variables, "local": local},
        )

    def incidents(self, **filter_: Any) -> list[dict[str, Any]]:
        return self.search("incidents", filter_, sort=[{"field": "creationTime", "order": "ASC"}])

    def resolve_incident(self, key: str) -> None:
        self._request("POST", f"/incidents/{key}/resolution")

    def topology(self) -> dict[str, Any]:
        topology: dict[str, Any] = self._request("GET", "/topology")
        return topology
