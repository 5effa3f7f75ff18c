"""Notification tables in the registry database: one row per delivery key, and the in-app outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Delivery(Base):
    """A message to one recipient over one channel for one job.

    ``PENDING`` while it is being sent; ``SENT`` once the channel accepted it, after which the same
    key is never sent again. An attempt claims the row until ``claimed_until`` before it sends, so an
    overlapping attempt (a job that outlived its timeout and was handed out again) sends nothing; a
    row left ``PENDING`` by a crash is sent again once its claim has run out.
    """

    __tablename__ = "notification_deliveries"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    claimed_until: Mapped[datetime | None]


class OutboxMessage(Base):
    """A message shown to a user inside the application (站内消息); unread while ``read_at`` is null."""

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(100))
    template: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text)
    process_instance_key: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
