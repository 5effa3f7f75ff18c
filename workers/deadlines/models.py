"""Job variables of the deadlines domain, named as the processes name them (camelCase)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator
from pydantic.alias_generators import to_camel

from workers.deadlines.instants import local_date
from workers.deadlines.periods import Period, PeriodUnit


def _period(value: Any) -> Any:
    return Period.parse(value) if isinstance(value, str) else value


LocalDate = Annotated[date, BeforeValidator(local_date)]
"""A calendar day in Asia/Shanghai, given as a date or a date-time (its local day is taken)."""

Flag = Annotated[bool, BeforeValidator(lambda value: False if value is None else value)]
"""A boolean where an empty input mapping (null) means false."""


class _Variables(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")


class DueDateInput(_Variables):
    """``startDate`` plus exactly one of ``period`` (``5WD``, ``3M``, ``1Y``) or ``workingDays``."""

    start_date: LocalDate
    period: Annotated[Period | None, BeforeValidator(_period)] = None
    working_days: int | None = Field(default=None, ge=1)
    allow_provisional: Flag = False

    _effective_period: Period = PrivateAttr()

    @model_validator(mode="after")
    def _one_period(self) -> DueDateInput:
        if self.period is not None and self.working_days is None:
            self._effective_period = self.period
        elif self.period is None and self.working_days is not None:
            self._effective_period = Period(self.working_days, PeriodUnit.WORKING_DAYS)
        else:
            raise ValueError("give exactly one of 'period' (e.g. 5WD, 3M, 1Y) or 'workingDays'")
        return self

    @property
    def effective_period(self) -> Period:
        return self._effective_period


class DueDateResult(_Variables):
    due_date: datetime
    due_day: date
    provisional: bool


class ReminderDateInput(_Variables):
    due_date: LocalDate
    working_days_before: int = Field(ge=0)
    allow_provisional: Flag = False


class ReminderDateResult(_Variables):
    reminder_date: datetime
    reminder_day: date
    provisional: bool


class ElapsedInput(_Variables):
    """Working days after ``fromDate`` up to and including ``toDate`` (default: today)."""

    from_date: LocalDate
    to_date: LocalDate | None = None
    allow_provisional: Flag = False


class ElapsedResult(_Variables):
    working_days_elapsed: int
    provisional: bool


class OverdueInput(_Variables):
    """``dueDate`` as computed by the due-date job; ``at`` defaults to now."""

    due_date: str | datetime | date
    at: str | datetime | None = None
    allow_provisional: Flag = False


class OverdueResult(_Variables):
    overdue: bool
    working_days_overdue: int
    provisional: bool
