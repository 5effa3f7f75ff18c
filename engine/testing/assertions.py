"""BpmnAssert-style assertions over the record log, modelled on zeebe-process-test.

    assert_that(engine, pi).is_waiting_at("review").has_variable("amount", 6000000)
    assert_that(engine).job("review").has_retries(2)

Every failure message shows the instance's path (element ids with intents, in order), its
variables and its open incidents, so a failing test explains itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, overload

from engine.testing.records import (
    HasRecords,
    RecordLike,
    RecordStream,
    decode_variable_value,
    element_events,
    latest_by_key,
    open_incidents,
    variables_of_scope,
)

_MISSING: Any = object()


class HasKey(Protocol):
    @property
    def key(self) -> int: ...


def _key_of(instance: HasKey | int) -> int:
    return instance if isinstance(instance, int) else instance.key


def _show(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(value)


def describe_instance(engine: HasRecords, process_instance_key: int) -> str:
    """The path, variables and open incidents of an instance, for failure messages."""
    lines = [f"Process instance {process_instance_key}:", "  path:"]
    events = element_events(engine, process_instance_key)
    if not events:
        lines.append("    (no PROCESS_INSTANCE events at all)")
    for record in events:
        element_type = record.value.get("bpmnElementType", "?")
        lines.append(f"    {record.value.get('elementId')} [{element_type}] {record.intent}")
    variables = variables_of_scope(engine, process_instance_key)
    lines.append(f"  variables: {_show(variables)}")
    incidents = open_incidents(engine, process_instance_key)
    if incidents:
        lines.append("  open incidents:")
        for incident in incidents:
            value = incident.value
            lines.append(
                f"    {value.get('errorType')} at {value.get('elementId')!r}: {value.get('errorMessage')}"
            )
    else:
        lines.append("  open incidents: none")
    return "\n".join(lines)


class ProcessInstanceAssert:
    """Assertions about one process instance, read from its records."""

    def __init__(self, engine: HasRecords, process_instance_key: int) -> None:
        self._engine = engine
        self.key = process_instance_key

    # ------------------------------------------------------------------ helpers
    def _fail(self, message: str) -> AssertionError:
        return AssertionError(f"{message}\n{describe_instance(self._engine, self.key)}")

    def _events(self) -> RecordStream:
        return element_events(self._engine, self.key)

    def _process_intents(self) -> list[str]:
        return self._events().with_key(self.key).intents()

    def state(self) -> str:
        """From the process element's events: completed, terminated, active or not started."""
        intents = self._process_intents()
        if not intents:
            return "not started"
        last = intents[-1]
        if last == "ELEMENT_COMPLETED":
            return "completed"
        if last == "ELEMENT_TERMINATED":
            return "terminated"
        return "active"

    def active_element_ids(self) -> list[str]:
        """Ids of element instances whose latest event is ELEMENT_ACTIVATED (waiting there); a
        migrated instance is still waiting, under the element id it was migrated to."""
        events = list(self._events())
        latest = latest_by_key([r for r in events if r.intent != "ELEMENT_MIGRATED"])
        element_ids = {r.key: r.value.get("elementId") for r in events}
        return [
            str(element_ids[r.key])
            for r in latest.values()
            if r.intent == "ELEMENT_ACTIVATED" and r.key != self.key
        ]

    # ------------------------------------------------------------------ state
    def is_started(self) -> ProcessInstanceAssert:
        if "ELEMENT_ACTIVATED" not in self._process_intents():
            raise self._fail(f"Expected process instance {self.key} to be started, but it is not.")
        return self

    def is_completed(self) -> ProcessInstanceAssert:
        if self.state() != "completed":
            raise self._fail(
                f"Expected process instance {self.key} to be completed, but it is {self.state()}."
            )
        return self

    def is_not_completed(self) -> ProcessInstanceAssert:
        if self.state() == "completed":
            raise self._fail(f"Expected process instance {self.key} not to be completed, but it is.")
        return self

    def is_active(self) -> ProcessInstanceAssert:
        if self.state() != "active":
            raise self._fail(f"Expected process instance {self.key} to be active, but it is {self.state()}.")
        return self

    def is_terminated(self) -> ProcessInstanceAssert:
        if self.state() != "terminated":
            raise self._fail(
                f"Expected process instance {self.key} to be terminated, but it is {self.state()}."
            )
        return self

    # ------------------------------------------------------------------ elements
    def is_waiting_at(self, *element_ids: str) -> ProcessInstanceAssert:
        active = self.active_element_ids()
        missing = [e for e in element_ids if e not in active]
        if missing:
            raise self._fail(
                f"Expected to be waiting at {list(element_ids)}, but not at {missing}; active: {active}."
            )
        return self

    def is_waiting_exactly_at(self, *element_ids: str) -> ProcessInstanceAssert:
        active = sorted(self.active_element_ids())
        if active != sorted(element_ids):
            raise self._fail(
                f"Expected to be waiting exactly at {sorted(element_ids)}, but active: {active}."
            )
        return self

    def is_not_waiting_at(self, *element_ids: str) -> ProcessInstanceAssert:
        active = self.active_element_ids()
        present = [e for e in element_ids if e in active]
        if present:
            raise self._fail(f"Expected not to be waiting at {present}, but it is.")
        return self

    def _count(self, element_id: str, intent: str) -> int:
        return len(self._events().where(elementId=element_id).with_intent(intent))

    def has_passed(self, element_id: str, times: int | None = None) -> ProcessInstanceAssert:
        """Completed the element (``times`` exactly, when given; at least once otherwise).
        A sequence flow counts as passed when it was taken."""
        count = self._count(element_id, "ELEMENT_COMPLETED") + self._count(element_id, "SEQUENCE_FLOW_TAKEN")
        if (times is None and count == 0) or (times is not None and count != times):
            expected = "at least once" if times is None else f"{times} time(s)"
            raise self._fail(
                f"Expected element {element_id!r} to be passed {expected}, but it was {count} time(s)."
            )
        return self

    def has_passed_in_order(self, *element_ids: str) -> ProcessInstanceAssert:
        completed = [
            str(r.value.get("elementId"))
            for r in self._events().with_intent("ELEMENT_COMPLETED", "SEQUENCE_FLOW_TAKEN")
            if r.value.get("elementId") in element_ids
        ]
        if completed != list(element_ids):
            raise self._fail(
                f"Expected elements to be passed in the order {list(element_ids)}, got {completed}."
            )
        return self

    def has_not_passed(self, *element_ids: str) -> ProcessInstanceAssert:
        passed = [
            e
            for e in element_ids
            if self._count(e, "ELEMENT_COMPLETED") + self._count(e, "SEQUENCE_FLOW_TAKEN")
        ]
        if passed:
            raise self._fail(f"Expected elements {passed} not to be passed, but they were.")
        return self

    def has_activated(self, element_id: str, times: int | None = None) -> ProcessInstanceAssert:
        count = self._count(element_id, "ELEMENT_ACTIVATED")
        if (times is None and count == 0) or (times is not None and count != times):
            expected = "at least once" if times is None else f"{times} time(s)"
            raise self._fail(
                f"Expected {element_id!r} to be activated {expected}, but it was {count} time(s)."
            )
        return self

    def has_not_activated(self, *element_ids: str) -> ProcessInstanceAssert:
        activated = [e for e in element_ids if self._count(e, "ELEMENT_ACTIVATED")]
        if activated:
            raise self._fail(f"Expected elements {activated} never to be activated, but they were.")
        return self

    def has_terminated(self, element_id: str, times: int | None = None) -> ProcessInstanceAssert:
        count = self._count(element_id, "ELEMENT_TERMINATED")
        if (times is None and count == 0) or (times is not None and count != times):
            expected = "at least once" if times is None else f"{times} time(s)"
            raise self._fail(
                f"Expected {element_id!r} to be terminated {expected}, but it was {count} time(s)."
            )
        return self

    def has_intents(self, element_id: str, *intents: str) -> ProcessInstanceAssert:
        """The element's events, in order, are exactly ``intents``."""
        actual = self._events().where(elementId=element_id).intents()
        if actual != list(intents):
            raise self._fail(f"Expected {element_id!r} to have the events {list(intents)}, got {actual}.")
        return self

    # ------------------------------------------------------------------ variables
    def variables(self) -> dict[str, object]:
        return variables_of_scope(self._engine, self.key)

    def has_variable(self, name: str, value: object = _MISSING) -> ProcessInstanceAssert:
        variables = self.variables()
        if name not in variables:
            raise self._fail(f"Expected process variable {name!r}, but there is none.")
        if value is not _MISSING and not _json_equal(variables[name], value):
            raise self._fail(
                f"Expected process variable {name!r} = {_show(value)}, got {_show(variables[name])}."
            )
        return self

    def has_no_variable(self, name: str) -> ProcessInstanceAssert:
        if name in self.variables():
            raise self._fail(
                f"Expected no process variable {name!r}, but it is {_show(self.variables()[name])}."
            )
        return self

    def has_local_variable(
        self, element_id: str, name: str, value: object = _MISSING
    ) -> ProcessInstanceAssert:
        """A variable created in the scope of (some instance of) ``element_id``."""
        scope_keys = set(self._events().where(elementId=element_id).keys())
        found: list[object] = []
        for record in RecordStream.of(self._engine).events().of_type("VARIABLE").where(name=name):
            if record.value.get("scopeKey") in scope_keys:
                found.append(decode_variable_value(record.value.get("value")))
        if not found:
            raise self._fail(f"Expected a local variable {name!r} in {element_id!r}, but there is none.")
        if value is not _MISSING and not any(_json_equal(v, value) for v in found):
            raise self._fail(
                f"Expected local variable {name!r} in {element_id!r} = {_show(value)}, got {found}."
            )
        return self

    # ------------------------------------------------------------------ incidents
    def has_no_incidents(self) -> ProcessInstanceAssert:
        if open_incidents(self._engine, self.key):
            raise self._fail(f"Expected process instance {self.key} to have no open incidents.")
        return self

    def has_incident(
        self, error_type: str | None = None, element_id: str | None = None
    ) -> ProcessInstanceAssert:
        for incident in open_incidents(self._engine, self.key):
            if error_type is not None and incident.value.get("errorType") != error_type:
                continue
            if element_id is not None and incident.value.get("elementId") != element_id:
                continue
            return self
        wanted = f"{error_type or 'any type'} at {element_id or 'any element'}"
        raise self._fail(f"Expected an open incident ({wanted}), but there is none.")

    def incident(self, error_type: str | None = None) -> RecordLike:
        """The first open incident (of the type), for further inspection."""
        for incident in open_incidents(self._engine, self.key):
            if error_type is None or incident.value.get("errorType") == error_type:
                return incident
        raise self._fail(f"Expected an open incident of type {error_type or 'any'}, but there is none.")

    # ------------------------------------------------------------------ messages and calls
    def is_waiting_for_message(self, name: str, correlation_key: str | None = None) -> ProcessInstanceAssert:
        latest: dict[tuple[object, object], RecordLike] = {}
        stream = (
            RecordStream.of(self._engine)
            .events()
            .of_type("PROCESS_MESSAGE_SUBSCRIPTION")
            .process_instance(self.key)
        )
        for record in stream:
            latest[(record.value.get("elementInstanceKey"), record.value.get("messageName"))] = record
        for record in latest.values():
            open_now = record.intent in ("CREATED", "MIGRATED") or (
                record.intent == "CORRELATED" and record.value.get("interrupting") is False
            )
            if not open_now or record.value.get("messageName") != name:
                continue
            if correlation_key is None or record.value.get("correlationKey") == correlation_key:
                return self
        raise self._fail(f"Expected an open subscription to message {name!r} (key {correlation_key!r}).")

    def is_not_waiting_for_message(self, name: str) -> ProcessInstanceAssert:
        try:
            self.is_waiting_for_message(name)
        except AssertionError:
            return self
        raise self._fail(f"Expected no open subscription to message {name!r}, but there is one.")

    def called_instances(self, process_id: str | None = None) -> list[int]:
        """Keys of process instances started by this instance's call activities."""
        stream = (
            RecordStream.of(self._engine)
            .events()
            .of_type("PROCESS_INSTANCE")
            .with_intent("ELEMENT_ACTIVATED")
        )
        stream = stream.where(bpmnElementType="PROCESS", parentProcessInstanceKey=self.key)
        if process_id is not None:
            stream = stream.where(bpmnProcessId=process_id)
        return stream.keys()

    def has_called_process(self, process_id: str, times: int | None = None) -> ProcessInstanceAssert:
        count = len(self.called_instances(process_id))
        if (times is None and count == 0) or (times is not None and count != times):
            expected = "at least once" if times is None else f"{times} time(s)"
            raise self._fail(
                f"Expected process {process_id!r} to be called {expected}, but it was {count} time(s)."
            )
        return self


