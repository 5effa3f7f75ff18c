"""The embedded engine's API: deploy, start instances, work jobs and user tasks, publish messages.

Every call is one command, processed under the engine's lock by the single writer; its records and
state changes are committed together before the call returns.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from engine.bpmn import model as m
from engine.bpmn.parser import parse_bpmn
from engine.clock import Clock, ControlledClock, SystemClock
from engine.dmn import DecisionResult, parse_dmn
from engine.feel.clock import use_clock
from engine.runtime import decisions, deployment, incidents, jobs, messages, signals, timers, user_tasks
from engine.runtime import variables as var
from engine.runtime.elements.containers import create_process_instance
from engine.runtime.errors import (
    DeadlineExceeded,
    EngineError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
)
from engine.runtime.processing import Processing
from engine.runtime.records import RecordLog
from engine.runtime.registry import Registry
from engine.runtime.state import Row, State
from engine.runtime.views import (
    ActivatedJob,
    Deployment,
    ElementInstance,
    Incident,
    InstanceStatus,
    ProcessInstanceHandle,
    ProcessInstanceResult,
    UserTask,
)
from engine.store import MemoryStore, SqliteStore, Store

T = TypeVar("T")


class Engine:
    """One partition of an embedded Zeebe: thread-safe, every call processed in order."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._store = store
        self._state = State(track_changes=store.tracks_changes)
        self._registry = Registry()
        store.load(self._state)
        self._restore_registry()
        self._p = Processing(self._state, self.clock, self._registry)
        self._p.ended_listener = self._on_process_ended
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._results: dict[int, dict[str, Any] | None] = {}
        self._closed = False
        self.records = RecordLog(store.records)
        self.clock.attach(self)
        self._listeners: list[Callable[[], None]] = []
        self._scheduler: threading.Thread | None = None
        if not isinstance(self.clock, ControlledClock):
            self._scheduler = threading.Thread(target=self._schedule_loop, name="engine-timers", daemon=True)
            self._scheduler.start()

    @classmethod
    def in_memory(cls, clock: Clock | None = None) -> Engine:
        return cls(MemoryStore(), clock)

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None) -> Engine:
        """A durable engine in ``data_dir``; reopening resumes every instance where it stood."""
        return cls(SqliteStore(Path(data_dir)), clock)

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on the engine's thread, holding its lock) after every command and due work."""
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _notify(self) -> None:
        self._changed.notify_all()
        for listener in self._listeners:
            listener()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._changed.notify_all()
        if isinstance(self.clock, ControlledClock):
            self.clock.detach(self)
        if self._scheduler is not None:
            self._scheduler.join(timeout=2)
        self._store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- processing ------------------------------------------------------------------------------

    def _restore_registry(self) -> None:
        for row in self._state.tables["processes"].values():
            for process in parse_bpmn(row["resource"].encode("utf-8"), row["resourceName"]):
                if process.id == row["bpmnProcessId"]:
                    self._registry.processes[row["key"]] = process
        for row in self._state.tables["decisions"].values():
            if row.get("kind") == "drg":
                self._registry.drgs[row["key"]] = parse_dmn(
                    row["resource"].encode("utf-8"), row["resourceName"]
                )
        for row in self._state.tables["decisions"].values():
            if row.get("kind") == "decision":
                self._registry.add_decision(row)
        for row in self._state.tables["forms"].values():
            self._registry.add_form(row)

    def _run(self, command: Callable[[Processing], T]) -> T:
        with self._lock:
            if self._closed:
                raise FailedPrecondition("the engine is closed")
            p = self._p
            with use_clock(self.clock.now):
                self._process_due(p)
                p.now = self.clock.now_ms()
                try:
                    result = command(p)
                    p.drain()
                except EngineError:
                    p.queue.clear()
                    self._commit(p)
                    raise
                self._commit(p)
            self._notify()
            return result

    def _commit(self, p: Processing) -> None:
        self._store.commit(p.take_written(), self._state.take_changes())

    def next_due_ms(self) -> int | None:
        due = self._state.due
        while due:
            at, _, kind, key = due[0]
            if self._is_live(kind, key, at):
                return at
            heapq.heappop(due)
        return None

    def _is_live(self, kind: str, key: int, at: int) -> bool:
        tables = self._state.tables
        if kind == "timer":
            row = tables["timers"].get(key)
            return row is not None and row["dueDate"] == at
        if kind == "job_timeout":
            row = tables["jobs"].get(key)
            return row is not None and row["state"] == jobs.JOB_ACTIVATED and row["deadline"] == at
        if kind == "job_backoff":
            row = tables["jobs"].get(key)
            return row is not None and row["state"] == jobs.FAILED and row["recurAt"] == at
        row = tables["messages"].get(key)
        return row is not None and row["deadline"] == at

    def run_due_work(self) -> None:
        """Fire what is due at the clock's current time (timers, job time-outs, back-offs, TTLs)."""
        with self._lock:
            if self._closed:
                return
            with use_clock(self.clock.now):
                self._process_due(self._p)
            self._notify()

    def _process_due(self, p: Processing) -> None:
        now = self.clock.now_ms()
        while True:
            at = self.next_due_ms()
            if at is None or at > now:
                return
            _, _, kind, key = heapq.heappop(self._state.due)
            p.now = now
            if kind == "timer":
                timers.fire(p, key, at)
            elif kind == "job_timeout":
                jobs.time_out(p, key, at)
            elif kind == "job_backoff":
                jobs.recur(p, key, at)
            else:
                messages.expire(p, key, at)
            p.drain()
            self._commit(p)

    def _schedule_loop(self) -> None:
        while not self._closed:
            with self._lock:
                due = self.next_due_ms()
                wait = 0.5 if due is None else max(0.0, min(0.5, (due - self.clock.now_ms()) / 1000))
                if wait > 0:
                    self._changed.wait(wait)
            self.run_due_work()

    # -- deployment ------------------------------------------------------------------------------

    def deploy(self, resources: Sequence[tuple[str, bytes]] | Mapping[str, bytes]) -> Deployment:
        items = list(resources.items()) if isinstance(resources, Mapping) else list(resources)
        return self._run(lambda p: deployment.deploy(p, items))

    # -- process instances -----------------------------------------------------------------------

    def _definition(self, bpmn_process_id: str | None, version: int | None, key: int | None) -> Row:
        state = self._state
        if key is not None:
            row = state.get("processes", key)
            if row is None:
                raise NotFound(f"Expected to find process definition with key '{key}', but none found")
            return dict(row)
        if bpmn_process_id is None:
            raise InvalidArgument("Expected either a BPMN process id or a process definition key")
        if version is None or version < 0:
            latest = state.latest_process.get(bpmn_process_id)
            if latest is None:
                raise NotFound(
                    f"Expected to find process definition with process ID '{bpmn_process_id}', but none found"
                )
            return dict(state.tables["processes"][latest])
        for row in state.tables["processes"].values():
            if row["bpmnProcessId"] == bpmn_process_id and row["version"] == version:
                return dict(row)
        raise NotFound(
            "Expected to find process definition with process ID "
            f"'{bpmn_process_id}' and version '{version}', "
            "but none found"
        )

    def create_instance(
        self,
        bpmn_process_id: str | None = None,
        variables: Mapping[str, Any] | None = None,
        version: int | None = None,
        *,
        process_definition_key: int | None = None,
        start_instructions: Iterable[str] | None = None,
        _await_result: bool = False,
    ) -> ProcessInstanceHandle:
        """Start an instance at the none start event, or at the given elements (start instructions)."""

        def create(p: Processing) -> ProcessInstanceHandle:
            definition = self._definition(bpmn_process_id, version, process_definition_key)
            process = self._registry.process(definition["key"])
            starts = list(start_instructions or ())
            if not starts and process.root.none_start is None:
                raise FailedPrecondition(
                    "Expected to create instance of process with none start event, but there is no such event"
                )
            for element_id in starts:
                if element_id not in process.elements:
                    raise InvalidArgument(
                        f"Expected to find element with id '{element_id}' in process "
                        f"'{process.id}', but none found"
                    )
                if process.elements[element_id].flow_scope != process.id:
                    raise InvalidArgument(
                        f"Expected to start at element '{element_id}', but it is not "
                        "directly inside the process; "
                        "only elements of the process itself can be start points"
                    )
            root = create_process_instance(
                p, definition, dict(variables or {}), start_at=starts[0] if starts else None
            )
            if _await_result:
                self._results[root["key"]] = None
            for element_id in starts[1:]:
                _extra_start(p, root["key"], process.elements[element_id])
            return ProcessInstanceHandle(
                root["key"], definition["bpmnProcessId"], definition["version"], definition["key"]
            )

        return self._run(create)

    def create_instance_with_result(
        self,
        bpmn_process_id: str | None = None,
        variables: Mapping[str, Any] | None = None,
        version: int | None = None,
        *,
        process_definition_key: int | None = None,
        fetch_variables: Sequence[str] | None = None,
        timeout_ms: int = 10_000,
    ) -> ProcessInstanceResult:
        """Start an instance and wait until it completes (other threads may work its jobs meanwhile)."""
        with self._lock:
            handle = self.create_instance(
                bpmn_process_id,
                variables,
                version,
                process_definition_key=process_definition_key,
                _await_result=True,
            )
            deadline = time.monotonic() + timeout_ms / 1000
            while self._results.get(handle.key) is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    self._results.pop(handle.key, None)
                    raise DeadlineExceeded(
                        f"Expected the process instance '{handle.key}' to complete within {timeout_ms} ms, "
                        "but it did not"
                    )
                self._changed.wait(remaining)
            outcome = self._results.pop(handle.key, None) or {}
            if outcome.get("state") != "COMPLETED":
                raise FailedPrecondition(
                    f"The process instance '{handle.key}' was terminated before it completed"
                )
            result = dict(outcome.get("variables") or {})
            if fetch_variables:
                result = {k: v for k, v in result.items() if k in set(fetch_variables)}
            return ProcessInstanceResult(
                handle.key, handle.bpmn_process_id, handle.version, handle.process_definition_key, result
            )

    def _on_process_ended(self, root: Row, completed: bool) -> None:
        key = root["key"]
        state = "COMPLETED" if completed else "TERMINATED"
        self._state.put("meta", f"ended:{key}", state)
        if key in self._results:
            self._results[key] = {"state": state, "variables": var.local_variables(self._p, key)}

    def cancel_instance(self, process_instance_key: int) -> None:
        def cancel(p: Processing) -> None:
            root = p.instance(process_instance_key)
            if root is None or root["flowScopeKey"] != -1:
                raise NotFound(
                    f"Expected to cancel a process instance with key '{process_instance_key}', but no such "
                    "process was found"
                )
            parent = root["v"]["parentProcessInstanceKey"]
            if parent > 0:
                raise FailedPrecondition(
                    "Expected to cancel a process instance with key "
                    f"'{process_instance_key}', but it is created "
                    f"by a parent process instance. Cancel the root process instance '{parent}' instead."
                )
            p.write("PROCESS_INSTANCE", "CANCEL", process_instance_key, root["v"], record_type="COMMAND")
            p.terminate(root)

        self._run(cancel)

    def set_variables(
        self, element_instance_key: int, variables: Mapping[str, Any], local: bool = False
    ) -> int:
        def update(p: Processing) -> int:
            scope = p.instance(element_instance_key)
            if scope is None:
                raise NotFound(
                    "Expected to update variables for element with key "
                    f"'{element_instance_key}', but no such "
                    "element was found"
                )
            key = p.new_key()
            value = {
                "scopeKey": element_instance_key,
                "variables": dict(variables),
                "updateSemantics": "LOCAL" if local else "PROPAGATE",
                "tenantId": "<default>",
            }
            p.write("VARIABLE_DOCUMENT", "UPDATE", key, value, record_type="COMMAND")
            if local:
                var.set_all_local(p, scope, variables)
            else:
                var.propagate(p, scope, variables)
            p.write("VARIABLE_DOCUMENT", "UPDATED", key, value)
            return key

        return self._run(update)

    # -- jobs ------------------------------------------------------------------------------------

    def activate_jobs(
        self,
        job_type: str,
        worker: str = "default",
        timeout_ms: int = 300_000,
        max_jobs: int = 32,
        fetch_variables: Sequence[str] | None = None,
    ) -> list[ActivatedJob]:
        def activate(p: Processing) -> list[ActivatedJob]:
            out = []
            wanted = set(fetch_variables) if fetch_variables else None
            for job, visible in jobs.activate(p, job_type, worker, timeout_ms, max_jobs):
                variables = visible if wanted is None else {k: v for k, v in visible.items() if k in wanted}
                out.append(
                    ActivatedJob(
                        job["key"],
                        job["type"],
                        job["processInstanceKey"],
                        job["bpmnProcessId"],
                        job["processDefinitionVersion"],
                        job["processDefinitionKey"],
                        job["elementId"],
                        job["elementInstanceKey"],
                        dict(job["customHeaders"]),
                        worker,
                        job["retries"],
                        job["deadline"],
                        variables,
                    )
                )
            return out

        return self._run(activate)

    def complete_job(self, job_key: int, variables: Mapping[str, Any] | None = None) -> None:
        self._run(lambda p: jobs.complete(p, job_key, dict(variables or {})))

    def fail_job(
        self,
        job_key: int,
        retries: int,
        error_message: str = "",
        retry_backoff_ms: int = 0,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        self._run(
            lambda p: jobs.fail(
                p,
                job_key,
                retries=retries,
                error_message=error_message,
                backoff_ms=retry_backoff_ms,
                variables=variables,
            )
        )

    def throw_error(
        self,
        job_key: int,
        error_code: str,
        error_message: str = "",
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        self._run(lambda p: jobs.throw_error(p, job_key, error_code, error_message, variables))

    def update_job_retries(self, job_key: int, retries: int) -> None:
        self._run(lambda p: jobs.update_retries(p, job_key, retries))

    def update_job_timeout(self, job_key: int, timeout_ms: int) -> None:
        self._run(lambda p: jobs.update_timeout(p, job_key, timeout_ms))

    # -- messages and signals --------------------------------------------------------------------

    def publish_message(
        self,
        name: str,
        correlation_key: str = "",
        variables: Mapping[str, Any] | None = None,
        time_to_live_ms: int = 0,
        message_id: str | None = None,
    ) -> int:
        if not name:
            raise InvalidArgument("Expected a message name, but it was empty")
        return self._run(
            lambda p: messages.publish(
                p,
                name=name,
                correlation_key=correlation_key,
                variables=dict(variables or {}),
                ttl_ms=time_to_live_ms,
                message_id=message_id,
            )
        )

    def broadcast_signal(self, name: str, variables: Mapping[str, Any] | None = None) -> int:
        if not name:
            raise InvalidArgument("Expected a signal name, but it was empty")
        return self._run(lambda p: signals.broadcast(p, name, dict(variables or {})))

    # -- incidents -------------------------------------------------------------------------------

    def resolve_incident(self, incident_key: int) -> None:
        def resolve(p: Processing) -> None:
            row = p.state.get("incidents", incident_key)
            if row is None:
                raise NotFound(
                    f"Expected to resolve incident with key '{incident_key}', but no such incident was found"
                )
            incidents.resolve(p, row)

        self._run(resolve)

    def incidents(self, process_instance_key: int | None = None) -> list[Incident]:
        with self._lock:
            rows = [
                r
                for r in self._state.tables["incidents"].values()
                if process_instance_key is None or r["processInstanceKey"] == process_instance_key
            ]
            return [
                Incident(
                    r["key"],
                    r["errorType"],
                    r["errorMessage"],
                    r["elementId"],
                    r["elementInstanceKey"],
                    r["jobKey"],
                    r["processInstanceKey"],
                    r["bpmnProcessId"],
                    r["state"],
                )
                for r in sorted(rows, key=lambda r: r["key"])
            ]

    # -- user tasks ------------------------------------------------------------------------------

    def user_tasks(
        self, process_instance_key: int | None = None, state: str | None = "CREATED"
    ) -> list[UserTask]:
        with self._lock:
            rows = sorted(self._state.tables["user_tasks"].values(), key=lambda r: r["key"])
            return [
                _user_task_view(r)
                for r in rows
                if (process_instance_key is None or r["processInstanceKey"] == process_instance_key)
                and (state is None or r["state"] == state)
            ]

    def assign_user_task(self, key: int, assignee: str) -> None:
        self._run(lambda p: user_tasks.assign(p, key, assignee))

    def unassign_user_task(self, key: int) -> None:
        self._run(lambda p: user_tasks.assign(p, key, "", action="unassign"))

    def update_user_task(self, key: int, changes: Mapping[str, Any]) -> None:
        self._run(lambda p: user_tasks.update(p, key, changes))

    def complete_user_task(
        self, key: int, variables: Mapping[str, Any] | None = None, action: str | None = None
    ) -> None:
        self._run(lambda p: user_tasks.complete(p, key, dict(variables or {}), action))

    # -- decisions -------------------------------------------------------------------------------

    def evaluate_decision(
        self,
        decision_id: str | None = None,
        decision_key: int | None = None,
        variables: Mapping[str, Any] | None = None,
    ) -> DecisionResult:
        def evaluate(p: Processing) -> DecisionResult:
            decision = decisions.find(p, decision_id, decision_key)
            return decisions.evaluate(p, decision, dict(variables or {}), None)

        return self._run(evaluate)

    # -- views -----------------------------------------------------------------------------------

    def variables(self, scope_key: int) -> dict[str, Any]:
        """The variables set on one scope (a process instance key gives the instance's variables)."""
        with self._lock:
            return var.local_variables(self._p, scope_key)

    def _status_of(self, key: int) -> str | None:
        if key in self._state.tables["elements"]:
            return "ACTIVE"
        ended: str | None = self._state.tables["meta"].get(f"ended:{key}")
        return ended

    def instance(self, process_instance_key: int) -> InstanceStatus:
        with self._lock:
            root = self._state.tables["elements"].get(process_instance_key)
            if root is None:
                ended = self._status_of(process_instance_key)
                if ended is None:
                    raise NotFound(
                        f"Expected to find process instance with key '{process_instance_key}', but none found"
                    )
                return self._ended_status(process_instance_key, ended)
            active: list[ElementInstance] = []
            stack = [process_instance_key]
            while stack:
                for child in self._p.children_of(stack.pop()):
                    active.append(
                        ElementInstance(child["key"], child["elementId"], child["type"], child["state"])
                    )
                    stack.append(child["key"])
            v = root["v"]
            return InstanceStatus(
                root["key"],
                v["bpmnProcessId"],
                v["version"],
                v["processDefinitionKey"],
                "ACTIVE",
                sorted(active, key=lambda e: e.key),
                var.local_variables(self._p, root["key"]),
                v["parentProcessInstanceKey"],
            )

    def _ended_status(self, key: int, state: str) -> InstanceStatus:
        for record in reversed(self.records):
            if record.key == key and record.value_type == "PROCESS_INSTANCE":
                v = record.value
                return InstanceStatus(
                    key,
                    v["bpmnProcessId"],
                    v["version"],
                    v["processDefinitionKey"],
                    state,
                    [],
                    {},
                    v["parentProcessInstanceKey"],
                )
        raise NotFound(f"Expected to find process instance with key '{key}', but none found")

    def jobs(self, job_type: str | None = None) -> list[dict[str, Any]]:
        """The open jobs (created, activated or failed), oldest first."""
        with self._lock:
            return [
                dict(j)
                for j in sorted(self._state.tables["jobs"].values(), key=lambda j: j["key"])
                if job_type is None or j["type"] == job_type
            ]

    def process_definitions(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {k: v for k, v in row.items() if k != "resource"}
                for row in sorted(self._state.tables["processes"].values(), key=lambda r: r["key"])
            ]

    def decision_definitions(self) -> list[dict[str, Any]]:
        """Every deployed decision: key, decisionId, decisionName, version and its requirements graph."""
        with self._lock:
            return [dict(row) for row in sorted(self._registry.decisions.values(), key=lambda r: r["key"])]

    def process_model(self, process_definition_key: int) -> m.Process:
        return self._registry.process(process_definition_key)

    def now(self) -> _dt.datetime:
        return self.clock.now()


def _extra_start(p: Processing, root_key: int, element: m.Element) -> None:
    """A further start instruction: activate the element inside the root once it is active."""

    def run() -> None:
        root = p.instance(root_key)
        if root is not None:
            p.start_element(root, element)

    p.enqueue(run)


def _user_task_view(r: Row) -> UserTask:
    return UserTask(
        r["key"],
        r["elementId"],
        r["elementInstanceKey"],
        r["processInstanceKey"],
        r["bpmnProcessId"],
        r["assignee"] or None,
        list(r["candidateGroupsList"]),
        list(r["candidateUsersList"]),
        r["dueDate"] or None,
        r["followUpDate"] or None,
        r["formKey"] or None,
        r["externalFormReference"] or None,
        r["priority"],
        dict(r["variables"]),
        r["state"],
    )
