"""``govit users …``: the embedded engine's directory of users and groups (``identity.db`` in its
data directory), managed on the machine the engine runs on. Passwords are asked for, or read from
standard input; they are never taken as command-line arguments (those end up in shell histories
and process lists) and never printed."""

from __future__ import annotations

import csv
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, NoReturn

import typer
import yaml
from rich.console import Console
from rich.table import Table

from engine.identity.defaults import ADMIN, APPLICANT, OPS, PROCESS_OWNER, ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import WeakPassword
from engine.identity.permissions import OwnerType
from engine.identity.records import DirectoryError
from govit.candidate_groups import candidate_groups

users_app = typer.Typer(
    name="users",
    help="用户与组: the embedded engine's directory "
    "(add, disable, reset-password, add-to-group, token, import).",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True)

DEFAULT_DATA_DIR = Path("data/engine")
DataDir = Annotated[
    Path, typer.Option("--data-dir", help="the engine's --data-dir", envvar="GOVIT_ENGINE_DATA_DIR")
]


def _fail(message: str) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _open(data_dir: Path) -> Directory:
    directory = Directory.open(data_dir)
    ensure_default_roles(directory)
    return directory


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("密码", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def add(  # noqa: PLR0917 - typer maps each option to a parameter
    username: str,
    name: Annotated[str, typer.Option(help="display name")] = "",
    email: Annotated[str | None, typer.Option()] = None,
    unit: Annotated[str | None, typer.Option(help="the applying unit (建设单位) the user works for")] = None,
    group: Annotated[list[str] | None, typer.Option(help="a group to join (repeatable)")] = None,
    role: Annotated[
        list[str] | None, typer.Option(help="admin, ops, process-owner, applicant (repeatable)")
    ] = None,
    password_stdin: Annotated[bool, typer.Option(help="read the password from standard input")] = False,
    data_dir: DataDir = DEFAULT_DATA_DIR,
) -> None:
    """Add a user (asks for the password)."""
    directory = _open(data_dir)
    try:
        directory.add_user(username, name=name, password=_password(password_stdin), email=email, unit=unit)
        _join(directory, username, group or [], role or [])
    except (DirectoryError, WeakPassword) as error:
        _fail(str(error))
    finally:
        directory.close()
    console.print(f"added {username}")


def _join(directory: Directory, username: str, groups: list[str], roles: list[str]) -> None:
    for group in groups:
        directory.ensure_group(group)
        directory.add_group_member(group, OwnerType.USER, username)
    for role in roles:
        directory.add_role_member(role, OwnerType.USER, username)


@users_app.command("disable")
def disable(username: str, data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Disable a user: sign-in and API tokens stop working at once."""
    _set_enabled(username, False, data_dir)


@users_app.command("enable")
def enable(username: str, data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Enable a disabled user again."""
    _set_enabled(username, True, data_dir)


def _set_enabled(username: str, enabled: bool, data_dir: Path) -> None:
    directory = _open(data_dir)
    try:
        directory.set_enabled(username, enabled)
    except DirectoryError as error:
        _fail(str(error))
    finally:
        directory.close()
    console.print(f"{username}: {'enabled' if enabled else 'disabled'}")


@users_app.command("reset-password")
def reset_password(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="read the password from standard input")] = False,
    data_dir: DataDir = DEFAULT_DATA_DIR,
) -> None:
    """Set a new password (also lifts a lock-out after wrong passwords)."""
    directory = _open(data_dir)
    try:
        directory.update_user(username, password=_password(password_stdin))
    except (DirectoryError, WeakPassword) as error:
        _fail(str(error))
    finally:
        directory.close()
    console.print(f"{username}: password changed")


