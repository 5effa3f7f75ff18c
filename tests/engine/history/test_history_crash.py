"""kill -9 while the exporter writes the history (issue #18, crash tests): the next start exports
what the log holds beyond the history's position, so no committed instance is missing from the
history and every one shows the state the engine has for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.runtime import Engine

PROJECT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("moment", ["right after a commit", "inside a commit's export", "at random"])
def test_kill_9_around_an_export_leaves_no_gap_in_the_history(tmp_path: Path, moment: str) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(PROJECT)!r})
        from pathlib import Path
        from engine.history import exporter
        from engine.runtime import Engine
        from tests.engine.gateway import diagrams

        engine = Engine.open(Path({str(tmp_path)!r}))
        engine.deploy([("review.bpmn", diagrams.user_task())])
        moment = {moment!r}
        exports = 0
        apply, committed = exporter.History._apply, exporter.PendingExport.committed

        def applying(self, page):
            global exports
            exports += 1
            apply(self, page)  # written with the commit's records, not committed
            if exports == 60 and moment == "inside a commit's export":
                os.kill(os.getpid(), signal.SIGKILL)

        def after_commit(self):
            if exports == 60 and moment == "right after a commit":
                os.kill(os.getpid(), signal.SIGKILL)
            committed(self)

        exporter.History._apply = applying
        exporter.PendingExport.committed = after_commit
        print("ready", flush=True)
        n = 0
        while True:
            key = engine.create_instance("review", {{"n": n}}).key
            if n % 3 == 0:
                engine.complete_user_task(engine.user_tasks(key)[0].key)
            n += 1
            if n % 20 == 0:
                print(n, flush=True)
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=PROJECT)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    if moment == "at random":
        writer.stdout.readline()
        writer.stdout.readline()
        os.kill(writer.pid, signal.SIGKILL)
    writer.wait(60)
    assert writer.returncode == -signal.SIGKILL

    with Engine.open(tmp_path) as engine:
        assert engine.history.position == len(engine.records)
        started = [
            r.key
            for r in engine.records
            if r.intent == "ELEMENT_ACTIVATED" and r.value["bpmnElementType"] == "PROCESS"
        ]
        assert len(started) > 15
        states = engine.history.read(
            lambda p: {int(i["processInstanceKey"]): i["state"] for i in p.process_instances.values()}
        )
        assert sorted(states) == sorted(started)
        for key, state in states.items():
            assert engine.instance(key).state == state
        assert "COMPLETED" in states.values()
