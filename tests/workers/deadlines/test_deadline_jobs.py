from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from workers.deadlines.holiday_calendar import WorkingDayCalendar
from workers.deadlines.instants import SHANGHAI
from workers.deadlines.jobs import DeadlineJobs
from workers.deadlines.models import DueDateInput, ElapsedInput, OverdueInput, ReminderDateInput
from workers.deadlines.router import job_input
from workers.deadlines.settings import DeadlineSettings
from workers.errors import PermanentJobError

NOW = datetime(2026, 10, 14, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def jobs(calendar: WorkingDayCalendar) -> DeadlineJobs:
    return DeadlineJobs(calendar, DeadlineSettings(), now=lambda: NOW)


def test_due_date_is_end_of_office_day_in_shanghai(jobs: DeadlineJobs) -> None:
    result = jobs.due_date(
        job_input(DueDateInput, {"startDate": "2026-09-30T16:45:00+08:00", "period": "5WD"})
    )
    assert result == {"dueDate": "2026-10-13T17:30:00+08:00", "dueDay": "2026-10-13", "provisional": False}


def test_due_date_accepts_working_days_number(jobs: DeadlineJobs) -> None:
    result = jobs.due_date(job_input(DueDateInput, {"startDate": "2026-09-30", "workingDays": 5}))
    assert result["dueDay"] == "2026-10-13"


def test_start_instant_in_utc_is_read_as_shanghai_day(jobs: DeadlineJobs) -> None:
    # 2026-09-29T17:00Z is 2026-09-30 01:00 in Shanghai: the start day is the 30th.
    result = jobs.due_date(job_input(DueDateInput, {"startDate": "2026-09-29T17:00:00Z", "period": "5WD"}))
    assert result["dueDay"] == "2026-10-13"


def test_office_day_end_is_configurable(calendar: WorkingDayCalendar) -> None:
    jobs = DeadlineJobs(calendar, DeadlineSettings(office_day_end=time(18, 0)))
    result = jobs.due_date(job_input(DueDateInput, {"startDate": "2026-01-31", "period": "1M"}))
    assert result["dueDate"] == "2026-02-28T18:00:00+08:00"


def test_unknown_year_becomes_an_incident_naming_the_year(jobs: DeadlineJobs) -> None:
    with pytest.raises(PermanentJobError, match="does not know 2027"):
        jobs.due_date(job_input(DueDateInput, {"startDate": "2027-03-01", "period": "5WD"}))


def test_provisional_request_is_answered_and_flagged(jobs: DeadlineJobs) -> None:
    result = jobs.due_date(
        job_input(DueDateInput, {"startDate": "2027-03-01", "period": "5WD", "allowProvisional": True})
    )
    assert result == {"dueDate": "2027-03-08T17:30:00+08:00", "dueDay": "2027-03-08", "provisional": True}


def test_override_file_answers_2027_unflagged(overrides_2027: Path) -> None:
    jobs = DeadlineJobs(WorkingDayCalendar.official(overrides_2027), DeadlineSettings())
    result = jobs.due_date(job_input(DueDateInput, {"startDate": "2027-09-30", "period": "5WD"}))
    assert result == {"dueDate": "2027-10-13T17:30:00+08:00", "dueDay": "2027-10-13", "provisional": False}


def test_reminder_date_is_start_of_office_day(jobs: DeadlineJobs) -> None:
    result = jobs.reminder_date(
        job_input(ReminderDateInput, {"dueDate": "2026-10-13T17:30:00+08:00", "workingDaysBefore": 2})
    )
    assert result == {
        "reminderDate": "2026-10-10T09:00:00+08:00",
        "reminderDay": "2026-10-10",
        "provisional": False,
    }


def test_working_days_elapsed_defaults_to_today(jobs: DeadlineJobs) -> None:
    assert jobs.working_days_elapsed(job_input(ElapsedInput, {"fromDate": "2026-09-30"})) == {
        "workingDaysElapsed": 6,
        "provisional": False,
    }


@pytest.mark.parametrize(
    ("variables", "overdue", "late"),
    [
        ({"dueDate": "2026-10-13T17:30:00+08:00"}, True, 1),
        ({"dueDate": "2026-10-14T17:30:00+08:00"}, False, 0),
        ({"dueDate": "2026-10-13"}, True, 1),  # a date alone ends with the office day
        ({"dueDate": "2026-10-13T17:30:00+08:00", "at": "2026-10-13T17:29:00+08:00"}, False, 0),
        ({"dueDate": "2026-09-30T17:30:00+08:00", "at": "2026-10-12T09:00:00+08:00"}, True, 4),
    ],
)
def test_check_overdue(jobs: DeadlineJobs, variables: dict[str, Any], overdue: bool, late: int) -> None:
    result = jobs.overdue(job_input(OverdueInput, variables))
    assert result == {"overdue": overdue, "workingDaysOverdue": late, "provisional": False}


def test_deadline_past_year_9999_is_refused_clearly(jobs: DeadlineJobs) -> None:
    request = job_input(
        DueDateInput, {"startDate": "2026-01-01", "period": "9999Y", "allowProvisional": True}
    )
    with pytest.raises(PermanentJobError, match="out of range"):
        jobs.due_date(request)


def test_bad_overdue_date_names_the_variable(jobs: DeadlineJobs) -> None:
    with pytest.raises(PermanentJobError, match=r"截止日期 \(dueDate\) 应为日期"):
        jobs.overdue(job_input(OverdueInput, {"dueDate": "next Tuesday"}))


@pytest.mark.parametrize(
    ("variables", "worded"),
    [
        ({"period": "5WD"}, "期限起算日 (startDate) 缺失"),
        ({"startDate": None, "period": "5WD"}, "期限起算日 (startDate) 缺失"),
        (
            {"startDate": "2026-13-01", "period": "5WD"},
            "期限起算日 (startDate) 应为日期 YYYY-MM-DD（或日期时间），收到 '2026-13-01'",
        ),
        (
            {"startDate": "2026-09-30", "period": "5 days"},
            "期限 (period) 应为以 NWD、NM 或 NY 写出的工作日、月或年数（如 5WD、3M、1Y），收到 '5 days'",
        ),
        (
            {"startDate": "2026-09-30"},
            "须给出期限 period（如 5WD、3M、1Y）或工作日数 workingDays，二者只给一个",
        ),
        (
            {"startDate": "2026-09-30", "period": "5WD", "workingDays": 5},
            "须给出期限 period（如 5WD、3M、1Y）或工作日数 workingDays，二者只给一个",
        ),
        ({"startDate": "2026-09-30", "workingDays": 0}, "工作日数 (workingDays) 应为 ≥ 1 的数，收到 0"),
    ],
)
def test_wrong_variables_are_named_in_words(variables: dict[str, Any], worded: str) -> None:
    with pytest.raises(PermanentJobError) as caught:
        job_input(DueDateInput, variables)
    assert str(caught.value) == worded


CONTRACT_DATE = {
    "period": "30WD",
    "startFact": "合同签订日期 (contractSignedOn)",
    "startFactHint": "记录“合同已签订”时须填写",
}


@pytest.mark.parametrize(
    ("start", "worded"),
    [
        (None, "合同签订日期 (contractSignedOn) 缺失：记录“合同已签订”时须填写"),
        (
            "2026-02-30",
            "合同签订日期 (contractSignedOn) 应为日期 YYYY-MM-DD（或日期时间），收到 '2026-02-30'"
            "：记录“合同已签订”时须填写",
        ),
    ],
)
def test_LG_19_3_a_missing_start_fact_is_named_as_the_business_fact_and_where_it_is_recorded(
    start: str | None, worded: str
) -> None:
    with pytest.raises(PermanentJobError) as caught:
        job_input(DueDateInput, {**CONTRACT_DATE, "startDate": start})
    assert str(caught.value) == worded


@pytest.mark.parametrize(
    ("model", "variables"),
    [
        (ReminderDateInput, {"dueDate": None, "workingDaysBefore": 1}),
        (ReminderDateInput, {"dueDate": "2026-10-13", "workingDaysBefore": -1}),
        (ElapsedInput, {"fromDate": "yesterday"}),
        (OverdueInput, {"dueDate": None}),
    ],
)
def test_every_deadline_job_words_a_refused_variable_in_chinese(
    model: type[Any], variables: dict[str, Any]
) -> None:
    with pytest.raises(PermanentJobError) as caught:
        job_input(model, variables)
    text = str(caught.value)
    assert "Input should" not in text and "variable '" not in text and " (" in text, text
