"""Job variables of the deadlines domain, named as the processes name them (camelCase)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator
from pydantic.alias_generators import to_camel

from workers.deadlines.instants import local_date
from workers.deadlines.periods import Period, PeriodUnit
from workers.job_variables import Expects


def _period(value: Any) -> Any:
    return Period.parse(value) if isinstance(value, str) else value


LocalDate = Annotated[date, BeforeValidator(local_date), Expects("日期 YYYY-MM-DD（或日期时间）")]
"""A calendar day in Asia/Shanghai, given as a date or a date-time (its local day is taken)."""

Flag = Annotated[bool, BeforeValidator(lambda value: False if value is None else value)]
"""A boolean where an empty input mapping (null) means false."""


class _Variables(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")


PeriodText = Annotated[
    Period | None,
    BeforeValidator(_period),
    Expects("以 NWD、NM 或 NY 写出的工作日、月或年数（如 5WD、3M、1Y）"),
]


class DueDateInput(_Variables):
    """``startDate`` plus exactly one of ``period`` (``5WD``, ``3M``, ``1Y``) or ``workingDays``.

    ``startFact`` and ``startFactHint`` name the business fact ``startDate`` is mapped from and
    where a user records it, so that an incident about a missing or malformed start speaks of it.
    """

    start_date: LocalDate = Field(title="期限起算日")
    period: PeriodText = Field(default=None, title="期限")
    working_days: int | None = Field(default=None, ge=1, title="工作日数")
    allow_provisional: Flag = False
    start_fact: str | None = Field(default=None, title="起算日所指的业务事实")
    start_fact_hint: str | None = Field(default=None, title="该事实在何处记录")

    _effective_period: Period = PrivateAttr()

    @model_validator(mode="after")
    def _one_period(self) -> DueDateInput:
        if self.period is not None and self.working_days is None:
            self._effective_period = self.period
        elif self.period is None and self.working_days is not None:
            self._effective_period = Period(self.working_days, PeriodUnit.WORKING_DAYS)
        else:
            raise ValueError("须给出期限 period（如 5WD、3M、1Y）或工作日数 workingDays，二者只给一个")
        return self

    @property
    def effective_period(self) -> Period:
        return self._effective_period


class DueDateResult(_Variables):
    due_date: datetime
    due_day: date
    provisional: bool


class ReminderDateInput(_Variables):
    due_date: LocalDate = Field(title="截止日期")
    working_days_before: int = Field(ge=0, title="提前的工作日数")
    allow_provisional: Flag = False


class ReminderDateResult(_Variables):
    reminder_date: datetime
    reminder_day: date
    provisional: bool


class ElapsedInput(_Variables):
    """Working days after ``fromDate`` up to and including ``toDate`` (default: today)."""

    from_date: LocalDate = Field(title="起算日")
    to_date: LocalDate | None = Field(default=None, title="截至日")
    allow_provisional: Flag = False


class ElapsedResult(_Variables):
    working_days_elapsed: int
    provisional: bool


class OverdueInput(_Variables):
    """``dueDate`` as computed by the due-date job; ``at`` defaults to now."""

    due_date: Annotated[str | datetime | date, Expects("日期 YYYY-MM-DD（或日期时间）")] = Field(
        title="截止日期"
    )
    at: Annotated[str | datetime | None, Expects("日期时间（ISO 8601）")] = Field(
        default=None, title="判断时点"
    )
    allow_provisional: Flag = False


class OverdueResult(_Variables):
    overdue: bool
    working_days_overdue: int
    provisional: bool
