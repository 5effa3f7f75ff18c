"""Timer shapes the product's processes use: monthly and yearly non-interrupting timer event
subprocesses (monthly reports, the December O&M declaration), cycles computed with FEEL, and
deadlines computed from today's year.
https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""

from __future__ import annotations

from typing import Any

from engine.testing import assert_that, deploy_and_start, process, timer_cycle, timer_date


def _with_periodic(cycle: str) -> Any:
    return (
        process("p")
        .start_event("s")
        .user_task("operate")
        .end_event("e")
        .event_sub_process(
            "periodic",
            lambda b: b.start_event("tick", timer_cycle(cycle), interrupting=False).end_event("ticked"),
        )
    )


def test_monthly_event_subprocess(engine: Any) -> None:
    """R/P1M fires every calendar month while the scope is active (Sep 30 → Oct 30, Nov 30, Dec 30).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    pi = deploy_and_start(engine, _with_periodic("R/P1M"))
    engine.clock.advance_to("2026-10-30T08:59:59+08:00")
    assert_that(engine, pi).has_not_activated("periodic")
    for month_end in ("2026-10-30", "2026-11-30", "2026-12-30"):
        engine.clock.advance_to(f"{month_end}T09:00:00+08:00")
    assert_that(engine, pi).has_activated("periodic", times=3).is_waiting_at("operate")


def test_yearly_cycle_with_start_date_from_feel(engine: Any) -> None:
    """A cycle whose start date is computed from today's year fires on that date and yearly after.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    cycle = '="R/" + string(today().year) + "-12-01T09:00:00+08:00/P1Y"'
    pi = deploy_and_start(engine, _with_periodic(cycle))
    engine.clock.advance_to("2026-12-01T08:59:00+08:00")
    assert_that(engine, pi).has_not_activated("periodic")
    engine.clock.advance_to("2026-12-01T09:00:00+08:00")
    assert_that(engine, pi).has_activated("periodic", times=1)
    engine.clock.advance_to("2027-12-01T09:00:00+08:00")
    assert_that(engine, pi).has_activated("periodic", times=2)


def test_cycle_defaults_when_variable_missing(engine: Any) -> None:
    """A cycle expression can fall back on a default when its variable is missing (null).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    cycle = '=if monitoringCycle = null then "R/P6M" else monitoringCycle'
    pi = deploy_and_start(engine, _with_periodic(cycle))
    engine.clock.advance_to("2027-03-30T08:59:59+08:00")
    assert_that(engine, pi).has_not_activated("periodic")
    engine.clock.advance_to("2027-03-30T09:00:00+08:00")
    assert_that(engine, pi).has_activated("periodic", times=1)


def test_cycle_from_variable(engine: Any) -> None:
    """The same expression takes the cycle from the variable when it is set.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    cycle = '=if monitoringCycle = null then "R/P6M" else monitoringCycle'
    pi = deploy_and_start(engine, _with_periodic(cycle), {"monitoringCycle": "R/P3M"})
    engine.clock.advance_to("2026-12-30T09:00:00+08:00")
    assert_that(engine, pi).has_activated("periodic", times=1)


def test_next_december_first_from_feel(engine: Any) -> None:
    """A date computed as the next 1 December 09:00 (this year's if still ahead) fires then.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    next_december = (
        '=date and time(date(string(today().year + (if today() >= date(string(today().year) + "-12-01") '
        'then 1 else 0)) + "-12-01"), time("09:00:00+08:00"))'
    )
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("year_end", timer_date(next_december))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance_to("2026-12-01T08:59:59+08:00")
    assert_that(engine, pi).is_waiting_at("year_end")
    engine.clock.advance_to("2026-12-01T09:00:00+08:00")
    assert_that(engine, pi).is_completed()
