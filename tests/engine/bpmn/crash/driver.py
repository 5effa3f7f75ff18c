"""Load driver for the crash-recovery test: runs a durable engine under load until it is killed.

Usage: python driver.py DATA_DIR INSTANCES

Deploys the crash-test process (if not deployed yet), then creates instances and completes their
jobs in an interleaved loop. After each acknowledged command it prints one line to stdout
("created <key>" / "completed <job key>") and flushes, so the parent knows what the engine has
acknowledged when it sends SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine.clock import ControlledClock
from engine.runtime import Engine
from engine.testing import process, timer_duration

START = "2026-09-30T09:00:00+08:00"
JOB_TYPE = "crash-work"


def crash_process() -> bytes:
    return (
        process("crash")
        .start_event("start")
        .service_task("work", job_type=JOB_TYPE)
        .intermediate_catch_event("wait", timer_duration("PT1H"))
        .end_event("end")
        .to_xml()
    )


def main(data_dir: Path, instances: int) -> None:
    engine = Engine.open(data_dir, clock=ControlledClock(start=START))
    engine.deploy([("crash.bpmn", crash_process())])
    for i in range(instances):
        handle = engine.create_instance("crash", variables={"n": i})
        print(f"created {handle.key}", flush=True)
        for job in engine.activate_jobs(JOB_TYPE, worker="driver", timeout_ms=60_000, max_jobs=3):
            engine.complete_job(job.key, variables={"done": job.variables["n"]})
            print(f"completed {job.key}", flush=True)
    print("finished", flush=True)
    engine.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
