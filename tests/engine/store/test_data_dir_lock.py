"""One engine per data directory: a second one refuses to start, naming who holds it (issue #18, 3)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.store import StoreLocked
from engine.store.lock import holder

PROJECT = Path(__file__).resolve().parents[3]


def _clock() -> ControlledClock:
    return ControlledClock(start="2026-09-30T09:00:00+08:00")


def _holding_process(data_dir: Path) -> subprocess.Popen[str]:
    """Another process with an engine open on ``data_dir``, ready once it printed its PID."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.runtime import Engine
        engine = Engine.open(Path({str(data_dir)!r}))
        print(os.getpid(), flush=True)
        time.sleep(120)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=PROJECT)
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == str(child.pid), "the holding process did not start"
    return child


def test_a_second_engine_in_the_same_process_is_refused(tmp_path: Path) -> None:
    first = Engine.open(tmp_path, clock=_clock())
    try:
        with pytest.raises(StoreLocked, match=rf"in use by another engine \(PID {os.getpid()} on host "):
            Engine.open(tmp_path, clock=_clock())
    finally:
        first.close()
    Engine.open(tmp_path, clock=_clock()).close()  # closing released it


def test_an_engine_in_another_process_is_named_by_pid_and_host(tmp_path: Path) -> None:
    child = _holding_process(tmp_path)
    try:
        held_by = holder(tmp_path)
        assert held_by is not None and held_by.pid == child.pid and held_by.host == socket.gethostname()
        with pytest.raises(StoreLocked) as refused:
            Engine.open(tmp_path, clock=_clock())
        assert f"PID {child.pid} on host {socket.gethostname()}" in str(refused.value)
        assert str(tmp_path) in str(refused.value)
    finally:
        child.kill()
        child.wait()


def test_a_killed_owner_leaves_no_stale_lock(tmp_path: Path) -> None:
    child = _holding_process(tmp_path)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert holder(tmp_path) is None
    engine = Engine.open(tmp_path, clock=_clock())
    assert holder(tmp_path) is not None
    engine.close()
    assert holder(tmp_path) is None


def test_the_refusal_leaves_the_owner_working(tmp_path: Path) -> None:
    from tests.engine.store.test_sqlite_recovery import TIMER_TASK

    first = Engine.open(tmp_path, clock=_clock())
    first.deploy([("p.bpmn", TIMER_TASK)])
    with pytest.raises(StoreLocked):
        Engine.open(tmp_path, clock=_clock())
    pi = first.create_instance("p")
    assert first.instance(pi.key).state == "ACTIVE"
    positions = [r.position for r in first.records]
    assert positions == list(range(1, len(positions) + 1))
    first.close()


def test_python_m_engine_on_a_folder_in_use_exits_naming_the_holder(tmp_path: Path) -> None:
    held = Engine.open(tmp_path, clock=_clock())
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "engine",
                "--data-dir",
                str(tmp_path),
                "--gateway-port",
                "0",
                "--rest-port",
                "0",
            ],
            capture_output=True,
            text=True,
            cwd=PROJECT,
            timeout=60,
            check=False,
        )
    finally:
        held.close()
    assert run.returncode == 1
    assert (
        f"--data-dir: {tmp_path}: the data directory is in use by another engine (PID {os.getpid()}"
        in run.stderr
    )
