"""The directory of users, groups, roles, mapping rules and authorizations, in SQLite.

One file (``identity.db``) beside the engine's state, or an in-memory database for an in-memory
engine. Every method is safe to call from any thread: one connection, one lock.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.identity.passwords import Passwords
from engine.identity.permissions import OwnerType, Permission, ResourceType
from engine.identity.records import (
    AlreadyInDirectory,
    Authorization,
    DirectoryError,
    Group,
    MappingRule,
    NotFoundInDirectory,
    Role,
    User,
)
from engine.identity.schema import SCHEMA

FILE_NAME = "identity.db"
MAX_FAILED_ATTEMPTS = 5
"""Consecutive wrong passwords before an account is locked for :data:`LOCKOUT_MS`."""
LOCKOUT_MS = 15 * 60 * 1000
TOKEN_PREFIX = "govit_"
_RULE_COLUMNS = "SELECT mapping_rule_id, name, claim_name, claim_value FROM mapping_rules"

GROUP_MEMBER_TYPES = frozenset({OwnerType.USER, OwnerType.CLIENT, OwnerType.MAPPING_RULE})
ROLE_MEMBER_TYPES = frozenset({OwnerType.USER, OwnerType.CLIENT, OwnerType.GROUP, OwnerType.MAPPING_RULE})


class AccountLocked(DirectoryError):
    """Too many wrong passwords in a row: sign-in refused until the lock expires."""

    def __init__(self, username: str, until_ms: int, remaining_ms: int = 0) -> None:
        super().__init__(f"用户 {username!r} 因连续输错密码已被锁定，请稍后再试")
        self.until_ms = until_ms
        self.remaining_ms = remaining_ms
        """How long the lock still runs, by the directory's clock."""


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Directory:
    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        passwords: Passwords | None = None,
        now_ms: Callable[[], int] | None = None,
    ) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self._passwords = passwords or Passwords()
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))
        self.revision = 0
        """Bumped by every change, so callers can cache what they derive from the directory."""
        self.credential_listeners: list[Callable[[str], None]] = []
        """Called with the username when a password changes or an account is disabled or deleted
        (the workspace ends that user's sessions)."""
        with self._lock:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.executescript(SCHEMA)
            self._db.commit()

    @classmethod
    def open(
        cls,
        data_dir: Path | None,
        *,
        passwords: Passwords | None = None,
        now_ms: Callable[[], int] | None = None,
    ) -> Directory:
        """The directory under ``data_dir`` (created when missing), or an in-memory one for None."""
        if data_dir is None:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(data_dir / FILE_NAME, check_same_thread=False)
            connection.execute("PRAGMA journal_mode = WAL")
        return cls(connection, passwords=passwords, now_ms=now_ms)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except BaseException:
                self._db.rollback()
                raise
            self._db.commit()
            self.revision += 1

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    # -- users ---------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        *,
        name: str,
        password: str | None,
        email: str | None = None,
        unit: str | None = None,
    ) -> User:
        if not username.strip():
            raise DirectoryError("用户名不能为空")
        password_hash = self._passwords.hash(password) if password is not None else None
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                raise AlreadyInDirectory(f"用户 {username!r} 已存在")
            db.execute(
                "INSERT INTO users (username, name, email, unit, password_hash) VALUES (?, ?, ?, ?, ?)",
                (username, name or username, email, unit, password_hash),
            )
        return self.user(username)

    def find_user(self, username: str) -> User | None:
        rows = self.query(
            "SELECT username, name, email, unit, enabled FROM users WHERE username = ?", username
        )
        return _user(rows[0]) if rows else None

    def user(self, username: str) -> User:
        found = self.find_user(username)
        if found is None:
            raise NotFoundInDirectory(f"没有用户 {username!r}")
        return found

    def users(self) -> list[User]:
        return [
            _user(row)
            for row in self.query("SELECT username, name, email, unit, enabled FROM users ORDER BY username")
        ]

    def update_user(
        self,
        username: str,
        *,
        name: str | None = None,
        email: str | None = None,
        unit: str | None = None,
        password: str | None = None,
    ) -> User:
        self.user(username)
        password_hash = self._passwords.hash(password) if password is not None else None
        with self.transaction() as db:
            if name is not None:
                db.execute("UPDATE users SET name = ? WHERE username = ?", (name, username))
            if email is not None:
                db.execute("UPDATE users SET email = ? WHERE username = ?", (email, username))
            if unit is not None:
                db.execute("UPDATE users SET unit = ? WHERE username = ?", (unit or None, username))
            if password_hash is not None:
                # A new password also lifts a lock-out: the administrator has vouched for the user.
                db.execute(
                    "UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until_ms = 0 "
                    "WHERE username = ?",
                    (password_hash, username),
                )
        if password_hash is not None:
            self._credentials_changed(username)
        return self.user(username)

    def set_enabled(self, username: str, enabled: bool) -> User:
        self.user(username)
        with self.transaction() as db:
            db.execute("UPDATE users SET enabled = ? WHERE username = ?", (int(enabled), username))
            if not enabled:
                db.execute("DELETE FROM api_tokens WHERE username = ?", (username,))
        if not enabled:
            self._credentials_changed(username)
        return self.user(username)

    def delete_user(self, username: str) -> None:
        self.user(username)
        with self.transaction() as db:
            db.execute("DELETE FROM users WHERE username = ?", (username,))
            db.execute(
                "DELETE FROM group_members WHERE member_type = ? AND member_id = ?",
                (OwnerType.USER, username),
            )
            db.execute(
                "DELETE FROM role_members WHERE member_type = ? AND member_id = ?", (OwnerType.USER, username)
            )
            db.execute(
                "DELETE FROM authorizations WHERE owner_type = ? AND owner_id = ?", (OwnerType.USER, username)
            )
        self._credentials_changed(username)

    def _credentials_changed(self, username: str) -> None:
        for listener in list(self.credential_listeners):
            listener(username)

    def credential_stamp(self, username: str) -> str | None:
        """A digest of the user's password hash while the account is enabled; None when it is
        disabled or gone. It changes with every new password (each hash has its own salt), so a
        session started under an old one can tell, even when another process changed it."""
        rows = self.query("SELECT password_hash, enabled FROM users WHERE username = ?", username)
        if not rows or not rows[0][1]:
            return None
        return hashlib.sha256(str(rows[0][0]).encode()).hexdigest()

    def check_password(self, username: str, password: str) -> User | None:
        """The user when the password is theirs and the account is enabled; None otherwise.

        Raises :class:`AccountLocked` while a lock-out runs; every wrong password counts towards it."""
        rows = self.query(
            "SELECT password_hash, failed_attempts, locked_until_ms FROM users WHERE username = ?", username
        )
        now = self._now_ms()
        if not rows:
            self._passwords.verify(_DUMMY_HASH.get(self._passwords), password)  # same time as a miss
            return None
        stored, failed, locked_until = rows[0]
        if isinstance(locked_until, int) and locked_until > now:
            raise AccountLocked(username, locked_until, locked_until - now)
        if isinstance(stored, str) and self._passwords.verify(stored, password):
            if failed:
                with self.transaction() as db:
                    db.execute("UPDATE users SET failed_attempts = 0 WHERE username = ?", (username,))
            user = self.user(username)
            return user if user.enabled else None
        attempts = int(failed) + 1 if isinstance(failed, int) else 1
        with self.transaction() as db:
            if attempts >= MAX_FAILED_ATTEMPTS:
                db.execute(
                    "UPDATE users SET failed_attempts = 0, locked_until_ms = ? WHERE username = ?",
                    (now + LOCKOUT_MS, username),
                )
            else:
                db.execute("UPDATE users SET failed_attempts = ? WHERE username = ?", (attempts, username))
        return None

    # -- API tokens ----------------------------------------------------------------------------

    def issue_token(self, username: str, label: str) -> str:
        """A new bearer token for the user's API calls; shown once, only its hash is kept."""
        if not self.user(username).enabled:
            raise DirectoryError(f"用户 {username!r} 已停用，不能签发令牌")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO api_tokens (token_sha256, username, label, created_ms) VALUES (?, ?, ?, ?)",
                (_token_digest(token), username, label, self._now_ms()),
            )
        return token

    def revoke_tokens(self, username: str) -> int:
        with self.transaction() as db:
            return db.execute("DELETE FROM api_tokens WHERE username = ?", (username,)).rowcount

    def user_for_token(self, token: str) -> User | None:
        rows = self.query("SELECT username FROM api_tokens WHERE token_sha256 = ?", _token_digest(token))
        if not rows:
            return None
        user = self.find_user(str(rows[0][0]))
        return user if user is not None and user.enabled else None

    # -- groups and roles ----------------------------------------------------------------------

    def add_group(self, group_id: str, *, name: str, description: str | None = None) -> Group:
        _require_id(group_id, "组")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone():
                raise AlreadyInDirectory(f"组 {group_id!r} 已存在")
            db.execute(
                "INSERT INTO groups (group_id, name, description) VALUES (?, ?, ?)",
                (group_id, name or group_id, description),
            )
        return self.group(group_id)

    def ensure_group(self, group_id: str, *, name: str | None = None) -> Group:
        found = self.find_group(group_id)
        return found if found is not None else self.add_group(group_id, name=name or group_id)

    def find_group(self, group_id: str) -> Group | None:
        rows = self.query("SELECT group_id, name, description FROM groups WHERE group_id = ?", group_id)
        return Group(str(rows[0][0]), str(rows[0][1]), _text(rows[0][2])) if rows else None

    def group(self, group_id: str) -> Group:
        found = self.find_group(group_id)
        if found is None:
            raise NotFoundInDirectory(f"没有组 {group_id!r}")
        return found

    def groups(self) -> list[Group]:
        return [
            Group(str(a), str(b), _text(c))
            for a, b, c in self.query("SELECT group_id, name, description FROM groups ORDER BY group_id")
        ]

    def update_group(self, group_id: str, *, name: str, description: str | None) -> Group:
        self.group(group_id)
        with self.transaction() as db:
            db.execute(
                "UPDATE groups SET name = ?, description = ? WHERE group_id = ?",
                (name, description, group_id),
            )
        return self.group(group_id)

    def delete_group(self, group_id: str) -> None:
        self.group(group_id)
        with self.transaction() as db:
            db.execute("DELETE FROM group_members WHERE group_id = ?", (group_id,))
            db.execute(
                "DELETE FROM role_members WHERE member_type = ? AND member_id = ?",
                (OwnerType.GROUP, group_id),
            )
            db.execute(
                "DELETE FROM authorizations WHERE owner_type = ? AND owner_id = ?",
                (OwnerType.GROUP, group_id),
            )
            db.execute("DELETE FROM groups WHERE group_id = ?", (group_id,))

    def add_role(self, role_id: str, *, name: str, description: str | None = None) -> Role:
        _require_id(role_id, "角色")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM roles WHERE role_id = ?", (role_id,)).fetchone():
                raise AlreadyInDirectory(f"角色 {role_id!r} 已存在")
            db.execute(
                "INSERT INTO roles (role_id, name, description) VALUES (?, ?, ?)",
                (role_id, name or role_id, description),
            )
        return self.role(role_id)

    def find_role(self, role_id: str) -> Role | None:
        rows = self.query("SELECT role_id, name, description FROM roles WHERE role_id = ?", role_id)
        return Role(str(rows[0][0]), str(rows[0][1]), _text(rows[0][2])) if rows else None

    def role(self, role_id: str) -> Role:
        found = self.find_role(role_id)
        if found is None:
            raise NotFoundInDirectory(f"没有角色 {role_id!r}")
        return found

    def roles(self) -> list[Role]:
        return [
            Role(str(a), str(b), _text(c))
            for a, b, c in self.query("SELECT role_id, name, description FROM roles ORDER BY role_id")
        ]

    def update_role(self, role_id: str, *, name: str, description: str | None) -> Role:
        self.role(role_id)
        with self.transaction() as db:
            db.execute(
                "UPDATE roles SET name = ?, description = ? WHERE role_id = ?", (name, description, role_id)
            )
        return self.role(role_id)

    def delete_role(self, role_id: str) -> None:
        self.role(role_id)
        with self.transaction() as db:
            db.execute("DELETE FROM role_members WHERE role_id = ?", (role_id,))
            db.execute(
                "DELETE FROM authorizations WHERE owner_type = ? AND owner_id = ?", (OwnerType.ROLE, role_id)
            )
            db.execute("DELETE FROM roles WHERE role_id = ?", (role_id,))

    def add_group_member(self, group_id: str, member_type: OwnerType, member_id: str) -> None:
        self.group(group_id)
        self._require_member(member_type, member_id, GROUP_MEMBER_TYPES, f"组 {group_id!r}")
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO group_members VALUES (?, ?, ?)", (group_id, member_type, member_id)
            )

    def remove_group_member(self, group_id: str, member_type: OwnerType, member_id: str) -> None:
        self.group(group_id)
        with self.transaction() as db:
            removed = db.execute(
                "DELETE FROM group_members WHERE group_id = ? AND member_type = ? AND member_id = ?",
                (group_id, member_type, member_id),
            ).rowcount
        if not removed:
            raise NotFoundInDirectory(f"{member_id!r} 不是组 {group_id!r} 的成员")

    def group_members(self, group_id: str, member_type: OwnerType) -> list[str]:
        self.group(group_id)
        return [
            str(row[0])
            for row in self.query(
                "SELECT member_id FROM group_members WHERE group_id = ? AND member_type = ? "
                "ORDER BY member_id",
                group_id,
                member_type,
            )
        ]

    def add_role_member(self, role_id: str, member_type: OwnerType, member_id: str) -> None:
        self.role(role_id)
        self._require_member(member_type, member_id, ROLE_MEMBER_TYPES, f"角色 {role_id!r}")
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO role_members VALUES (?, ?, ?)", (role_id, member_type, member_id)
            )

    def remove_role_member(self, role_id: str, member_type: OwnerType, member_id: str) -> None:
        self.role(role_id)
        with self.transaction() as db:
            removed = db.execute(
                "DELETE FROM role_members WHERE role_id = ? AND member_type = ? AND member_id = ?",
                (role_id, member_type, member_id),
            ).rowcount
        if not removed:
            raise NotFoundInDirectory(f"{member_id!r} 没有角色 {role_id!r}")

    def role_members(self, role_id: str, member_type: OwnerType) -> list[str]:
        self.role(role_id)
        return [
            str(row[0])
            for row in self.query(
                "SELECT member_id FROM role_members WHERE role_id = ? AND member_type = ? ORDER BY member_id",
                role_id,
                member_type,
            )
        ]

    def _require_member(
        self, member_type: OwnerType, member_id: str, allowed: frozenset[OwnerType], where: str
    ) -> None:
        if member_type not in allowed:
            raise DirectoryError(f"{where} 不能有 {member_type} 类型的成员")
        if member_type is OwnerType.USER:
            self.user(member_id)
        elif member_type is OwnerType.GROUP:
            self.group(member_id)
        elif member_type is OwnerType.MAPPING_RULE:
            self.mapping_rule(member_id)
        elif not member_id.strip():
            raise DirectoryError(f"{where}: 客户端 id 不能为空")

    def memberships(
        self, username: str | None, mapping_rule_ids: Iterable[str] = (), client_id: str | None = None
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The groups and roles of a user (and of the mapping rules its token matched): direct roles,
        and roles given to one of its groups."""
        members = [(OwnerType.MAPPING_RULE, rule) for rule in mapping_rule_ids]
        if username is not None:
            members.append((OwnerType.USER, username))
        if client_id is not None:
            members.append((OwnerType.CLIENT, client_id))
        groups: set[str] = set()
        roles: set[str] = set()
        for member_type, member_id in members:
            groups |= {
                str(r[0])
                for r in self.query(
                    "SELECT group_id FROM group_members WHERE member_type = ? AND member_id = ?",
                    member_type,
                    member_id,
                )
            }
            roles |= {
                str(r[0])
                for r in self.query(
                    "SELECT role_id FROM role_members WHERE member_type = ? AND member_id = ?",
                    member_type,
                    member_id,
                )
            }
        for group_id in groups:
            roles |= {
                str(r[0])
                for r in self.query(
                    "SELECT role_id FROM role_members WHERE member_type = ? AND member_id = ?",
                    OwnerType.GROUP,
                    group_id,
                )
            }
        return frozenset(groups), frozenset(roles)

    # -- mapping rules -------------------------------------------------------------------------

    def add_mapping_rule(
        self, mapping_rule_id: str, *, name: str, claim_name: str, claim_value: str
    ) -> MappingRule:
        _require_id(mapping_rule_id, "映射规则")
        if not claim_name.strip() or not claim_value.strip():
            raise DirectoryError(f"映射规则 {mapping_rule_id!r}: claimName 和 claimValue 不能为空")
        with self.transaction() as db:
            if db.execute(
                "SELECT 1 FROM mapping_rules WHERE mapping_rule_id = ?", (mapping_rule_id,)
            ).fetchone():
                raise AlreadyInDirectory(f"映射规则 {mapping_rule_id!r} 已存在")
            db.execute(
                "INSERT INTO mapping_rules VALUES (?, ?, ?, ?)",
                (mapping_rule_id, name or mapping_rule_id, claim_name, claim_value),
            )
        return self.mapping_rule(mapping_rule_id)

    def mapping_rule(self, mapping_rule_id: str) -> MappingRule:
        rows = self.query(
            _RULE_COLUMNS + " WHERE mapping_rule_id = ?",
            mapping_rule_id,
        )
        if not rows:
            raise NotFoundInDirectory(f"没有映射规则 {mapping_rule_id!r}")
        return MappingRule(*(str(v) for v in rows[0]))

    def mapping_rules(self) -> list[MappingRule]:
        return [
            MappingRule(*(str(v) for v in row))
            for row in self.query(_RULE_COLUMNS + " ORDER BY mapping_rule_id")
        ]

    def update_mapping_rule(
        self, mapping_rule_id: str, *, name: str, claim_name: str, claim_value: str
    ) -> MappingRule:
        self.mapping_rule(mapping_rule_id)
        with self.transaction() as db:
            db.execute(
                "UPDATE mapping_rules SET name = ?, claim_name = ?, claim_value = ? "
                "WHERE mapping_rule_id = ?",
                (name, claim_name, claim_value, mapping_rule_id),
            )
        return self.mapping_rule(mapping_rule_id)

    def delete_mapping_rule(self, mapping_rule_id: str) -> None:
        self.mapping_rule(mapping_rule_id)
        with self.transaction() as db:
            for table in ("group_members", "role_members"):
                db.execute(
                    f"DELETE FROM {table} WHERE member_type = ? AND member_id = ?",
                    (OwnerType.MAPPING_RULE, mapping_rule_id),
                )
            db.execute(
                "DELETE FROM authorizations WHERE owner_type = ? AND owner_id = ?",
                (OwnerType.MAPPING_RULE, mapping_rule_id),
            )
            db.execute("DELETE FROM mapping_rules WHERE mapping_rule_id = ?", (mapping_rule_id,))

    # -- authorizations ------------------------------------------------------------------------

    def add_authorization(
        self,
        owner_type: OwnerType,
        owner_id: str,
        resource_type: ResourceType,
        resource_id: str,
        permissions: Iterable[Permission],
    ) -> Authorization:
        granted = frozenset(permissions)
        if not granted:
            raise DirectoryError("授权至少需要一种权限 (permissionTypes)")
        if not owner_id.strip() or not resource_id.strip():
            raise DirectoryError("授权的 ownerId 和 resourceId 不能为空")
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO authorizations (owner_type, owner_id, resource_type, resource_id, permissions) "
                "VALUES (?, ?, ?, ?, ?)",
                (owner_type, owner_id, resource_type, resource_id, json.dumps(sorted(granted))),
            )
            key = int(cursor.lastrowid or 0)
        return self.authorization(key)

    def authorization(self, key: int) -> Authorization:
        rows = self.query(
            "SELECT authorization_key, owner_type, owner_id, resource_type, resource_id, permissions "
            "FROM authorizations WHERE authorization_key = ?",
            key,
        )
        if not rows:
            raise NotFoundInDirectory(f"没有授权 {key}")
        return _authorization(rows[0])

    def authorizations(self) -> list[Authorization]:
        return [
            _authorization(row)
            for row in self.query(
                "SELECT authorization_key, owner_type, owner_id, resource_type, resource_id, permissions "
                "FROM authorizations ORDER BY authorization_key"
            )
        ]

    def replace_authorization(
        self,
        key: int,
        *,
        owner_type: OwnerType,
        owner_id: str,
        resource_type: ResourceType,
        resource_id: str,
        permissions: Iterable[Permission],
    ) -> Authorization:
        self.authorization(key)
        granted = frozenset(permissions)
        if not granted:
            raise DirectoryError("授权至少需要一种权限 (permissionTypes)")
        with self.transaction() as db:
            db.execute(
                "UPDATE authorizations SET owner_type = ?, owner_id = ?, resource_type = ?, resource_id = ?, "
                "permissions = ? WHERE authorization_key = ?",
                (owner_type, owner_id, resource_type, resource_id, json.dumps(sorted(granted)), key),
            )
        return self.authorization(key)

    def delete_authorization(self, key: int) -> None:
        self.authorization(key)
        with self.transaction() as db:
            db.execute("DELETE FROM authorizations WHERE authorization_key = ?", (key,))


def _require_id(value: str, what: str) -> None:
    if not value.strip():
        raise DirectoryError(f"{what} id 不能为空")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _user(row: tuple[object, ...]) -> User:
    username, name, email, unit, enabled = row
    return User(str(username), str(name), _text(email), _text(unit), bool(enabled))


def _authorization(row: tuple[object, ...]) -> Authorization:
    key, owner_type, owner_id, resource_type, resource_id, permissions = row
    return Authorization(
        key=int(str(key)),
        owner_type=OwnerType(str(owner_type)),
        owner_id=str(owner_id),
        resource_type=ResourceType(str(resource_type)),
        resource_id=str(resource_id),
        permissions=frozenset(Permission(p) for p in json.loads(str(permissions))),
    )


class _DummyHashes:
    """A hash per hasher to verify against for an unknown user, so its answer takes as long."""

    def __init__(self) -> None:
        self._hashes: dict[int, str] = {}

    def get(self, passwords: Passwords) -> str:
        key = id(passwords)
        if key not in self._hashes:
            self._hashes[key] = passwords.hash(secrets.token_urlsafe(16))
        return self._hashes[key]


_DUMMY_HASH = _DummyHashes()