def _json_equal(actual: object, expected: object) -> bool:
    """Equality as JSON values: 1 == 1.0, but True != 1 (JSON booleans are not numbers)."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(actual, Mapping) and isinstance(expected, Mapping):
        return actual.keys() == expected.keys() and all(_json_equal(actual[k], expected[k]) for k in actual)
    if isinstance(actual, Sequence) and isinstance(expected, Sequence) and not isinstance(actual, str):
        if isinstance(expected, str):
            return False
        return len(actual) == len(expected) and all(
            _json_equal(a, e) for a, e in zip(actual, expected, strict=True)
        )
    return actual == expected


class JobAssert:
    """Assertions about one job, read from its latest JOB event."""

    def __init__(self, engine: HasRecords, record: RecordLike) -> None:
        self._engine = engine
        self.record = record
        self.key = record.key

    def _fail(self, message: str) -> AssertionError:
        pi = self.record.value.get("processInstanceKey")
        detail = describe_instance(self._engine, pi) if isinstance(pi, int) else ""
        return AssertionError(f"Job {self.key} ({self.record.value.get('type')}): {message}\n{detail}")

    def _field(self, name: str, expected: object) -> JobAssert:
        actual = self.record.value.get(name)
        if not _json_equal(actual, expected):
            raise self._fail(f"expected {name} = {_show(expected)}, got {_show(actual)}.")
        return self

    def has_state(self, intent: str) -> JobAssert:
        if self.record.intent != intent:
            raise self._fail(f"expected the latest job event to be {intent}, got {self.record.intent}.")
        return self

    def has_retries(self, retries: int) -> JobAssert:
        return self._field("retries", retries)

    def has_element_id(self, element_id: str) -> JobAssert:
        return self._field("elementId", element_id)

    def has_error_message(self, message: str) -> JobAssert:
        return self._field("errorMessage", message)

    def has_custom_header(self, name: str, value: str) -> JobAssert:
        headers = self.record.value.get("customHeaders") or {}
        if headers.get(name) != value:
            raise self._fail(f"expected custom header {name!r} = {value!r}, got headers {_show(headers)}.")
        return self

    def has_deadline(self, deadline_ms: int) -> JobAssert:
        return self._field("deadline", deadline_ms)


class UserTaskLike(Protocol):
    @property
    def key(self) -> int: ...
    @property
    def element_id(self) -> str: ...
    @property
    def assignee(self) -> str | None: ...
    @property
    def candidate_groups(self) -> Sequence[str]: ...
    @property
    def candidate_users(self) -> Sequence[str]: ...
    @property
    def due_date(self) -> str | None: ...
    @property
    def follow_up_date(self) -> str | None: ...
    @property
    def priority(self) -> int: ...
    @property
    def state(self) -> str: ...


class UserTaskAssert:
    """Assertions about a user task as ``engine.user_tasks()`` shows it."""

    def __init__(self, task: UserTaskLike) -> None:
        self.task = task

    def _check(self, name: str, actual: object, expected: object) -> UserTaskAssert:
        if not _json_equal(actual, expected):
            raise AssertionError(
                f"User task {self.task.key} ({self.task.element_id}): expected {name} = {_show(expected)}, "
                f"got {_show(actual)}."
            )
        return self

    def has_assignee(self, assignee: str | None) -> UserTaskAssert:
        return self._check("assignee", self.task.assignee, assignee)

    def has_candidate_groups(self, *groups: str) -> UserTaskAssert:
        return self._check("candidate groups", list(self.task.candidate_groups), list(groups))

    def has_candidate_users(self, *users: str) -> UserTaskAssert:
        return self._check("candidate users", list(self.task.candidate_users), list(users))

    def has_due_date(self, due_date: str | None) -> UserTaskAssert:
        return self._check("due date", self.task.due_date, due_date)

    def has_follow_up_date(self, follow_up_date: str | None) -> UserTaskAssert:
        return self._check("follow-up date", self.task.follow_up_date, follow_up_date)

    def has_priority(self, priority: int) -> UserTaskAssert:
        return self._check("priority", self.task.priority, priority)

    def has_state(self, state: str) -> UserTaskAssert:
        return self._check("state", self.task.state, state)


@dataclass(frozen=True)
class _BatchActivation:
    """A job's view of the JOB_BATCH ACTIVATED event that handed it out."""

    position: int
    key: int
    timestamp: int
    value: Mapping[str, Any]
    record_type: str = "EVENT"
    value_type: str = "JOB"
    intent: str = "ACTIVATED"


