"""Timers: due dates computed from the model's duration/date/cycle, fired by the clock."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.bpmn.cron import CronSchedule, parse_time_cycle
from engine.bpmn.timers import Cycle, TimerOutOfRange, add_duration
from engine.clock import to_ms
from engine.runtime import expressions as ex
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


def _now(p: Processing) -> _dt.datetime:
    """The processing instant in the clock's zone (cron fields and calendar months are local)."""
    return _dt.datetime.fromtimestamp(p.now / 1000, tz=p.clock.now().tzinfo or _dt.UTC)


def first_due(p: Processing, timer: m.TimerDefinition, context: Mapping[str, Any]) -> tuple[int, int]:
    """(due epoch ms, repetitions: -1 forever, 1 for a one-shot timer)."""
    with _within_range(timer):
        return _first_due(p, timer, context)


def _first_due(p: Processing, timer: m.TimerDefinition, context: Mapping[str, Any]) -> tuple[int, int]:
    now = _now(p)
    if timer.kind == "duration":
        return to_ms(add_duration(now, ex.duration(timer.expression, context))), 1
    if timer.kind == "date":
        return to_ms(ex.date_time(timer.expression, context)), 1
    cycle = _cycle(timer, context)
    if isinstance(cycle, CronSchedule):
        return to_ms(cycle.next_after(now)), -1
    repetitions = -1 if cycle.repetitions is None else cycle.repetitions
    if cycle.start is not None and cycle.start > now:
        return to_ms(cycle.start), repetitions
    return to_ms(add_duration(now, cycle.interval)), repetitions


@contextmanager
def _within_range(timer: m.TimerDefinition) -> Iterator[None]:
    """A due date past year 9999 (``P999999999Y``, or any timer on a clock pinned at the end of
    time) is an incident naming the timer's expression, not an internal error."""
    try:
        yield
    except (TimerOutOfRange, OverflowError) as exc:
        raise StepFailure(
            ex.EXTRACT_VALUE_ERROR,
            f"定时器表达式 '{timer.expression.source.lstrip('=')}' 的到期时间超出可表示的范围"
            f"（公元 1 年至 9999 年）: {exc}",
        ) from exc


def _cycle(timer: m.TimerDefinition, context: Mapping[str, Any]) -> Cycle | CronSchedule:
    text = timer.expression.evaluate(context)
    if not isinstance(text, str):
        raise StepFailure(
            ex.EXTRACT_VALUE_ERROR,
            f"Expected result of the expression '{timer.expression.source.lstrip('=')}' to be 'STRING', "
            f"but was '{ex.type_name(text)}'.",
        )
    try:
        return parse_time_cycle(text)
    except ValueError as exc:
        raise StepFailure(ex.EXTRACT_VALUE_ERROR, str(exc)) from exc


def next_cycle_due(p: Processing, timer: m.TimerDefinition, context: Mapping[str, Any], due_ms: int) -> int:
    """The due date of a repeating timer's next occurrence, after the one due at ``due_ms`` fired.

    As Zeebe 8.8's TimerTriggerProcessor reschedules it (zeebe/engine/.../timer/
    TimerTriggerProcessor.java ``refreshTimer``, CatchEventBehavior ``subscribeToTimerEvent`` with
    ``timer.getDueDate(clock.millis())``): a cron cycle's next occurrence after the processing
    instant; an ISO cycle's occurrence one interval after ``due_ms``, unless that already lies at or
    before the processing instant, when it is one interval after that instant (Interval
    ``withStart`` + ``toEpochMilli``). A timer that fires late so fires once for the gap and keeps
    no backlog of missed occurrences, as camunda/camunda#10054 settled it."""
    cycle = _cycle(timer, context)
    now = _now(p)
    with _within_range(timer):
        if isinstance(cycle, CronSchedule):
            return to_ms(cycle.next_after(now))
        previous = _dt.datetime.fromtimestamp(due_ms / 1000, tz=now.tzinfo)
        natural = add_duration(previous, cycle.interval)
        if natural > now:
            return to_ms(natural)
        return to_ms(add_duration(now, cycle.interval))


def create_timer(
    p: Processing,
    owner: Row | None,
    target: m.Element,
    due_ms: int,
    *,
    repetitions: int,
    definition: Row | None = None,
) -> Row:
    key = p.new_key()
    row: Row = {
        "key": key,
        "elementInstanceKey": owner["key"] if owner else -1,
        "processInstanceKey": owner["processInstanceKey"] if owner else -1,
        "processDefinitionKey": owner["pdk"] if owner else (definition or {})["key"],
        "dueDate": due_ms,
        "targetElementId": target.id,
        "repetitions": repetitions,
    }
    p.state.put("timers", key, row)
    if owner is not None:
        owner.setdefault("timers", []).append(key)
        p.save(owner)
    p.write("TIMER", "CREATED", key, value(row))
    return row


def value(row: Row) -> dict[str, Any]:
    return {
        "elementInstanceKey": row["elementInstanceKey"],
        "processInstanceKey": row["processInstanceKey"],
        "processDefinitionKey": row["processDefinitionKey"],
        "dueDate": row["dueDate"],
        "targetElementId": row["targetElementId"],
        "repetitions": row["repetitions"],
        "tenantId": "<default>",
    }


def cancel(p: Processing, key: int) -> None:
    row: Row | None = p.state.get("timers", key)
    if row is None:
        return
    p.state.delete("timers", key)
    p.write("TIMER", "CANCELED", key, value(row))


def fire(p: Processing, key: int, due: int) -> None:
    from engine.runtime.triggers import start_process_by_event, trigger_event

    row: Row | None = p.state.get("timers", key)
    if row is None or row["dueDate"] != due:
        return
    p.state.delete("timers", key)
    p.write("TIMER", "TRIGGERED", key, value(row))
    owner = p.instance(row["elementInstanceKey"]) if row["elementInstanceKey"] > 0 else None
    repeats = row["repetitions"] == -1 or row["repetitions"] > 1
    if owner is None:
        definition = p.state.get("processes", row["processDefinitionKey"])
        if definition is None:
            return
        process = p.registry.process(definition["key"])
        target = process.elements[row["targetElementId"]]
        if repeats and target.timer is not None:
            _repeat(p, None, target, row, definition)
        start_process_by_event(p, definition, target, {})
        return
    if key in owner.get("timers", ()):
        owner["timers"].remove(key)
        p.save(owner)
    target = p.process_of(owner).elements[row["targetElementId"]]
    if repeats and target.timer is not None and not target.cancel_activity:
        _repeat(p, owner, target, row, None)
    trigger_event(p, owner, target, {})


def _repeat(p: Processing, owner: Row | None, target: m.Element, row: Row, definition: Row | None) -> None:
    assert target.timer is not None
    due = next_cycle_due(p, target.timer, {}, row["dueDate"])
    repetitions = -1 if row["repetitions"] == -1 else row["repetitions"] - 1
    create_timer(p, owner, target, due, repetitions=repetitions, definition=definition)
