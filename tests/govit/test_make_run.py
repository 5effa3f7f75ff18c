"""`make run` in a fresh clone: the sample project reaches its first user task, its reviewer signs in
to the workspace and finds it there, the tool (with the engine's service token) completes it, and
SIGINT stops everything with exit code 0 and no process left behind.

The clone reuses this checkout's .venv, .tools and node_modules (symlinks, with the lock files
dated back so make sees nothing to install), so it takes seconds, not minutes of installing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_AGO = 946_684_800  # 2000-01-01: older than any setup stamp
WAITING = re.compile(r"waiting: (\w+) task (\d+) for (\S+)")


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, frontier = set(), [pid]
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.add(child)
            frontier.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Output:
    """The lines of a process's output, read on a thread so the test can wait for one."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        assert process.stdout is not None
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if match := pattern.search(line):
                        return match
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    raise AssertionError(f"no line matched {pattern.pattern!r}:\n" + "\n".join(self.lines))
                self._changed.wait(remaining)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True)
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "checkout", "--quiet", head.stdout.strip()], cwd=target, check=True)
    if not (ROOT / ".venv" / ".synced").exists():
        # Without make's stamp, make in the clone would re-sync this checkout's .venv and point
        # its editable install at the clone, which is deleted after the test.
        pytest.fail(f"{ROOT / '.venv' / '.synced'} is missing: set this checkout up with `make setup` first")
    for shared in (".venv", ".tools", "node_modules"):
        (target / shared).symlink_to(ROOT / shared)
    for lock in ("pyproject.toml", "uv.lock", "package.json", "package-lock.json"):
        os.utime(target / lock, (LONG_AGO, LONG_AGO))
    return target


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_make_run_in_a_fresh_clone_reaches_the_first_task_and_stops_cleanly(clone: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZEEBE_", "CAMUNDA_", "GOVIT_"))}
    env.pop("ENGINE_AUTH_TOKEN", None)
    env["COLUMNS"] = "200"
    make = subprocess.Popen(
        ["make", "run"], cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = Output(make)
    try:
        ports = output.wait_for(re.compile(r"gateway 127\.0\.0\.1:(\d+), REST (http://127\.0\.0\.1:\d+)"), 60)
        element, task_key, group = output.wait_for(WAITING, 120).groups()
        assert (element, group) == ("pd_formal_acceptance", "lg-ita-reviewers")
        output.wait_for(re.compile(rf"govit complete {task_key} --set FIELD=VALUE"), 30)
        output.wait_for(re.compile(r"experts\* \(a,b\).*not asked when accepted != true"), 30)

        workspace = output.wait_for(re.compile(r"workspace: (http://127\.0\.0\.1:\d+)  sign in as"), 5).group(
            1
        )
        password = (clone / "data" / "engine" / "demo-password.txt").read_text(encoding="utf-8").strip()
        assert password not in output.text  # named by its file, never printed
        with httpx.Client(base_url=workspace, timeout=10) as browser:
            signed = browser.post(
                "/workspace/session", json={"username": f"demo-{group}", "password": password}
            )
            assert signed.status_code == 200, signed.text
            tasks = browser.post(
                "/v2/user-tasks/search", json={}, headers={"X-CSRF-Token": signed.json()["csrfToken"]}
            )
            assert task_key in [task["userTaskKey"] for task in tasks.json()["items"]]

        token = (clone / "data" / "engine" / "service-token.txt").read_text(encoding="utf-8").strip()
        assert token not in output.text
        cluster = {
            **env,
            "ZEEBE_ADDRESS": f"127.0.0.1:{ports.group(1)}",
            "CAMUNDA_REST_ADDRESS": ports.group(2),
            "ENGINE_AUTH_TOKEN": token,
        }
        completed = subprocess.run(
            [sys.executable, "-m", "govit", "complete", task_key, "--set", "accepted=true",
             "--set", "experts=expertA,expertB"],
            cwd=clone, env=cluster, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert completed.returncode == 0, completed.stdout + completed.stderr
        next_task = re.compile(r"waiting: (?!pd_formal_acceptance)(\w+) task (\d+)")
        output.wait_for(next_task, 60)

        children = descendants(make.pid)
        assert len(children) >= 3  # the runner, the engine, the workers
        runner = int((clone / "data" / "govit-run.pid").read_text())
        os.kill(runner, signal.SIGINT)
        assert make.wait(60) == 0, output.text
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if alive(pid)], "processes left behind"
        assert "stopped the workers and the engine" in output.text
        assert not (clone / "data" / "govit-run.pid").exists()
    finally:
        if make.poll() is None:
            for pid in descendants(make.pid):
                os.kill(pid, signal.SIGKILL)
            make.kill()
            make.wait()
