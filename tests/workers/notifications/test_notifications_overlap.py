"""A delivery is claimed before it is sent: an attempt overlapping one still sending sends nothing.

Before, a job that outlived its 10 s timeout while SMTP took up to 30 s was handed out again, and
the second attempt sent every mail a second time (issue #18, item 8).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from workers.notifications.directory import load_directory
from workers.notifications.models import SendNotification
from workers.notifications.notifier import DeliveryFailed, JobOrigin, Notifier
from workers.notifications.templates import RenderedMessage

ORIGIN = JobOrigin(process_instance_key=2251799813685249, element_id="Task_Notify", element_instance_key=91)
MAIL_TO_ZHANGWEI = SendNotification.model_validate(
    {
        "notificationTemplate": "TASK_CREATED",
        "projectName": "智慧校园平台",
        "taskName": "初步审核",
        "recipientUsers": ["zhangwei"],
        "channels": ["EMAIL"],
    }
)


class SlowMailer:
    """Holds the first send until released, as an SMTP server slower than the job timeout does."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.sending = threading.Event()
        self.release = threading.Event()

    def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None:
        self.sending.set()
        assert self.release.wait(timeout=10)
        self.sent.append(to_address)


class CrashingMailer:
    """The worker process dies half-way through the send: nothing after it runs."""

    def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None:
        raise SystemExit("worker killed")


class RecordingMailer:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None:
        self.sent.append(to_address)


def test_an_attempt_overlapping_one_still_sending_sends_nothing(
    sessions: sessionmaker[Session], directory_file: Path
) -> None:
    mailer = SlowMailer()
    notifier = Notifier(sessions, load_directory(directory_file), mailer, None)
    first: list[object] = []
    sending = threading.Thread(target=lambda: first.append(notifier.send(MAIL_TO_ZHANGWEI, ORIGIN)))
    sending.start()
    assert mailer.sending.wait(timeout=10)
    with pytest.raises(DeliveryFailed, match="being sent by an overlapping attempt"):
        notifier.send(MAIL_TO_ZHANGWEI, ORIGIN)  # the job handed out again after its timeout
    mailer.release.set()
    sending.join(timeout=10)
    assert mailer.sent == ["zhangwei@ita.example.gov.cn"]
    retried = notifier.send(MAIL_TO_ZHANGWEI, ORIGIN)
    assert (retried.notifications_sent, retried.notifications_already_sent) == (0, 1)
    assert mailer.sent == ["zhangwei@ita.example.gov.cn"]


def test_a_claim_left_by_a_crashed_attempt_holds_the_key_until_it_runs_out(
    sessions: sessionmaker[Session], directory_file: Path
) -> None:
    directory = load_directory(directory_file)
    mailer = RecordingMailer()
    held, lapsed = ORIGIN, JobOrigin(ORIGIN.process_instance_key, ORIGIN.element_id, 92)
    for origin, claim_seconds in ((held, 60.0), (lapsed, 0.0)):
        with pytest.raises(SystemExit):
            Notifier(sessions, directory, CrashingMailer(), None, claim_seconds=claim_seconds).send(
                MAIL_TO_ZHANGWEI, origin
            )
    # within the claim the key is held: the crashed send may still have gone out
    with pytest.raises(DeliveryFailed, match="overlapping attempt"):
        Notifier(sessions, directory, mailer, None).send(MAIL_TO_ZHANGWEI, held)
    assert mailer.sent == []
    # once the claim has run out, the next attempt sends
    assert Notifier(sessions, directory, mailer, None).send(MAIL_TO_ZHANGWEI, lapsed).notifications_sent == 1
    assert mailer.sent == ["zhangwei@ita.example.gov.cn"]


def test_a_failed_send_releases_its_claim_for_the_next_attempt(
    sessions: sessionmaker[Session], directory_file: Path
) -> None:
    class Refusing:
        def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None:
            raise ConnectionRefusedError("smtp down")

    directory = load_directory(directory_file)
    with pytest.raises(DeliveryFailed, match="smtp down"):
        Notifier(sessions, directory, Refusing(), None).send(MAIL_TO_ZHANGWEI, ORIGIN)
    mailer = RecordingMailer()
    assert Notifier(sessions, directory, mailer, None).send(MAIL_TO_ZHANGWEI, ORIGIN).notifications_sent == 1
