"""``govit backup`` / ``govit restore`` on the embedded engine's store, and ``govit run`` refusing a
folder something already runs on (issue #18, 3 and 6)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from engine.clock import ControlledClock
from engine.runtime import Engine
from govit.cli import app
from govit.local_run import LocalRun
from govit.run_guard import PID_FILE, running_instance
from tests.engine.store.test_sqlite_recovery import TIMER_TASK


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def test_backup_of_a_running_engine_and_restore_into_a_fresh_folder_resumes(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path / "data" / "engine", clock=_clock())
    engine.deploy([("p.bpmn", TIMER_TASK)])
    pi = engine.create_instance("p", {"项目": "智慧城管"})
    backed_up = CliRunner().invoke(
        app, ["backup", str(tmp_path / "backup"), "--data-dir", str(tmp_path / "data" / "engine")]
    )
    assert backed_up.exit_code == 0, backed_up.output
    assert "backup written:" in backed_up.output and f"{len(engine.records)} records" in backed_up.output
    engine.close()

    restored = CliRunner().invoke(
        app, ["restore", str(tmp_path / "backup"), "--data-dir", str(tmp_path / "restored")]
    )
    assert restored.exit_code == 0, restored.output
    assert "start the engine with --data-dir" in restored.output
    resumed = Engine.open(tmp_path / "restored", clock=_clock())
    job = resumed.activate_jobs("work", "w")[0]
    resumed.complete_job(job.key)
    assert resumed.instance(pi.key).state == "COMPLETED"
    resumed.close()


def test_restore_over_an_existing_store_is_refused_with_the_reason(tmp_path: Path) -> None:
    Engine.open(tmp_path / "engine", clock=_clock()).close()
    assert (
        CliRunner()
        .invoke(app, ["backup", str(tmp_path / "b"), "--data-dir", str(tmp_path / "engine")])
        .exit_code
        == 0
    )
    refused = CliRunner().invoke(
        app, ["restore", str(tmp_path / "b"), "--data-dir", str(tmp_path / "engine")]
    )
    assert refused.exit_code == 2
    assert "already holds an engine store" in refused.output


def test_backup_of_a_folder_without_a_store_names_it(tmp_path: Path) -> None:
    refused = CliRunner().invoke(app, ["backup", str(tmp_path / "b"), "--data-dir", str(tmp_path / "none")])
    assert refused.exit_code == 2
    assert "no engine store here" in refused.output


def test_govit_run_says_an_engine_already_runs_on_the_folder(tmp_path: Path) -> None:
    engine = Engine.open(tmp_path / "engine", clock=_clock())
    try:
        console = Console(record=True, width=200)
        code = LocalRun(tmp_path, Path("deploy/samples/lg-project.yaml"), 26500, 8080, console).run()
        text = console.export_text()
        assert code == 1
        assert f"PID {os.getpid()} on host {socket.gethostname()}" in text and "already running" in text
        assert not (tmp_path / PID_FILE).exists()  # and it started nothing
        assert not (tmp_path / "logs").exists()
    finally:
        engine.close()


def test_a_live_govit_run_is_named_by_its_pid_and_a_dead_one_is_not(tmp_path: Path) -> None:
    # a process whose command line says govit, as `python -m govit run` does
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "govit"])
    try:
        # Popen returns while the kernel may still be setting up the new program: its command
        # line reads empty for that moment
        cmdline = Path(f"/proc/{child.pid}/cmdline")
        for _ in range(500):
            if not cmdline.exists() or cmdline.read_bytes():
                break
            time.sleep(0.01)
        (tmp_path / PID_FILE).write_text(str(child.pid))
        found = running_instance(tmp_path)
        assert found is not None and f"PID {child.pid}" in found
    finally:
        child.kill()
        child.wait()
    assert running_instance(tmp_path) is None  # the PID file of a killed run stops nothing
