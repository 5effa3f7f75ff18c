"""A user's in-app messages (站内消息): list them, mark one or all of them read.

The notifier writes the messages (the outbox); a message is unread until its user marks it read,
and marking it again keeps the first time it was read.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workers.notifications.tables import OutboxMessage


class InboxError(LookupError):
    """A user or message the inbox does not know; the message names it."""


@dataclass(frozen=True)
class InboxMessage:
    id: int
    user_id: str
    template: str
    subject: str
    body_html: str
    process_instance_key: int | None
    created_at: datetime
    """UTC."""
    read_at: datetime | None
    """UTC; ``None`` while unread."""

    @property
    def unread(self) -> bool:
        return self.read_at is None


class Inbox:
    """The in-app messages of each user.

    ``users``, when given (the directory's user ids), makes a user not among them an error rather
    than an empty inbox, so a mistyped name does not pass for a user with no messages.
    """

    def __init__(self, sessions: sessionmaker[Session], users: Collection[str] | None = None) -> None:
        self.sessions = sessions
        self.users = users

    def messages(self, user_id: str, *, unread_only: bool = False) -> list[InboxMessage]:
        """The user's messages, newest first."""
        self._check_user(user_id)
        query = select(OutboxMessage).where(OutboxMessage.user_id == user_id)
        if unread_only:
            query = query.where(OutboxMessage.read_at.is_(None))
        with self.sessions() as session:
            rows = session.scalars(query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
            return [_message(row) for row in rows]

    def unread(self, user_id: str) -> list[InboxMessage]:
        return self.messages(user_id, unread_only=True)

    def mark_read(self, user_id: str, message_id: int) -> InboxMessage:
        """Mark one of the user's messages read; a message of another user is not found for them."""
        self._check_user(user_id)
        with self.sessions.begin() as session:
            row = session.get(OutboxMessage, message_id, with_for_update=True)
            if row is None:
                raise InboxError(f"no in-app message {message_id}")
            if row.user_id != user_id:
                raise InboxError(f"in-app message {message_id} is not addressed to user {user_id!r}")
            if row.read_at is None:
                row.read_at = _now()
            return _message(row)

    def mark_all_read(self, user_id: str) -> int:
        """Mark every unread message of the user read; how many were unread."""
        self._check_user(user_id)
        unread = (
            select(OutboxMessage)
            .where(OutboxMessage.user_id == user_id, OutboxMessage.read_at.is_(None))
            .with_for_update()
        )
        with self.sessions.begin() as session:
            rows = session.scalars(unread).all()
            now = _now()
            for row in rows:
                row.read_at = now
            return len(rows)

    def _check_user(self, user_id: str) -> None:
        if self.users is not None and user_id not in self.users:
            raise InboxError(f"no user {user_id!r} in the directory")


def _message(row: OutboxMessage) -> InboxMessage:
    return InboxMessage(
        id=row.id,
        user_id=row.user_id,
        template=row.template,
        subject=row.subject,
        body_html=row.body_html,
        process_instance_key=row.process_instance_key,
        created_at=row.created_at,
        read_at=row.read_at,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
