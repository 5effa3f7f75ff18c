from __future__ import annotations

from pathlib import Path

import pytest

from workers.__main__ import main


def test_deadline_subcommand_dispatches_to_the_deadlines_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2026-09-30", "5WD"]) == 0
    assert capsys.readouterr().out.strip() == "2026-10-13"


def test_unknown_arguments_print_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve-everything"]) == 2
    assert "python -m workers deadline START PERIOD" in capsys.readouterr().err


def test_bad_worker_settings_stop_before_connecting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVIT_METRICS_PORT", "not-a-port")
    assert main([]) == 2
    assert "GOVIT_METRICS_PORT" in capsys.readouterr().err


def test_a_domain_that_cannot_start_stops_the_worker_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("GOVIT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GOVIT_DIRECTORY", raising=False)
    assert main([]) == 2
    assert "GOVIT_DIRECTORY: not set" in capsys.readouterr().err
