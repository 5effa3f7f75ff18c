from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from workers.__main__ import main


@pytest.fixture(autouse=True)
def keep_logging_as_it_was() -> Iterator[None]:
    # main() configures the process-wide logging; give the next test the set-up it had
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers, root.level = handlers, level
    structlog.reset_defaults()


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
    monkeypatch.delenv("GOVIT_IDENTITY_ADDRESS", raising=False)
    assert main([]) == 2
    assert "GOVIT_IDENTITY_ADDRESS or GOVIT_DIRECTORY: neither is set" in capsys.readouterr().err
