"""The pyzeebe router of the deadlines domain: job types ``govit.deadlines.*``."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pyzeebe import ZeebeTaskRouter

from workers.deadlines.holiday_calendar import CalendarSource
from workers.deadlines.jobs import DeadlineJobs
from workers.deadlines.models import DueDateInput, ElapsedInput, OverdueInput, ReminderDateInput
from workers.deadlines.settings import DeadlineSettings
from workers.job_variables import FactName, read_job_variables

DUE_DATE = "govit.deadlines.due-date"
REMINDER_DATE = "govit.deadlines.reminder-date"
WORKING_DAYS_ELAPSED = "govit.deadlines.working-days-elapsed"
CHECK_OVERDUE = "govit.deadlines.check-overdue"

ModelT = TypeVar("ModelT", bound=BaseModel)


def job_input(model: type[ModelT], variables: dict[str, Any]) -> ModelT:
    """The job's variables as ``model``; a missing or wrong variable is named in the incident.

    A due-date job may name the business fact its ``startDate`` is mapped from (``startFact``,
    ``startFactHint``), so the incident speaks of that fact rather than of ``startDate``.
    """
    fact = variables.get("startFact")
    hint = variables.get("startFactHint")
    named = (
        {"startDate": FactName(fact, hint if isinstance(hint, str) and hint.strip() else None)}
        if isinstance(fact, str) and fact.strip()
        else {}
    )
    return read_job_variables(model, variables, named)


def _fetched(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def create_router(settings: DeadlineSettings | None = None) -> ZeebeTaskRouter:
    """Register the deadline job types.

    A broken override file stops the worker at start (CalendarOverrideError); edited later, it is
    read again on the next job, and a broken edit makes incidents until it is fixed.
    """
    settings = settings or DeadlineSettings.from_env()
    calendars = CalendarSource(settings.calendar_overrides)
    calendars.current()
    jobs = DeadlineJobs(calendars, settings)
    router = ZeebeTaskRouter()

    @router.task(DUE_DATE, variables_to_fetch=_fetched(DueDateInput))
    def due_date(**variables: Any) -> dict[str, Any]:
        return jobs.due_date(job_input(DueDateInput, variables))

    @router.task(REMINDER_DATE, variables_to_fetch=_fetched(ReminderDateInput))
    def reminder_date(**variables: Any) -> dict[str, Any]:
        return jobs.reminder_date(job_input(ReminderDateInput, variables))

    @router.task(WORKING_DAYS_ELAPSED, variables_to_fetch=_fetched(ElapsedInput))
    def working_days_elapsed(**variables: Any) -> dict[str, Any]:
        return jobs.working_days_elapsed(job_input(ElapsedInput, variables))

    @router.task(CHECK_OVERDUE, variables_to_fetch=_fetched(OverdueInput))
    def check_overdue(**variables: Any) -> dict[str, Any]:
        return jobs.overdue(job_input(OverdueInput, variables))

    return router
