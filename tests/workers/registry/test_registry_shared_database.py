"""The notification tables live in the registry database under their own migration chain."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, text

from workers.notifications import tables as notification_tables
from workers.notifications.database import open_notifications
from workers.notifications.directory import Directory
from workers.notifications.models import SendNotification
from workers.notifications.notifier import JobOrigin, Notifier
from workers.registry.database import open_registry


def test_both_schemas_migrate_side_by_side_with_their_own_version_tables(registry_url: str) -> None:
    open_registry(registry_url)
    sessions = open_notifications(registry_url)
    engine = sessions.kw["bind"]
    names = set(inspect(engine).get_table_names())
    assert {"projects", "filings", "notification_deliveries", "notification_outbox"} <= names
    with engine.connect() as connection:
        registry_version = connection.execute(
            text("SELECT version_num FROM registry_alembic_version")
        ).scalar()
        notifications_version = connection.execute(
            text("SELECT version_num FROM notifications_alembic_version")
        ).scalar()
    assert (registry_version, notifications_version) == ("0002", "0003")
    engine.dispose()


def test_in_app_message_of_a_retried_job_is_stored_once(registry_url: str) -> None:
    sessions = open_notifications(registry_url)
    directory = Directory.model_validate(
        {"users": {"lina": {"name": "李娜"}}, "groups": {"finance": {"members": ["lina"]}}}
    )
    notifier = Notifier(sessions, directory, mailer=None, robots=None)
    request = SendNotification.model_validate(
        {"notificationTemplate": "APPROVED", "projectName": "智慧财政", "recipientGroups": ["finance"]}
    )
    origin = JobOrigin(2251799813685249, "Task_NotifyFinance", 2251799813685260)
    results = [notifier.send(request, origin) for _ in range(3)]
    assert [r.notifications_sent for r in results] == [1, 0, 0]
    with sessions() as session:
        stored = session.scalars(select(notification_tables.OutboxMessage)).all()
        deliveries = session.scalar(select(func.count()).select_from(notification_tables.Delivery))
    assert [(m.user_id, m.subject) for m in stored] == [("lina", "【审批通过】智慧财政")]
    assert deliveries == 1
    sessions.kw["bind"].dispose()
