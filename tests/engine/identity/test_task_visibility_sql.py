"""A restricted caller's user task search reads only the tasks they may see: the SQL that narrows
the history's user task table keeps exactly the tasks the in-memory rule keeps (assignee,
candidate user, candidate group, or a grant on the task's process), so a clerk's task list does
not read every open task of the district."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator

import pytest

from engine.gateway.rest.history_search import candidates
from engine.gateway.rest.visibility import Viewer
from engine.history import tables
from engine.history.table import HistoryTable
from engine.identity.access import Access
from engine.identity.defaults import OPS, ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType, Permission, ResourceType
from engine.identity.policy import Listing
from engine.identity.principal import Principal, PrincipalKind

CLERK = Principal(PrincipalKind.USER, "clerk", groups=frozenset({"lg-ita-reviewers", "lg-drc"}))
OPS_USER = Principal(PrincipalKind.USER, "ops-user", groups=frozenset({"lg-owner"}), roles=frozenset({OPS}))
AUDITOR = Principal(PrincipalKind.USER, "auditor")


@pytest.fixture
def directory() -> Iterator[Directory]:
    opened = Directory.open(None, passwords=Passwords(TEST_COST))
    ensure_default_roles(opened)
    for principal in (CLERK, OPS_USER, AUDITOR):
        opened.add_user(principal.username, name=principal.username, password="not-used-here")
    opened.add_role_member(OPS, OwnerType.USER, OPS_USER.username)
    opened.add_authorization(
        OwnerType.USER,
        AUDITOR.username,
        ResourceType.PROCESS_DEFINITION,
        "lg-filing",
        (Permission.READ_USER_TASK,),
    )
    yield opened
    opened.close()


def _tasks() -> HistoryTable:
    db = sqlite3.connect(":memory:")
    for statement in HistoryTable.ddl_of(tables.USER_TASKS, tables.USER_TASK_COLUMNS):
        db.execute(statement)
    table = HistoryTable(db, tables.USER_TASKS, tables.USER_TASK_COLUMNS)
    assignees = (None, "clerk", "someone")
    users: tuple[list[str] | None, ...] = (None, [], ["clerk"], ["someone", "clerk"], ["someone"])
    groups: tuple[list[str] | None, ...] = (
        None,
        [],
        ["lg-drc"],
        ["lg-owner", "lg-ita-reviewers"],
        ["lg-owner"],
    )
    processes = ("lg-review", "lg-filing")
    table.begin_export()
    for key, (assignee, user_list, group_list, process_id) in enumerate(
        itertools.product(assignees, users, groups, processes), start=1
    ):
        table[key] = {
            "userTaskKey": str(key),
            "state": "CREATED",
            "assignee": assignee,
            "candidateUsers": user_list,
            "candidateGroups": group_list,
            "processDefinitionId": process_id,
        }
    table.flush()
    table.end_export()
    return table


@pytest.mark.parametrize("principal", [CLERK, OPS_USER, AUDITOR], ids=lambda p: p.username)
def test_the_sql_keeps_exactly_the_tasks_the_caller_may_see(
    directory: Directory, principal: Principal
) -> None:
    table = _tasks()
    viewer = Viewer(Listing.USER_TASK, principal, Access(directory))
    every = list(table.values())
    narrowed = viewer.task_sql()
    assert narrowed is not None
    read = candidates(table, {"filter": {"state": "CREATED"}}, within=narrowed)
    assert read == viewer.keep(every)
    assert 0 < len(read) < len(every)
