import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import pytest
from calendar_data import OVERRIDES_2027
from pyzeebe import Job, ZeebeWorker, create_insecure_channel
from pyzeebe.job.job import JobController

from workers.deadlines.cli import main
from workers.deadlines.overrides import CalendarOverrideError
from workers.deadlines.router import create_router
from workers.deadlines.settings import DeadlineSettings, SettingsError
from workers.errors import PermanentJobError


def test_router_registers_the_deadline_job_types() -> None:
    router = create_router(DeadlineSettings())
    assert sorted(task.type for task in router.tasks) == [
        "govit.deadlines.check-overdue",
        "govit.deadlines.due-date",
        "govit.deadlines.reminder-date",
        "govit.deadlines.working-days-elapsed",
    ]
    due_date = router.get_task("govit.deadlines.due-date")
    assert set(due_date.config.variables_to_fetch or []) == {
        "startDate",
        "period",
        "workingDays",
        "allowProvisional",
        "startFact",
        "startFactHint",
    }


def test_router_task_computes_from_job_variables() -> None:
    task = create_router(DeadlineSettings()).get_task("govit.deadlines.due-date")
    result = task.original_function(startDate="2026-09-30", period="5WD")
    assert result["dueDay"] == "2026-10-13"


def test_router_refuses_a_broken_override_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("years: [", encoding="utf-8")
    with pytest.raises(CalendarOverrideError, match=str(path)):
        create_router(DeadlineSettings(calendar_overrides=path))


def test_override_file_added_to_while_running_resolves_the_incident(tmp_path: Path) -> None:
    path = tmp_path / "calendar-overrides.yaml"
    path.write_text("years: {}\n", encoding="utf-8")
    task = create_router(DeadlineSettings(calendar_overrides=path)).get_task("govit.deadlines.due-date")
    with pytest.raises(PermanentJobError, match="2027"):
        task.original_function(startDate="2027-09-30", period="5WD")
    path.write_text(OVERRIDES_2027, encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))  # a clearly newer file
    assert task.original_function(startDate="2027-09-30", period="5WD")["dueDay"] == "2027-10-13"


def test_broken_edit_of_the_override_file_is_an_incident(tmp_path: Path) -> None:
    path = tmp_path / "calendar-overrides.yaml"
    path.write_text("years: {}\n", encoding="utf-8")
    task = create_router(DeadlineSettings(calendar_overrides=path)).get_task("govit.deadlines.due-date")
    path.write_text("years: {2027: {holidays: [2028-01-01]}}\n", encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    with pytest.raises(PermanentJobError, match="2028-01-01 is not in 2027"):
        task.original_function(startDate="2026-09-30", period="5WD")


def test_settings_from_environment(tmp_path: Path) -> None:
    settings = DeadlineSettings.from_env(
        {"GOVIT_CALENDAR_OVERRIDES": str(tmp_path / "o.yaml"), "GOVIT_OFFICE_DAY_END": "18:00"}
    )
    assert settings.calendar_overrides == tmp_path / "o.yaml"
    assert settings.office_day_end.hour == 18
    with pytest.raises(SettingsError, match="GOVIT_OFFICE_DAY_END"):
        DeadlineSettings.from_env({"GOVIT_OFFICE_DAY_END": "late"})


def test_cli_prints_due_day(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVIT_CALENDAR_OVERRIDES", raising=False)
    assert main(["2026-09-30", "5WD"]) == 0
    assert capsys.readouterr().out == "2026-10-13\n"


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["2026-01-31", "1M"], "2026-02-28"),
        (["2026-09-01", "1M"], "2026-10-08"),
        (["2025-10-01", "1Y"], "2026-10-08"),
        (["2026-09-30", "5WD", "--time"], "2026-10-13T17:30:00+08:00"),
    ],
)
def test_cli_periods(capsys: pytest.CaptureFixture[str], args: list[str], printed: str) -> None:
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == printed


def test_cli_unknown_year_exits_nonzero_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["2027-03-01", "5WD"]) != 0
    assert "2027" in capsys.readouterr().err


def test_cli_provisional_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["2027-03-01", "5WD", "--provisional"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "2027-03-08\n"
    assert "provisional" in captured.err


def test_cli_override_file_makes_2027_known(capsys: pytest.CaptureFixture[str], overrides_2027: Path) -> None:
    assert main(["2027-09-30", "5WD", "--overrides", str(overrides_2027)]) == 0
    assert capsys.readouterr().out == "2027-10-13\n"


def test_cli_bad_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["2026-09-30", "5D"]) == 2
    assert "5D" in capsys.readouterr().err


class RecordingController:
    """Stands in for pyzeebe's JobController: records how the job ended."""

    def __init__(self) -> None:
        self.completed_with: dict[str, Any] | None = None

    async def set_running_after_decorators_status(self) -> None:
        return None

    async def set_success_status(self, variables: dict[str, Any] | None = None) -> None:
        self.completed_with = variables


def activated_job(task_type: str, variables: dict[str, Any]) -> Job:
    return Job(
        key=1,
        type=task_type,
        process_instance_key=2,
        bpmn_process_id="lg-application",
        process_definition_version=1,
        process_definition_key=3,
        element_id="computeDueDate",
        element_instance_key=4,
        custom_headers={},
        worker="test",
        retries=3,
        deadline=0,
        variables=variables,
    )


async def test_pyzeebe_job_handler_completes_with_the_due_date() -> None:
    task = create_router(DeadlineSettings()).get_task("govit.deadlines.due-date")
    controller = RecordingController()
    job = activated_job(task.type, {"startDate": "2026-09-30", "period": "5WD", "unrelated": [1, 2]})
    await task.job_handler(job, cast(JobController, controller))
    assert controller.completed_with == {
        "dueDate": "2026-10-13T17:30:00+08:00",
        "dueDay": "2026-10-13",
        "provisional": False,
    }


async def test_pyzeebe_job_handler_hands_unknown_year_to_the_exception_handler() -> None:
    raised: list[Exception] = []

    async def exception_handler(exc: Exception, job: Job, controller: JobController) -> None:
        raised.append(exc)

    # The application's worker brings the exception handler; the channel is never used here.
    worker = ZeebeWorker(create_insecure_channel("localhost:1"), exception_handler=exception_handler)
    worker.include_router(create_router(DeadlineSettings()))
    task = worker.get_task("govit.deadlines.due-date")
    controller = RecordingController()
    job = activated_job(task.type, {"startDate": "2027-03-01", "period": "5WD"})
    await task.job_handler(job, cast(JobController, controller))
    assert controller.completed_with is None
    [error] = raised
    assert isinstance(error, PermanentJobError) and "2027" in str(error)


def test_module_entry_point_for_clerks() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GOVIT_")}
    done = subprocess.run(
        [sys.executable, "-m", "workers.deadlines", "2026-09-30", "5WD"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert (done.returncode, done.stdout) == (0, "2026-10-13\n")