class EngineAssert:
    """Entry point for assertions that start from the engine rather than an instance."""

    def __init__(self, engine: HasRecords) -> None:
        self._engine = engine

    def job(self, job_type: str, process_instance_key: int | None = None) -> JobAssert:
        """The most recently created job of the type (in the instance, when given), in its latest state.
        Zeebe records an activation as a JOB_BATCH ACTIVATED event listing the job; that counts as the
        job's ACTIVATED state."""
        events = RecordStream.of(self._engine).events()
        stream = events.of_type("JOB")
        created = stream.with_intent("CREATED").where(type=job_type)
        if process_instance_key is not None:
            created = created.process_instance(process_instance_key)
        if not created:
            types = sorted({str(t) for t in stream.with_intent("CREATED").values("type")})
            raise AssertionError(
                f"Expected a job of type {job_type!r}, but none was created; job types: {types}."
            )
        key = created.last().key
        latest: RecordLike = stream.with_key(key).last()
        for batch in events.of_type("JOB_BATCH").with_intent("ACTIVATED"):
            keys = list(batch.value.get("jobKeys") or [])
            if batch.position > latest.position and key in keys:
                jobs = list(batch.value.get("jobs") or [])
                value = jobs[keys.index(key)] if len(jobs) == len(keys) else dict(latest.value)
                latest = _BatchActivation(batch.position, key, batch.timestamp, value)
        return JobAssert(self._engine, latest)

    def user_task(self, element_id: str, process_instance_key: int | None = None) -> UserTaskAssert:
        """The open user task of the element (in the instance, when given), from ``engine.user_tasks()``."""
        lister = getattr(self._engine, "user_tasks", None)
        if lister is None:
            raise TypeError("user task assertions need an engine with user_tasks()")
        tasks: list[UserTaskLike] = [
            t for t in lister(process_instance_key=process_instance_key) if t.element_id == element_id
        ]
        if len(tasks) != 1:
            raise AssertionError(f"Expected one open user task at {element_id!r}, found {len(tasks)}.")
        return UserTaskAssert(tasks[0])

    def has_deployed(self, process_id: str, version: int | None = None) -> EngineAssert:
        stream = RecordStream.of(self._engine).events().of_type("PROCESS").where(bpmnProcessId=process_id)
        versions = stream.values("version")
        if not versions or (version is not None and version not in versions):
            raise AssertionError(
                f"Expected process {process_id!r} v{version} to be deployed; versions: {versions}."
            )
        return self


@overload
def assert_that(engine: HasRecords) -> EngineAssert: ...
@overload
def assert_that(engine: HasRecords, instance: HasKey | int) -> ProcessInstanceAssert: ...
def assert_that(
    engine: HasRecords, instance: HasKey | int | None = None
) -> EngineAssert | ProcessInstanceAssert:
    if instance is None:
        return EngineAssert(engine)
    return ProcessInstanceAssert(engine, _key_of(instance))


def assert_user_task(task: UserTaskLike) -> UserTaskAssert:
    return UserTaskAssert(task)
