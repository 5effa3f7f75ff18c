from pathlib import Path

import pytest

from workers.deadlines.cli import main
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
    }


def test_router_task_computes_from_job_variables() -> None:
    task = create_router(DeadlineSettings()).get_task("govit.deadlines.due-date")
    result = task.original_function(startDate="2026-09-30", period="5WD")
    assert result["dueDay"] == "2026-10-13"


def test_router_refuses_a_broken_override_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("years: [", encoding="utf-8")
    with pytest.raises(PermanentJobError, match=str(path)):
        create_router(DeadlineSettings(calendar_overrides=path))


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
