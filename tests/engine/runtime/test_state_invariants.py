"""Random sequences of commands keep the state consistent: no orphaned jobs, timers, subscriptions or
user tasks, and every scope's token count matches its live children and flows."""

from __future__ import annotations

import random

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine, EngineError
from engine.testing import ProcessBuilder, message, process, timer_duration


def _diagrams() -> list[ProcessBuilder]:
    review = (
        process("review")
        .start_event("s")
        .parallel_gateway("fork")
        .service_task("check", job_type="check")
        .parallel_gateway("join")
        .user_task("decide")
        .end_event("e")
        .move_to("fork")
        .service_task("notify", job_type="notify")
        .connect_to("join")
        .boundary_event("late", timer_duration("P2D"), attached_to="check")
        .end_event("late_end")
    )
    correction = (
        process("correction")
        .start_event("s")
        .sub_process(
            "fix",
            lambda b: b.start_event("fs").service_task("edit", job_type="edit").end_event("fe"),
        )
        .intermediate_catch_event("wait", message("corrected", "= ref"))
        .end_event("e")
        .boundary_event("stop", message("withdrawn", "= ref"), attached_to="fix")
        .end_event("stopped")
    )
    return [review, correction]


def _check(engine: Engine) -> None:
    state = engine._state  # the invariants are about the internal state itself
    rows = state.tables["elements"]
    for key, row in rows.items():
        assert row["flowScopeKey"] <= 0 or row["flowScopeKey"] in rows, row["elementId"]
        joined = sum(sum(c.values()) for c in row.get("joins", {}).values())
        expected = len(state.children.get(key, ())) + joined + len(row.get("inflight", []))
        if row["type"] in ("PROCESS", "SUB_PROCESS"):
            assert row["tokens"] == expected, (row["elementId"], row["tokens"], expected)
    for table in ("jobs", "user_tasks"):
        for row in state.tables[table].values():
            assert row["elementInstanceKey"] in rows, (table, row["elementId"])
    for table in ("timers", "subscriptions"):
        for row in state.tables[table].values():
            assert row["elementInstanceKey"] <= 0 or row["elementInstanceKey"] in rows, (table, row)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_commands_keep_the_state_consistent(seed: int) -> None:
    rng = random.Random(seed)
    clock = ControlledClock(start="2026-09-30T09:00:00+08:00")
    engine = Engine.in_memory(clock=clock)
    for index, builder in enumerate(_diagrams()):
        engine.deploy([(f"diagram{index}.bpmn", builder.to_xml())])
    instances: list[int] = []
    for step in range(300):
        choice = rng.random()
        try:
            if choice < 0.2:
                process_id = rng.choice(["review", "correction"])
                instances.append(engine.create_instance(process_id, {"ref": f"R{step % 7}"}).key)
            elif choice < 0.55:
                job_type = rng.choice(["check", "notify", "edit"])
                for job in engine.activate_jobs(job_type, "w", max_jobs=2):
                    if rng.random() < 0.8:
                        engine.complete_job(job.key)
                    else:
                        engine.fail_job(job.key, retries=0, error_message="down")
            elif choice < 0.7:
                tasks = engine.user_tasks()
                if tasks:
                    engine.complete_user_task(rng.choice(tasks).key)
            elif choice < 0.8:
                clock.advance(rng.choice(["PT12H", "P1D", "P3D"]))
            elif choice < 0.9:
                name = rng.choice(["corrected", "withdrawn"])
                engine.publish_message(
                    name, f"R{rng.randrange(7)}", time_to_live_ms=rng.choice([0, 3_600_000])
                )
            elif instances:
                incidents = engine.incidents()
                if incidents and rng.random() < 0.5:
                    incident = rng.choice(incidents)
                    if incident.job_key > 0:
                        engine.update_job_retries(incident.job_key, 1)
                    engine.resolve_incident(incident.key)
                else:
                    engine.cancel_instance(rng.choice(instances))
        except EngineError:
            pass
        _check(engine)
    ended = [engine.instance(k).state for k in instances]
    assert ended.count("COMPLETED") + ended.count("TERMINATED") > 0
    engine.close()
