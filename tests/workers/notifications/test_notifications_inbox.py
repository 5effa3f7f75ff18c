"""A user's in-app messages: the read state, its migration, the API and ``python -m workers inbox``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from workers.__main__ import main
from workers.notifications import tables
from workers.notifications.database import MIGRATIONS, open_notifications
from workers.notifications.directory import load_directory
from workers.notifications.inbox import Inbox, InboxError
from workers.notifications.models import SendNotification
from workers.notifications.notifier import JobOrigin, Notifier
from workers.registry.database import open_engine

EXAMPLE_DIRECTORY = (
    Path(__file__).resolve().parents[3] / "workers" / "notifications" / "directory.example.yaml"
)
USERS = load_directory(EXAMPLE_DIRECTORY).users


def notify(sessions: sessionmaker[Session], element_instance_key: int, task_name: str, *users: str) -> None:
    """Deliver one in-app message to each of ``users``, as the notification job does."""
    notifier = Notifier(sessions, load_directory(EXAMPLE_DIRECTORY), None, None)
    request = SendNotification.model_validate(
        {
            "notificationTemplate": "REMINDER",
            "projectName": "智慧校园平台",
            "taskName": task_name,
            "dueDate": "2026-10-13T17:30:00+08:00",
            "recipientUsers": list(users),
            "channels": ["IN_APP"],
        }
    )
    notifier.send(request, JobOrigin(2251799813685249, "Task_Remind", element_instance_key))


@pytest.fixture
def inbox(sessions: sessionmaker[Session]) -> Inbox:
    notify(sessions, 1, "初步审核", "zhangwei", "lina")
    notify(sessions, 2, "专家评审", "zhangwei")
    notify(sessions, 3, "联合审查", "zhangwei")
    return Inbox(sessions, USERS)


def test_migrations_build_exactly_the_orm_schema(tmp_path: Path) -> None:
    engine = open_notifications(f"sqlite:///{tmp_path / 'registry.db'}").kw["bind"]
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "notifications_alembic_version"}
        )
        assert compare_metadata(context, tables.Base.metadata) == []
    engine.dispose()


def test_an_outbox_written_before_the_read_state_migrates_with_its_messages_unread(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    engine = open_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["version_table"] = "notifications_alembic_version"
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO notification_outbox (user_id, template, subject, body_html, created_at) "
            "VALUES ('lina', 'APPROVED', '【审批通过】智慧校园平台', '<p/>', '2026-10-01 02:00:00')"
        )
    engine.dispose()

    inbox = Inbox(open_notifications(url))
    assert [(m.subject, m.unread) for m in inbox.unread("lina")] == [("【审批通过】智慧校园平台", True)]
    indexes = {index["name"] for index in inspect(open_engine(url)).get_indexes("notification_outbox")}
    assert indexes == {"ix_notification_outbox_user_id_read_at"}


def test_a_users_messages_come_newest_first_and_all_unread(inbox: Inbox) -> None:
    messages = inbox.messages("zhangwei")
    assert [m.subject.split("：")[1] for m in messages] == [
        "联合审查将于 2026年10月13日 17:30 到期",
        "专家评审将于 2026年10月13日 17:30 到期",
        "初步审核将于 2026年10月13日 17:30 到期",
    ]
    assert all(m.unread and m.user_id == "zhangwei" for m in messages)
    assert inbox.unread("zhangwei") == messages


def test_marking_one_read_leaves_the_others_unread_and_keeps_the_first_reading(inbox: Inbox) -> None:
    newest, *older = inbox.unread("zhangwei")
    marked = inbox.mark_read("zhangwei", newest.id)
    assert isinstance(marked.read_at, datetime) and not marked.unread
    assert inbox.unread("zhangwei") == older
    assert inbox.mark_read("zhangwei", newest.id).read_at == marked.read_at
    assert [m.unread for m in inbox.messages("zhangwei")] == [False, True, True]


def test_marking_all_read_touches_only_that_users_messages(inbox: Inbox) -> None:
    inbox.mark_read("zhangwei", inbox.unread("zhangwei")[0].id)
    assert inbox.mark_all_read("zhangwei") == 2
    assert inbox.unread("zhangwei") == []
    assert inbox.mark_all_read("zhangwei") == 0
    assert len(inbox.unread("lina")) == 1


def test_another_users_message_cannot_be_marked_read(inbox: Inbox) -> None:
    (theirs,) = inbox.unread("lina")
    with pytest.raises(InboxError, match=f"in-app message {theirs.id} is not addressed to user 'zhangwei'"):
        inbox.mark_read("zhangwei", theirs.id)
    assert inbox.unread("lina") == [theirs]


def test_an_unknown_message_or_user_is_named(inbox: Inbox) -> None:
    with pytest.raises(InboxError, match="no in-app message 999"):
        inbox.mark_read("zhangwei", 999)
    for call in (
        lambda: inbox.messages("zhangwie"),
        lambda: inbox.mark_read("zhangwie", 1),
        lambda: inbox.mark_all_read("zhangwie"),
    ):
        with pytest.raises(InboxError, match="no user 'zhangwie' in the directory"):
            call()


@pytest.fixture
def cli_database(
    sessions: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> sessionmaker[Session]:
    notify(sessions, 1, "初步审核", "zhangwei", "lina")
    notify(sessions, 2, "专家评审", "zhangwei")
    monkeypatch.setenv("GOVIT_REGISTRY_URL", f"sqlite:///{tmp_path / 'registry.db'}")
    monkeypatch.setenv("GOVIT_DIRECTORY", str(EXAMPLE_DIRECTORY))
    return sessions


def test_cli_lists_marks_one_and_marks_all_read(
    cli_database: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inbox", "zhangwei"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in listed] == ["未读", "未读"]
    assert "专家评审将于 2026年10月13日 17:30 到期" in listed[0]
    newest = int(listed[0].split()[0])

    assert main(["inbox", "zhangwei", "--read", str(newest)]) == 0
    assert capsys.readouterr().out == f"zhangwei: message {newest} read\n"
    assert main(["inbox", "zhangwei", "--unread"]) == 0
    (unread,) = capsys.readouterr().out.splitlines()
    assert "初步审核" in unread

    assert main(["inbox", "zhangwei", "--all"]) == 0
    assert capsys.readouterr().out == "zhangwei: 1 messages marked read\n"
    assert main(["inbox", "zhangwei", "--unread"]) == 0
    assert capsys.readouterr().out == "zhangwei: no unread messages\n"
    assert main(["inbox", "lina", "--unread"]) == 0
    assert "初步审核" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["inbox", "zhangwie"], "error: no user 'zhangwie' in the directory"),
        (["inbox", "zhangwei", "--read", "999"], "error: no in-app message 999"),
        (["inbox", "lina", "--read", "3"], "error: in-app message 3 is not addressed to user 'lina'"),
    ],
)
def test_cli_errors_name_the_user_or_message(
    cli_database: sessionmaker[Session], capsys: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == error


def test_cli_refuses_to_read_and_mark_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["inbox", "zhangwei", "--read", "1", "--all"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
