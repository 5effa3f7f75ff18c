"""The directory: who stands behind a role (candidate group), and which robots post to its chat.

A YAML file (``GOVIT_DIRECTORY``) an administrator edits; see ``directory.example.yaml``. A
jurisdiction may name its own members and robots for a group (the LG reviewers are not the TH
ones); a group it does not name falls back to the top-level definition.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from workers.errors import PermanentJobError


class RobotKind(StrEnum):
    GENERIC = "generic"
    WECOM = "wecom"
    DINGTALK = "dingtalk"


class User(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    email: str | None = None


class Robot(BaseModel):
    """A chat robot: WeCom (企业微信) or DingTalk (钉钉) group robot, or a generic signed webhook."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: RobotKind
    url: str
    secret: str | None = Field(
        default=None, description="DingTalk 加签 secret; generic: overrides the HMAC key"
    )


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    members: list[str] = []
    robots: list[str] = []


class Directory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    users: dict[str, User] = {}
    robots: dict[str, Robot] = {}
    groups: dict[str, Group] = {}
    jurisdictions: dict[str, dict[str, Group]] = {}

    @model_validator(mode="after")
    def _references_exist(self) -> Directory:
        scopes = [("groups", self.groups)] + [
            (f"jurisdictions.{code}", groups) for code, groups in self.jurisdictions.items()
        ]
        for scope, groups in scopes:
            for name, group in groups.items():
                for member in group.members:
                    if member not in self.users:
                        raise ValueError(f"{scope}.{name}.members: no user {member!r} under users")
                for robot in group.robots:
                    if robot not in self.robots:
                        raise ValueError(f"{scope}.{name}.robots: no robot {robot!r} under robots")
        return self

    def group(self, name: str, jurisdiction: str | None) -> Group:
        if jurisdiction is not None and name in self.jurisdictions.get(jurisdiction, {}):
            return self.jurisdictions[jurisdiction][name]
        if name in self.groups:
            return self.groups[name]
        where = f"（管辖区 {jurisdiction}）" if jurisdiction else ""
        raise PermanentJobError(f"接收组 (recipientGroups)：通知目录{where}中没有组 {name!r}")

    def user(self, user_id: str) -> User:
        if user_id not in self.users:
            raise PermanentJobError(f"接收人 (recipientUsers)：通知目录中没有用户 {user_id!r}")
        return self.users[user_id]

    def robot(self, name: str) -> Robot:
        return self.robots[name]

    def unsigned_generic_robots(self) -> list[str]:
        """Generic robots with no secret of their own: they sign with GOVIT_WEBHOOK_SECRET."""
        return [
            name
            for name, robot in self.robots.items()
            if robot.kind is RobotKind.GENERIC and not robot.secret
        ]


def load_directory(path: Path) -> Directory:
    """Read and check the directory file; a mistake is reported with the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise PermanentJobError(f"{path}: cannot read the directory: {error}") from error
    try:
        return Directory.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()
        )
        raise PermanentJobError(f"{path}: invalid directory: {problems}") from error
