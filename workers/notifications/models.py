"""Process variables the notification job type takes and returns."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from workers.deadlines.instants import parse_instant
from workers.job_variables import Expects


def due_moment(value: Any) -> Any:
    """A day stays a day; a date-time becomes its instant in Asia/Shanghai.

    The deadlines worker gives a due date-time (the end of the office day); FEEL ``today()`` a day,
    ``now()`` a date-time with a ``[Region]`` suffix (``2026-10-13T17:30+08:00[Asia/Shanghai]``).
    A date-time without an offset is Shanghai time.
    """
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date or date-time") from None
    if isinstance(value, str | datetime):
        return parse_instant(value, time(0))
    if isinstance(value, date):
        return value
    raise ValueError(f"{value!r} is not an ISO 8601 date or date-time")


DueMoment = Annotated[datetime | date, BeforeValidator(due_moment), Expects("日期 YYYY-MM-DD（或日期时间）")]
"""When something is due: a calendar day, or a date-time when the time of day matters."""


class NotificationTemplate(StrEnum):
    TASK_CREATED = "TASK_CREATED"
    REMINDER = "REMINDER"
    OVERDUE_ESCALATION = "OVERDUE_ESCALATION"
    RETURNED_FOR_CORRECTION = "RETURNED_FOR_CORRECTION"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    FILING_DUE = "FILING_DUE"
    DECISION = "DECISION"


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

    project_id: str | None = Field(default=None, title="项目编号")
    project_name: str | None = Field(default=None, title="项目名称")
    unit: str | None = Field(default=None, title="建设单位")
    task_name: str | None = Field(default=None, title="任务名称")
    due_date: DueMoment | None = Field(default=None, description="an ISO date or date-time", title="期限")
    reason: str | None = Field(default=None, description="why returned or rejected", title="原因")
    decision: str | None = Field(
        default=None,
        description="what was decided, in words (批准延期, 限期整改, …), for DECISION",
        title="决定",
    )
    filing_kind: str | None = Field(default=None, title="备案类别")
    authority: str | None = Field(default=None, title="部门")
    rule_id: str | None = Field(default=None, title="规则编号")
    link: str | None = Field(default=None, description="where to act, e.g. the Tasklist URL")


class SendNotification(MessageFacts):
    notification_template: NotificationTemplate = Field(title="通知模板")
    recipient_groups: list[str] = Field(
        default=[], description="candidate groups, e.g. ita-reviewers", title="接收组"
    )
    recipient_users: list[str] = Field(default=[], title="接收人")
    channels: list[Channel] = Field(default=[Channel.EMAIL, Channel.WEBHOOK, Channel.IN_APP], title="渠道")
    jurisdiction: str | None = None


class NotificationSent(Variables):
    notifications_sent: int = Field(description="deliveries made by this attempt")
    notifications_already_sent: int = Field(description="deliveries an earlier attempt of the job made")
