"""Sending one notification job: resolve recipients, render, and deliver each message exactly once.

Every (job, channel, recipient) gets a delivery key from the process instance, the element and its
instance, so a job that fails and is retried, or times out and is activated again, skips what an
earlier attempt already delivered and sends only what is missing. Keys are claimed in the registry
database before sending, for a while (:data:`CLAIM_SECONDS`), and marked sent after: an attempt
that overlaps one still sending the same key sends nothing and fails, to be retried once the other
has finished. An in-app message and its key commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Protocol

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from workers.errors import PermanentJobError
from workers.notifications import tables
from workers.notifications.directory import Group, Robot, User
from workers.notifications.models import Channel, NotificationSent, SendNotification
from workers.notifications.templates import RenderedMessage, render

log = structlog.get_logger(__name__)

PENDING = "PENDING"
SENT = "SENT"
CLAIM_SECONDS = 120.0
"""How long an attempt holds a key it is sending; longer than any send takes (SMTP's timeout
applies per step of the dialogue). A claim left by a crashed attempt runs out after it."""


class Claim(Enum):
    TAKEN = "taken"
    """This attempt sends the key."""
    SENT = "sent"
    """An earlier attempt delivered it."""
    HELD = "held"
    """An overlapping attempt is sending it right now."""


class RecipientDirectory(Protocol):
    """Who stands behind a group: the YAML directory or the identity API (IdentityDirectory)."""

    def group(self, name: str, jurisdiction: str | None) -> Group: ...

    def user(self, user_id: str) -> User: ...

    def robot(self, name: str) -> Robot: ...


class Mailer(Protocol):
    def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None: ...


class RobotSender(Protocol):
    def send(self, robot: Robot, message: RenderedMessage, key: str, facts: dict[str, object]) -> None: ...


class DeliveryFailed(Exception):
    """Some deliveries failed; the job is retried and sends only those."""


@dataclass(frozen=True)
class JobOrigin:
    """Where a notification job comes from: what makes its delivery keys stable across retries."""

    process_instance_key: int
    element_id: str
    element_instance_key: int

    def delivery_key(self, channel: Channel, recipient: str) -> str:
        return (
            f"{self.process_instance_key}/{self.element_id}/{self.element_instance_key}/"
            f"{channel.value.lower()}/{recipient}"
        )


@dataclass(frozen=True)
class Target:
    channel: Channel
    recipient: str
    name: str | None
    email: str | None = None
    robot: Robot | None = None


class Notifier:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        directory: RecipientDirectory,
        mailer: Mailer | None,
        robots: RobotSender | None,
        claim_seconds: float = CLAIM_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.directory = directory
        self.mailer = mailer
        self.robots = robots
        self.claim = timedelta(seconds=claim_seconds)

    def send(self, request: SendNotification, origin: JobOrigin) -> NotificationSent:
        targets = self.targets(request)
        if not targets:
            raise PermanentJobError(
                f"recipientGroups {request.recipient_groups}, recipientUsers {request.recipient_users}: "
                f"nobody is reachable over {[c.value for c in request.channels]}"
            )
        sent = already = 0
        failures: list[str] = []
        for target in targets:
            key = origin.delivery_key(target.channel, target.recipient)
            message = render(request.notification_template, request, target.name)
            if target.channel is Channel.IN_APP:
                if self._deliver_in_app(key, target, request, message, origin):
                    sent += 1
                else:
                    already += 1
                continue
            claim = self._claim(key, target)
            if claim is Claim.SENT:
                already += 1
                continue
            if claim is Claim.HELD:
                held = "being sent by an overlapping attempt"
                failures.append(f"{target.channel.value} to {target.recipient}: {held}")
                log.warning("delivery held by an overlapping attempt; not sent again", delivery_key=key)
                continue
            try:
                self._deliver(target, message, key, request)
            except Exception as error:
                self._release(key, error)
                failures.append(f"{target.channel.value} to {target.recipient}: {error}")
                log.warning("delivery failed", delivery_key=key, error=str(error))
            else:
                self._mark_sent(key)
                log.info("delivered", delivery_key=key)
                sent += 1
        if failures:
            raise DeliveryFailed(
                f"{len(failures)} of {len(targets)} deliveries failed: " + "; ".join(failures)
            )
        return NotificationSent(notifications_sent=sent, notifications_already_sent=already)

    def targets(self, request: SendNotification) -> list[Target]:
        """Everyone the request reaches, once per channel, in a stable order."""
        user_ids: list[str] = []
        robot_names: list[str] = []
        for group_name in request.recipient_groups:
            group = self.directory.group(group_name, request.jurisdiction)
            user_ids += group.members
            robot_names += group.robots
        user_ids += request.recipient_users
        users = {user_id: self.directory.user(user_id) for user_id in dict.fromkeys(user_ids)}
        targets: list[Target] = []
        if Channel.EMAIL in request.channels and self.mailer is not None:
            targets += [
                Target(Channel.EMAIL, user_id, user.name, email=user.email)
                for user_id, user in users.items()
                if user.email
            ]
        if Channel.WEBHOOK in request.channels and self.robots is not None:
            targets += [
                Target(Channel.WEBHOOK, name, None, robot=self.directory.robot(name))
                for name in dict.fromkeys(robot_names)
            ]
        if Channel.IN_APP in request.channels:
            targets += [Target(Channel.IN_APP, user_id, user.name) for user_id, user in users.items()]
        return targets

    def _deliver(self, target: Target, message: RenderedMessage, key: str, request: SendNotification) -> None:
        if target.channel is Channel.EMAIL:
            assert self.mailer is not None and target.email is not None
            self.mailer.send(target.email, target.name or target.recipient, message, key)
        else:
            assert self.robots is not None and target.robot is not None
            facts = request.model_dump(by_alias=True, mode="json", exclude={"channels"})
            self.robots.send(target.robot, message, key, facts)

    def _claim(self, key: str, target: Target) -> Claim:
        """Take the key for this attempt, unless it was delivered or another attempt holds it.

        The row is read, locked and written in one transaction; of two attempts inserting the same
        key at once, the primary key refuses the second, which then holds back as well."""
        now = _now()
        try:
            with self.sessions.begin() as session:
                delivery = session.get(tables.Delivery, key, with_for_update=True)
                if delivery is None:
                    session.add(
                        tables.Delivery(
                            key=key,
                            channel=target.channel.value,
                            recipient=target.recipient,
                            status=PENDING,
                            attempts=1,
                            claimed_until=now + self.claim,
                        )
                    )
                    return Claim.TAKEN
                if delivery.status == SENT:
                    return Claim.SENT
                if delivery.claimed_until is not None and delivery.claimed_until > now:
                    return Claim.HELD
                delivery.attempts += 1
                delivery.claimed_until = now + self.claim
                return Claim.TAKEN
        except IntegrityError:
            return Claim.HELD

    def _mark_sent(self, key: str) -> None:
        with self.sessions.begin() as session:
            delivery = session.get(tables.Delivery, key)
            assert delivery is not None
            delivery.status = SENT
            delivery.sent_at = _now()
            delivery.last_error = None
            delivery.claimed_until = None

    def _release(self, key: str, error: Exception) -> None:
        with self.sessions.begin() as session:
            delivery = session.get(tables.Delivery, key)
            assert delivery is not None
            delivery.last_error = str(error)[:2000]
            delivery.claimed_until = None  # the next attempt may send it at once

    def _deliver_in_app(
        self, key: str, target: Target, request: SendNotification, message: RenderedMessage, origin: JobOrigin
    ) -> bool:
        with self.sessions.begin() as session:
            if session.get(tables.Delivery, key, with_for_update=True) is not None:
                return False
            now = _now()
            session.add(
                tables.Delivery(
                    key=key,
                    channel=Channel.IN_APP.value,
                    recipient=target.recipient,
                    status=SENT,
                    attempts=1,
                    sent_at=now,
                )
            )
            session.add(
                tables.OutboxMessage(
                    user_id=target.recipient,
                    template=request.notification_template.value,
                    subject=message.subject,
                    body_html=message.html,
                    process_instance_key=origin.process_instance_key,
                    created_at=now,
                )
            )
            return True


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