@users_app.command("add-to-group")
def add_to_group(username: str, group: str, data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Make a user a member of a group (created when missing)."""
    directory = _open(data_dir)
    try:
        _join(directory, username, [group], [])
    except DirectoryError as error:
        _fail(str(error))
    finally:
        directory.close()
    console.print(f"{username} joined {group}")


@users_app.command("token")
def token(
    username: str,
    label: Annotated[str, typer.Option(help="what the token is for")] = "api",
    data_dir: DataDir = DEFAULT_DATA_DIR,
) -> None:
    """Issue an API token (Authorization: Bearer …); it is shown once and only its hash is kept."""
    directory = _open(data_dir)
    try:
        issued = directory.issue_token(username, label)
    except DirectoryError as error:
        _fail(str(error))
    finally:
        directory.close()
    print(issued)


@users_app.command("list")
def list_users(data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """List users with their unit, groups and roles."""
    directory = _open(data_dir)
    table = Table("username", "name", "unit", "groups", "roles", "enabled")
    try:
        for user in directory.users():
            groups, roles = directory.memberships(user.username)
            table.add_row(
                user.username,
                user.name,
                user.unit or "",
                ", ".join(sorted(groups)),
                ", ".join(sorted(roles)),
                "yes" if user.enabled else "no",
            )
    finally:
        directory.close()
    console.print(table)


@dataclass
class ImportedUser:
    username: str
    name: str = ""
    email: str | None = None
    unit: str | None = None
    password: str | None = None
    groups: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


def read_import_file(path: Path) -> list[ImportedUser]:
    """Users from YAML (``users: [{username, name, email, unit, password, groups, roles}]``) or CSV
    (the same columns; groups and roles separated by ``;``). Mistakes name the file and the row."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"{path}: 无法读取: {error}") from None
    if path.suffix.lower() == ".csv":
        rows: list[dict[str, object]] = list(csv.DictReader(text.splitlines()))
        for row in rows:
            for column in ("groups", "roles"):
                row[column] = [part.strip() for part in str(row.get(column) or "").split(";") if part.strip()]
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            raise ValueError(f"{path}: 不是有效的 YAML: {error}") from None
        raw = data.get("users") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            raise ValueError(f"{path}: 需要一个 users 列表")
        rows = raw
    users: list[ImportedUser] = []
    known = {"username", "name", "email", "unit", "password", "groups", "roles"}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not str(row.get("username") or "").strip():
            raise ValueError(f"{path}: 第 {number} 条缺少 username")
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{path}: 第 {number} 条 ({row['username']}) 有未知字段: {sorted(unknown)}")
        groups, roles = row.get("groups") or [], row.get("roles") or []
        if not isinstance(groups, list) or not isinstance(roles, list):
            raise ValueError(f"{path}: 第 {number} 条 ({row['username']}): groups 和 roles 必须是列表")
        users.append(
            ImportedUser(
                username=str(row["username"]).strip(),
                name=str(row.get("name") or ""),
                email=str(row["email"]) if row.get("email") else None,
                unit=str(row["unit"]) if row.get("unit") else None,
                password=str(row["password"]) if row.get("password") else None,
                groups=[str(g) for g in groups],
                roles=[str(r) for r in roles],
            )
        )
    return users


@users_app.command("import")
def import_users(path: Path, data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Add the users of a YAML or CSV file (existing users are updated, not duplicated)."""
    try:
        imported = read_import_file(path)
    except ValueError as error:
        _fail(str(error))
    directory = _open(data_dir)
    try:
        for user in imported:
            if directory.find_user(user.username) is None:
                directory.add_user(
                    user.username, name=user.name, password=user.password, email=user.email, unit=user.unit
                )
            else:
                directory.update_user(
                    user.username,
                    name=user.name or None,
                    email=user.email,
                    unit=user.unit,
                    password=user.password,
                )
            _join(directory, user.username, user.groups, user.roles)
    except (DirectoryError, WeakPassword) as error:
        _fail(f"{path}: {error}")
    finally:
        directory.close()
    console.print(f"imported {len(imported)} users from {path}")


DEMO_UNIT = "演示建设单位"
DEMO_ROLE_USERS = {"demo-admin": ADMIN, "demo-ops": OPS, "demo-process-owner": PROCESS_OWNER}


def create_demo_users(
    directory: Directory, bpmn_dir: Path, password: str, units: Mapping[str, str] | None = None
) -> list[str]:
    """A demo user for every group the diagrams name (``demo-<group>``), and one per role; an
    applying unit's group (``…-owner``) gets the applicant role and its region's unit from
    ``units`` (keyed by the group's region prefix, ``lg``…; the demo unit otherwise), so it sees
    that region's sample project. Existing users are left as they are. Returns the usernames created."""
    ensure_default_roles(directory)
    created: list[str] = []
    for group in sorted(candidate_groups(bpmn_dir)):
        username = f"demo-{group}"
        directory.ensure_group(group)
        if directory.find_user(username) is not None:
            continue
        applicant = group.endswith("-owner")
        directory.add_user(
            username,
            name=f"演示用户 {group}",
            password=password,
            unit=(units or {}).get(group.split("-", 1)[0], DEMO_UNIT) if applicant else None,
        )
        directory.add_group_member(group, OwnerType.USER, username)
        if applicant:
            directory.add_role_member(APPLICANT, OwnerType.USER, username)
        created.append(username)
    for username, role in DEMO_ROLE_USERS.items():
        if directory.find_user(username) is None:
            directory.add_user(username, name=f"演示用户 {role}", password=password)
            directory.add_role_member(role, OwnerType.USER, username)
            created.append(username)
    return created
