"""Process variables the notification job type takes and returns."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class NotificationTemplate(StrEnum):
    TASK_CREATED = "TASK_CREATED"
    REMINDER = "REMINDER"
    OVERDUE_ESCALATION = "OVERDUE_ESCALATION"
    RETURNED_FOR_CORRECTION = "RETURNED_FOR_CORRECTION"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    FILING_DUE = "FILING_DUE"


class Channel(StrEnum):
    EMAIL = "EMAIL"
    WEBHOOK = "WEBHOOK"
    IN_APP = "IN_APP"


class Variables(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True)

    def to_variables(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="json")

    @classmethod
    def variable_names(cls) -> list[str]:
        return [field.alias or name for name, field in cls.model_fields.items()]


class MessageFacts(Variables):
    """What a message speaks of; each template needs some of these (see templates.REQUIRED)."""

    project_id: str | None = None
    project_name: str | None = None
    unit: str | None = None
    task_name: str | None = None
    due_date: date | None = None
    reason: str | None = Field(default=None, description="why returned or rejected")
    filing_kind: str | None = None
    authority: str | None = None
    rule_id: str | None = None
    link: str | None = Field(default=None, description="where to act, e.g. the Tasklist URL")


class SendNotification(MessageFacts):
    notification_template: NotificationTemplate
    recipient_groups: list[str] = Field(default=[], description="candidate groups, e.g. ita-reviewers")
    recipient_users: list[str] = []
    channels: list[Channel] = [Channel.EMAIL, Channel.WEBHOOK, Channel.IN_APP]
    jurisdiction: str | None = None


class NotificationSent(Variables):
    notifications_sent: int = Field(description="deliveries made by this attempt")
    notifications_already_sent: int = Field(description="deliveries an earlier attempt of the job made")
