from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workers.errors import PermanentJobError
from workers.notifications import tables
from workers.notifications.directory import load_directory
from workers.notifications.models import SendNotification
from workers.notifications.notifier import DeliveryFailed, JobOrigin, Notifier
from workers.notifications.settings import NotificationSettings
from workers.notifications.smtp import SmtpMailer
from workers.notifications.webhooks import WebhookSender

if TYPE_CHECKING:
    from conftest import HttpReceiver, SmtpServer

ORIGIN = JobOrigin(
    process_instance_key=2251799813685249, element_id="Task_NotifyReviewers", element_instance_key=77
)


@pytest.fixture
def notifier(sessions: sessionmaker[Session], directory_file: Path, smtp_server: SmtpServer) -> Notifier:
    settings = NotificationSettings(
        smtp_host=smtp_server.host, smtp_port=smtp_server.port, mail_from="govit@ita.gov.cn"
    )
    return Notifier(
        sessions,
        load_directory(directory_file),
        SmtpMailer(settings),
        WebhookSender(httpx.Client(timeout=5), "hook-secret"),
    )


def request(**values: Any) -> SendNotification:
    return SendNotification.model_validate(
        {
            "notificationTemplate": "TASK_CREATED",
            "projectName": "智慧校园平台",
            "taskName": "初步审核",
            "recipientGroups": ["ita-reviewers"],
            **values,
        }
    )


def outbox(sessions: sessionmaker[Session]) -> list[tables.OutboxMessage]:
    with sessions() as session:
        return list(session.scalars(select(tables.OutboxMessage).order_by(tables.OutboxMessage.id)))


def test_a_job_retried_three_times_sends_once(
    notifier: Notifier, smtp_server: SmtpServer, http_receiver: HttpReceiver, sessions: sessionmaker[Session]
) -> None:
    results = [notifier.send(request(), ORIGIN) for _ in range(3)]
    assert [(r.notifications_sent, r.notifications_already_sent) for r in results] == [(5, 0), (0, 5), (0, 5)]
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "张伟 <zhangwei@ita.example.gov.cn>",
        "李娜 <lina@czj.example.gov.cn>",
    ]
    assert len(http_receiver.requests) == 1
    assert [m.user_id for m in outbox(sessions)] == ["zhangwei", "lina"]


def test_mail_carries_the_rendered_chinese_message_and_its_delivery_key(
    notifier: Notifier, smtp_server: SmtpServer
) -> None:
    notifier.send(request(channels=["EMAIL"], recipientGroups=[], recipientUsers=["zhangwei"]), ORIGIN)
    (mail,) = smtp_server.messages
    assert mail["Subject"] == "【待办】智慧校园平台：初步审核"
    assert mail["X-Govit-Delivery"] == "2251799813685249/Task_NotifyReviewers/77/email/zhangwei"
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None and "张伟，您好：" in text.get_content()


def test_after_a_failed_delivery_the_retry_sends_only_what_is_missing(
    notifier: Notifier, smtp_server: SmtpServer, http_receiver: HttpReceiver
) -> None:
    http_receiver.answers.append((503, {}))
    with pytest.raises(DeliveryFailed, match="1 of 5 deliveries failed: WEBHOOK to ita-wecom"):
        notifier.send(request(), ORIGIN)
    retried = notifier.send(request(), ORIGIN)
    assert (retried.notifications_sent, retried.notifications_already_sent) == (1, 4)
    assert len(smtp_server.messages) == 2
    assert len(http_receiver.requests) == 2


def test_the_same_element_entered_again_notifies_again(notifier: Notifier, smtp_server: SmtpServer) -> None:
    notifier.send(request(channels=["EMAIL"]), ORIGIN)
    loop_again = JobOrigin(ORIGIN.process_instance_key, ORIGIN.element_id, element_instance_key=78)
    notifier.send(request(channels=["EMAIL"]), loop_again)
    assert len(smtp_server.messages) == 4


def test_a_person_in_two_groups_gets_one_message_per_channel(
    notifier: Notifier, smtp_server: SmtpServer
) -> None:
    sent = notifier.send(request(channels=["EMAIL"], recipientGroups=["ita-reviewers", "finance"]), ORIGIN)
    assert sent.notifications_sent == 2
    assert len(smtp_server.messages) == 2


def test_recipients_come_from_the_jurisdictions_own_group(
    notifier: Notifier, smtp_server: SmtpServer, sessions: sessionmaker[Session]
) -> None:
    sent = notifier.send(request(jurisdiction="TH", channels=["EMAIL", "IN_APP"]), ORIGIN)
    assert sent.notifications_sent == 1
    assert smtp_server.messages == []
    assert [m.user_id for m in outbox(sessions)] == ["wangfang"]


def test_dingtalk_and_generic_robots_of_finance_both_get_the_message(
    notifier: Notifier, http_receiver: HttpReceiver
) -> None:
    notifier.send(
        request(
            notificationTemplate="FILING_DUE",
            filingKind="CONTRACT",
            dueDate="2026-06-12",
            recipientGroups=["finance"],
            channels=["WEBHOOK"],
        ),
        ORIGIN,
    )
    paths = sorted(r.path.split("?")[0] for r in http_receiver.requests)
    assert paths == ["/cases", "/dingtalk"]


def test_nobody_reachable_is_an_incident(notifier: Notifier) -> None:
    with pytest.raises(PermanentJobError, match="nobody is reachable"):
        notifier.send(request(recipientGroups=[], recipientUsers=["wangfang"], channels=["EMAIL"]), ORIGIN)


def test_a_job_with_a_due_date_time_retried_sends_once_and_shows_the_time(
    notifier: Notifier, smtp_server: SmtpServer, http_receiver: HttpReceiver, sessions: sessionmaker[Session]
) -> None:
    # the same due instant as the deadlines worker writes it and as FEEL now() would
    first = request(notificationTemplate="REMINDER", dueDate="2026-10-13T17:30:00+08:00")
    again = request(notificationTemplate="REMINDER", dueDate="2026-10-13T17:30+08:00[Asia/Shanghai]")
    results = [notifier.send(first, ORIGIN), notifier.send(again, ORIGIN)]
    assert [(r.notifications_sent, r.notifications_already_sent) for r in results] == [(5, 0), (0, 5)]
    assert {m["X-Govit-Delivery"] for m in smtp_server.messages} == {
        "2251799813685249/Task_NotifyReviewers/77/email/zhangwei",
        "2251799813685249/Task_NotifyReviewers/77/email/lina",
    }
    assert all(
        m["Subject"] == "【到期提醒】智慧校园平台：初步审核将于 2026年10月13日 17:30 到期"
        for m in smtp_server.messages
    )
    assert all("2026年10月13日 17:30" in m.subject for m in outbox(sessions))

    notifier.send(
        request(notificationTemplate="REMINDER", dueDate="2026-10-13T09:30:00Z", recipientGroups=["finance"]),
        JobOrigin(ORIGIN.process_instance_key, "Task_RemindFinance", 78),
    )
    (generic,) = [r.json() for r in http_receiver.requests if r.path.startswith("/cases")]
    assert generic["facts"]["dueDate"] == "2026-10-13T17:30:00+08:00"
