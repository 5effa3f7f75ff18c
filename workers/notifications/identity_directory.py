"""Recipients from the identity API (Camunda 8.8's ``/v2/groups/{groupId}/users/search`` and
``/v2/users/{username}``): the same directory the engine's sign-in and authorization use, on the
embedded engine and on a cluster alike. A group that does not exist or has no member fails the job
naming the group (an incident ops see), never a silent drop."""

from __future__ import annotations

from typing import Any

import httpx

from workers.errors import PermanentJobError
from workers.notifications.directory import Directory, Group, Robot, User

PAGE = 1000


class IdentityDirectory:
    def __init__(self, client: httpx.Client, robots: Directory | None = None) -> None:
        """``client`` has the REST address as base URL and the service credentials; ``robots`` is a
        YAML directory whose chat robots (and their groups) are added to the identity's members."""
        self._client = client
        self._robots = robots

    def _post(self, path: str) -> dict[str, Any]:
        response = self._client.post(path, json={"page": {"limit": PAGE}})
        return self._json(response, path)

    def _json(self, response: httpx.Response, path: str) -> dict[str, Any]:
        if response.status_code == 404:
            raise LookupError(path)
        if response.status_code >= 400:
            # 401/403/5xx: the job is retried (the identity service may be restarting)
            raise RuntimeError(f"identity API {path}: HTTP {response.status_code}: {response.text[:300]}")
        body: dict[str, Any] = response.json()
        return body

    def group(self, name: str, jurisdiction: str | None) -> Group:
        try:
            members = [
                str(item["username"]) for item in self._post(f"/v2/groups/{name}/users/search")["items"]
            ]
        except LookupError:
            raise PermanentJobError(f"recipientGroups: 身份目录中没有组 {name!r}") from None
        robots = self._robot_names(name, jurisdiction)
        if not members and not robots:
            raise PermanentJobError(
                f"recipientGroups: 组 {name!r} 没有成员，通知无人接收；"
                "请用 `govit users add-to-group` 添加成员"
            )
        return Group(members=members, robots=robots)

    def _robot_names(self, name: str, jurisdiction: str | None) -> list[str]:
        if self._robots is None:
            return []
        try:
            return list(self._robots.group(name, jurisdiction).robots)
        except PermanentJobError:
            return []

    def user(self, user_id: str) -> User:
        try:
            found = self._json(self._client.get(f"/v2/users/{user_id}"), f"/v2/users/{user_id}")
        except LookupError:
            raise PermanentJobError(f"recipientUsers: 身份目录中没有用户 {user_id!r}") from None
        return User(name=str(found.get("name") or user_id), email=found.get("email") or None)

    def robot(self, name: str) -> Robot:
        assert self._robots is not None, "robots come only from a YAML directory"
        return self._robots.robot(name)
