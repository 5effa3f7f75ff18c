"""The embedded engine's API: deploy, start instances, work jobs and user tasks, publish messages.

Every call is one command, processed under the engine's lock by the single writer; its records and
state changes are committed together before the call returns. :meth:`Engine.run_batch` processes
several commands in their order and commits them in one transaction (group commit), returning each
one's outcome only after that commit, as Zeebe answers a command only once its records are written.

A commit that fails leaves the engine as it was before the command: the in-memory state is rebuilt
from the store, so no instance lives on in memory only and the log continues without a gap. When the
store cannot write (disk full, I/O error) the engine refuses commands with RESOURCE_EXHAUSTED for a
while, then tries again with the next command or due timer, and resumes once a commit succeeds.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from engine.bpmn import model as m
from engine.bpmn.parser import parse_bpmn
from engine.clock import Clock, ControlledClock, PinnableClock, SystemClock
from engine.dmn import DecisionResult, parse_dmn
from engine.feel.clock import use_clock
from engine.history import retention
from engine.history.exporter import History, export_quietly
from engine.history.retention import Purged
from engine.runtime import (
    clock_commands,
    decisions,
    deployment,
    incidents,
    jobs,
    messages,
    migration,
    modification,
    resource_deletion,
    signals,
    timers,
    user_tasks,
)
from engine.runtime import records as rec
from engine.runtime import variables as var
from engine.runtime.commands import Command, json_document, log_rejection
from engine.runtime.elements.containers import create_process_instance
from engine.runtime.errors import DeadlineExceeded, EngineError, FailedPrecondition, InvalidArgument, NotFound
from engine.runtime.migration import MappingInstruction
from engine.runtime.modification import ActivateInstruction
from engine.runtime.processing import Processing, RunawayProcessing
from engine.runtime.records import RecordLog
from engine.runtime.registry import Registry
from engine.runtime.start_instructions import start_paths
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
    user_task_view,
)

# from the modules, not the package, which imports this one first (see engine/store/__init__.py)
from engine.store.base import Store
from engine.store.errors import StoreUnavailable
from engine.store.memory import MemoryStore
from engine.store.sqlite import SqliteStore

T = TypeVar("T")
_log = logging.getLogger(__name__)

# The timer thread re-reads the clock at least this often, so a wall-clock jump delays nothing long.
_LONGEST_SLEEP_MS = 500

# After the store failed to write, commands are refused without being tried for this long.
STORE_RETRY_S = 1.0

Outcome = Any  # a command's result, or the exception it raised


class Engine:
    """One partition of an embedded Zeebe: thread-safe, every call processed in order."""

    def __init__(
        self, store: Store, clock: Clock | None = None, *, store_retry_s: float = STORE_RETRY_S
    ) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._store = store
        self._reloads = 0
        self._load()
        # set while the store cannot write: why, and the monotonic instant to try again
        self._store_retry_s = store_retry_s
        self._outage: StoreUnavailable | None = None
        self._retry_at = 0.0
        # set while run_batch processes a group: commits wait for the group's end
        self._grouping = False
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        # The timer thread sleeps on its own condition: commands wake it only when they make work
        # fall due before the instant it sleeps until (None while it is awake and will look again).
        self._due_sooner = threading.Condition(self._lock)
        self._scheduler_wakes_at: int | None = None
        self._results: dict[int, dict[str, Any] | None] = {}
        self._closed = False
        self._broken = False
        self.records = RecordLog(store.records)
        # the searches' items, exported from the log after each commit (a store older than the
        # history is exported here, once)
        self.history = History(store.history_connection(), self._lock, self._element_name, self._version_tag)
        export_quietly(self.history, self.records)
        store.exporter = self.history.with_commit  # each commit's records, in its transaction
        self.clock.attach(self)
        self._listeners: list[Callable[[], None]] = []
        self._scheduler: threading.Thread | None = None
        self._restore_clock_pin()
        self._start_scheduler_if_needed()

    def _load(self) -> None:
        """(Re)build the in-memory state from the store."""
        self._reloads += 1
        self._state = State(track_changes=self._store.tracks_changes)
        self._registry = Registry()
        self._store.load(self._state)
        self._restore_registry()
        self._p = Processing(self._state, self.clock, self._registry)
        self._p.ended_listener = self._on_process_ended

    def _start_scheduler_if_needed(self) -> None:
        """Real time needs a thread that fires timers; started once there is something to fire."""
        if self._scheduler is not None or isinstance(self.clock, ControlledClock) or not self._state.due:
            return
        self._scheduler = threading.Thread(target=self._schedule_loop, name="engine-timers", daemon=True)
        self._scheduler.start()

    @classmethod
    def in_memory(cls, clock: Clock | None = None) -> Engine:
        return cls(MemoryStore(), clock)

    @classmethod
    def open(
        cls, data_dir: Path, clock: Clock | None = None, *, store_retry_s: float = STORE_RETRY_S
    ) -> Engine:
        """A durable engine in ``data_dir``; reopening resumes every instance where it stood.

        The directory is locked for this engine until :meth:`close`: another engine opening it
        fails with StoreLocked, naming the PID and host that hold it."""
        store = SqliteStore(Path(data_dir))
        try:
            return cls(store, clock, store_retry_s=store_retry_s)
        except BaseException:
            store.close()
            raise

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on the engine's thread, holding its lock) after every command and after
        due work that fired something."""
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
            self._due_sooner.notify_all()
        if isinstance(self.clock, PinnableClock):
            self.clock.detach(self)
        if self._scheduler is not None:
            self._scheduler.join(timeout=2)
        self._store.close()

    def wait_for_change(self, timeout_s: float) -> None:
        """Block until some command or due work has been processed, or ``timeout_s`` passed
        (for long-polling job activation in the gateway)."""
        with self._lock:
            if not self._closed:
                self._changed.wait(timeout_s)

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

    def _run(self, command: Callable[[Processing], T], label: Command | None = None) -> T:
        with self._lock:
            if self._closed:
                raise FailedPrecondition("the engine is closed")
            if self._broken:
                raise FailedPrecondition(
                    "the in-memory engine stopped after an internal failure left its state half-applied; "
                    "create a new engine"
                )
            self._refuse_during_outage()
            with use_clock(self.clock.now):
                self._process_due()
                p = self._p
                p.now = self.clock.now_ms()
                first_record = len(p.written)
                try:
                    if label is not None and not label.written:
                        p.write(
                            label.value_type,
                            label.intent,
                            label.key,
                            dict(label.value),
                            record_type=rec.COMMAND,
                        )
                    result = command(p)
                    p.drain()
                except RunawayProcessing:
                    self._recover_from_failure()
                    raise
                except EngineError as error:
                    p.queue.clear()
                    if label is not None:
                        log_rejection(p, label, error, first_record)
                    self._commit(p)
                    raise
                except Exception:
                    self._recover_from_failure()
                    raise
                self._commit(p)
                # a timer due already (a date in the past, a zero duration) fires right away
                self._process_due()
            self._start_scheduler_if_needed()
            self._wake_scheduler_if_due_sooner()
            if not self._grouping:
                self._notify()
            return result

    def run_batch(self, commands: Sequence[Callable[[], Any]]) -> list[Outcome]:
        """Run ``commands`` (each a call of one of this engine's command methods) in their order and
        commit them together; each one's result, or the exception it raised, once committed.

        Grouping changes no outcome: a command sees the state the commands before it left, as if
        each were committed on its own. Only the store's work is shared. When the group cannot be
        committed as one (a command failed half-way, or produced a value the store cannot keep),
        the commands run again one by one, each with its own commit, so one bad command costs the
        others nothing; when the store cannot write, every command of the group fails with that."""
        if len(commands) <= 1 or not self._store.tracks_changes:
            return [_outcome(command) for command in commands]
        with self._lock:
            if self._grouping:  # a listener's command inside a group: it joins that group
                return [_outcome(command) for command in commands]
            reloads = self._reloads
            outcomes: list[Outcome] = []
            self._grouping = True
            try:
                for command in commands:
                    outcomes.append(_outcome(command))
                    if self._reloads != reloads:
                        break  # it failed half-way: the state was rebuilt from the store
            finally:
                self._grouping = False
            if self._reloads != reloads:
                # nothing of the group was committed; the commands before the failed one run again,
                # each on its own, then the rest (the failed one is not tried twice: same state,
                # same failure, and a runaway command must not hold the writer twice)
                failed = len(outcomes) - 1
                # a due timer may have been what failed, the command then running on: drop it all
                self._recover_from_failure()
                done = [_outcome(command) for command in commands[:failed]]
                outcome = outcomes[failed]
                if not isinstance(outcome, Exception):
                    outcome = _outcome(commands[failed])
                return done + [outcome] + [_outcome(command) for command in commands[failed + 1 :]]
            try:
                self._commit(self._p)
            except StoreUnavailable as outage:
                return [outage] * len(commands)
            except Exception:
                # a value the store cannot keep (or a defect) in some command; rolled back: find it
                _log.warning("a group of %d commands could not be committed together", len(commands))
                return [_outcome(command) for command in commands]
            self._notify()
            return outcomes

    def _refuse_during_outage(self) -> None:
        """While the store cannot write, refuse commands without trying them, until the retry time;
        then let the next one try (a successful commit ends the outage)."""
        if self._outage is not None and time.monotonic() < self._retry_at:
            raise StoreUnavailable(str(self._outage))

    def _wake_scheduler_if_due_sooner(self) -> None:
        wakes_at = self._scheduler_wakes_at
        if wakes_at is None:
            return
        due = self.next_due_ms()
        if due is not None and due < wakes_at:
            self._due_sooner.notify_all()

    def _recover_from_failure(self) -> None:
        """A command that failed half-way must leave no trace: drop what it wrote and reload the
        last committed state. A memory engine has no committed state to go back to, so it refuses
        further commands rather than run on a half-applied one."""
        self._p.queue.clear()
        self._p.take_written()
        self._state.take_changes()
        if self._store.tracks_changes:
            self._load()
        else:
            self._broken = True

    def _commit(self, p: Processing) -> None:
        """Commit what was processed since the last commit (in a group: at the group's end).

        A failed commit is rolled back in memory as in the store, by reloading the last committed
        state: the command had not happened. Its error is raised (StoreUnavailable starts an
        outage; UnstorableValue is the command's fault; anything else is a defect)."""
        if self._grouping or self._nothing_to_commit(p):
            return
        try:
            self._store.commit(p.take_written(), self._state.take_changes())
            export_quietly(self.history, self.records)  # a backlog, or an export that failed
        except BaseException as error:
            self._recover_from_failure()
            if isinstance(error, StoreUnavailable):
                if self._outage is None:
                    _log.error("the store cannot write; refusing commands until it can: %s", error)
                self._outage = error
                self._retry_at = time.monotonic() + self._store_retry_s
            raise
        if self._outage is not None:
            _log.warning("the store writes again; the engine resumed after: %s", self._outage)
            self._outage = None

    def _nothing_to_commit(self, p: Processing) -> bool:
        """Nothing written, nothing changed, no key handed out: a commit would only rewrite the
        counters (and, during an outage, could seem to prove the store writes again)."""
        return (
            not p.written
            and not self._state.changes
            and p.key == self._state.tables["meta"].get("key", p.key)
            and p.position == self._state.tables["meta"].get("position", p.position)
        )

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
                processed = self._process_due()
            if processed:
                self._notify()

    def _process_due(self) -> bool:
        """Fire what is due now; whether anything was (listeners need no call for nothing)."""
        if self._outage is not None and time.monotonic() < self._retry_at:
            return False
        now = self.clock.now_ms()
        processed = False
        while True:
            at = self.next_due_ms()
            if at is None or at > now:
                return processed
            processed = True
            _, _, kind, key = heapq.heappop(self._state.due)
            p = self._p
            p.now = now
            try:
                if kind == "timer":
                    timers.fire(p, key, at)
                elif kind == "job_timeout":
                    jobs.time_out(p, key, at)
                elif kind == "job_backoff":
                    jobs.recur(p, key, at)
                else:
                    messages.expire(p, key, at)
                p.drain()
            except Exception:
                # a defect must not stop the clock for every other instance: log, discard, go on later
                _log.exception("processing the due %s %s failed; its changes were discarded", kind, key)
                self._recover_from_failure()
                return True
            try:
                self._commit(p)
            except StoreUnavailable:
                return True  # rolled back; it stays due and fires once the store writes again
            except Exception:
                _log.exception("committing the due %s %s failed; its changes were discarded", kind, key)
                return True

    def _schedule_loop(self) -> None:
        while not self._closed:
            with self._lock:
                now = self.clock.now_ms()
                due = self.next_due_ms()
                sleep_ms = _LONGEST_SLEEP_MS if due is None else min(_LONGEST_SLEEP_MS, due - now)
                if self._outage is not None:  # nothing can fire before the store is tried again
                    sleep_ms = max(sleep_ms, int((self._retry_at - time.monotonic()) * 1000) + 1)
                if sleep_ms > 0 and not self._closed:
                    self._scheduler_wakes_at = now + sleep_ms
                    self._due_sooner.wait(sleep_ms / 1000)
                    self._scheduler_wakes_at = None
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
        tags: Sequence[str] = (),
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
            paths = start_paths(process, starts)
            root = create_process_instance(
                p, definition, json_document(variables), start_paths=paths, by_command=True, tags=tags
            )
            if _await_result:
                self._results[root["key"]] = None
            return ProcessInstanceHandle(
                root["key"], definition["bpmnProcessId"], definition["version"], definition["key"]
            )

        return self._run(
            create, Command("PROCESS_INSTANCE_CREATION", "CREATE", -1, {"bpmnProcessId": bpmn_process_id})
        )

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
        # an ended instance leaves the runtime state: the history keeps it (see ``instance``)
        key = root["key"]
        if key in self._results:
            state = "COMPLETED" if completed else "TERMINATED"
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

        self._run(cancel, Command("PROCESS_INSTANCE", "CANCEL", process_instance_key))

    def modify_instance(
        self,
        process_instance_key: int,
        activate: Sequence[str | ActivateInstruction] = (),
        terminate: Sequence[int] = (),
    ) -> None:
        """Activate elements (ids or :class:`ActivateInstruction`) and terminate element instances."""
        instructions = [a if isinstance(a, ActivateInstruction) else ActivateInstruction(a) for a in activate]
        self._run(
            lambda p: modification.modify(p, process_instance_key, instructions, list(terminate)),
            Command("PROCESS_INSTANCE_MODIFICATION", "MODIFY", process_instance_key),
        )

    def migrate_instance(
        self,
        process_instance_key: int,
        target_process_definition_key: int,
        mapping: Sequence[MappingInstruction | tuple[str, str]],
    ) -> None:
        """Move a running instance onto another process definition; ``mapping`` pairs each source
        element id with its target element id (as :class:`MappingInstruction` or a tuple)."""
        instructions = [i if isinstance(i, MappingInstruction) else MappingInstruction(*i) for i in mapping]
        self._run(
            lambda p: migration.migrate(p, process_instance_key, target_process_definition_key, instructions),
            Command("PROCESS_INSTANCE_MIGRATION", "MIGRATE", process_instance_key),
        )

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
                var.set_all_local(p, scope, json_document(variables))
            else:
                var.propagate(p, scope, json_document(variables))
            p.write("VARIABLE_DOCUMENT", "UPDATED", key, value)
            return key

        return self._run(
            update, Command("VARIABLE_DOCUMENT", "UPDATE", -1, {"scopeKey": element_instance_key})
        )

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
            for job, variables in jobs.activate(p, job_type, worker, timeout_ms, max_jobs, fetch=wanted):
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

    def complete_job(
        self,
        job_key: int,
        variables: Mapping[str, Any] | None = None,
        result: Mapping[str, Any] | None = None,
    ) -> None:
        """``result`` is a task listener's answer: {"denied": bool, "deniedReason": str,
        "corrections": {"assignee": ..., "dueDate": ..., "candidateGroupsList": [...], ...}}."""
        self._run(
            lambda p: jobs.complete(p, job_key, json_document(variables), result),
            Command("JOB", "COMPLETE", job_key),
        )

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
                variables=json_document(variables) if variables is not None else None,
            ),
            Command("JOB", "FAIL", job_key),
        )

    def throw_error(
        self,
        job_key: int,
        error_code: str,
        error_message: str = "",
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        self._run(
            lambda p: jobs.throw_error(
                p,
                job_key,
                error_code,
                error_message,
                json_document(variables) if variables is not None else None,
            ),
            Command("JOB", "THROW_ERROR", job_key),
        )

    def update_job_retries(self, job_key: int, retries: int) -> None:
        self._run(
            lambda p: jobs.update_retries(p, job_key, retries),
            Command("JOB", "UPDATE_RETRIES", job_key, written=False),
        )

    def update_job_timeout(self, job_key: int, timeout_ms: int) -> None:
        self._run(
            lambda p: jobs.update_timeout(p, job_key, timeout_ms),
            Command("JOB", "UPDATE_TIMEOUT", job_key, written=False),
        )

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
                variables=json_document(variables),
                ttl_ms=time_to_live_ms,
                message_id=message_id,
            )
        )

    def correlate_message(
        self, name: str, correlation_key: str = "", variables: Mapping[str, Any] | None = None
    ) -> tuple[int, int]:
        """Correlate now or fail with NotFound (no buffering); returns (message key, process instance key)."""
        if not name:
            raise InvalidArgument("Expected a message name, but it was empty")
        return self._run(
            lambda p: messages.correlate(
                p, name=name, correlation_key=correlation_key, variables=json_document(variables)
            ),
            Command(
                "MESSAGE_CORRELATION", "CORRELATE", -1, {"name": name, "correlationKey": correlation_key}
            ),
        )

    def delete_resource(self, resource_key: int) -> None:
        """Delete a process definition, decision requirements graph or form by its key."""
        self._run(
            lambda p: resource_deletion.delete_resource(p, resource_key),
            Command("RESOURCE_DELETION", "DELETE", resource_key),
        )

    def broadcast_signal(self, name: str, variables: Mapping[str, Any] | None = None) -> int:
        if not name:
            raise InvalidArgument("Expected a signal name, but it was empty")
        return self._run(lambda p: signals.broadcast(p, name, json_document(variables)))

    # -- clock ---------------------------------------------------------------------------------------

    def pin_clock(self, epoch_ms: int) -> None:
        """Zeebe's CLOCK PIN: the clock stands still at ``epoch_ms`` (ahead or behind); what fell due
        on the way forward fires in due order, all at the pinned instant."""
        clock = self._pinnable_clock()
        self._run(lambda p: clock_commands.pinned(p, epoch_ms), clock_commands.pin_command(epoch_ms))
        # The move is the side effect after the commit, as in Zeebe; outside the engine's lock, so
        # the clock's own lock is always taken first (as when a test advances it directly).
        clock.pin(_epoch_instant(epoch_ms, clock))

    def reset_clock(self) -> None:
        """Zeebe's CLOCK RESET: back to the system time."""
        clock = self._pinnable_clock()
        self._run(clock_commands.resetted, clock_commands.reset_command())
        clock.reset()

    def _restore_clock_pin(self) -> None:
        """A reopened engine whose clock was pinned stands at the pin again, as Zeebe's does."""
        pinned_at = self._state.tables["meta"].get(clock_commands.PINNED_AT)
        if pinned_at is not None and isinstance(self.clock, PinnableClock):
            self.clock.pin(_epoch_instant(pinned_at, self.clock))

    def _pinnable_clock(self) -> PinnableClock:
        if not isinstance(self.clock, PinnableClock):
            raise FailedPrecondition(
                f"the engine's clock ({type(self.clock).__name__}) cannot be pinned or reset"
            )
        return self.clock

    # -- incidents -------------------------------------------------------------------------------

    def resolve_incident(self, incident_key: int) -> None:
        def resolve(p: Processing) -> None:
            row = p.state.get("incidents", incident_key)
            if row is None:
                raise NotFound(
                    f"Expected to resolve incident with key '{incident_key}', but no such incident was found"
                )
            incidents.resolve(p, row)

        self._run(resolve, Command("INCIDENT", "RESOLVE", incident_key, written=False))

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
                user_task_view(r, self._visible_from(r["elementInstanceKey"]))
                for r in rows
                if (process_instance_key is None or r["processInstanceKey"] == process_instance_key)
                and (state is None or r["state"] == state)
            ]

    def assign_user_task(self, key: int, assignee: str) -> None:
        self._run(
            lambda p: user_tasks.assign(p, key, assignee), Command("USER_TASK", "ASSIGN", key, written=False)
        )

    def unassign_user_task(self, key: int) -> None:
        self._run(
            lambda p: user_tasks.assign(p, key, "", action="unassign"),
            Command("USER_TASK", "ASSIGN", key, written=False),
        )

    def update_user_task(self, key: int, changes: Mapping[str, Any]) -> None:
        self._run(
            lambda p: user_tasks.update(p, key, changes), Command("USER_TASK", "UPDATE", key, written=False)
        )

    def complete_user_task(
        self, key: int, variables: Mapping[str, Any] | None = None, action: str | None = None
    ) -> None:
        self._run(
            lambda p: user_tasks.complete(p, key, json_document(variables), action),
            Command("USER_TASK", "COMPLETE", key, written=False),
        )

    # -- decisions -------------------------------------------------------------------------------

    def evaluate_decision(
        self,
        decision_id: str | None = None,
        decision_key: int | None = None,
        variables: Mapping[str, Any] | None = None,
    ) -> DecisionResult:
        def evaluate(p: Processing) -> DecisionResult:
            decision = decisions.find(p, decision_id, decision_key)
            return decisions.evaluate(p, decision, json_document(variables), None)

        return self._run(
            evaluate,
            Command("DECISION_EVALUATION", "EVALUATE", -1, {"decisionId": decision_id or ""}, written=False),
        )

    # -- views -----------------------------------------------------------------------------------

    def _visible_from(self, element_instance_key: int) -> dict[str, Any]:
        inst = self._p.instance(element_instance_key)
        return dict(var.visible(self._p, inst)) if inst is not None else {}

    def variables(self, scope_key: int) -> dict[str, Any]:
        """The variables set on one scope (a process instance key gives the instance's variables)."""
        with self._lock:
            return var.local_variables(self._p, scope_key)

    def instance(self, process_instance_key: int) -> InstanceStatus:
        with self._lock:
            root = self._state.tables["elements"].get(process_instance_key)
            if root is None:
                ended = self._ended_status(process_instance_key)
                if ended is None:
                    raise NotFound(
                        f"Expected to find process instance with key '{process_instance_key}', but none found"
                    )
                return ended
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

    def _ended_status(self, key: int) -> InstanceStatus | None:
        """An ended instance, as the history keeps it (None: unknown, or purged after its retention)."""
        export_quietly(self.history, self.records)
        found = self.history.read(lambda p: p.process_instances.get(key))
        if found is None or found["state"] == "ACTIVE":
            return None
        parent = found.get("parentProcessInstanceKey")
        return InstanceStatus(
            key,
            found["processDefinitionId"],
            found["processDefinitionVersion"],
            int(found["processDefinitionKey"]),
            found["state"],
            [],
            {},
            int(parent) if parent else -1,
        )

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

    def deployed_resource(self, key: int) -> dict[str, Any] | None:
        """The deployed resource a process definition, decision requirements graph or form came from:
        its key, id, name, version, version tag and text (``resource``); None for any other key."""
        with self._lock:
            process = self._state.get("processes", key)
            if process is not None:
                return {**process, "resourceId": process["bpmnProcessId"]}
            drg = self._state.get("decisions", key)
            if drg is not None and drg.get("kind") == "drg":
                return {**drg, "resourceId": drg["decisionRequirementsId"], "versionTag": None}
            form = self._registry.forms.get(key)
            if form is not None:
                return {**form, "resourceId": form["formId"]}
            return None

    def decision_definitions(self) -> list[dict[str, Any]]:
        """Deployed decisions: key, decisionId, decisionName, version, decisionRequirementsKey/Id."""
        with self._lock:
            return [dict(row) for row in sorted(self._registry.decisions.values(), key=lambda r: r["key"])]

    def decision_requirements_xml(self, decision_requirements_key: int) -> str:
        """The DMN text of a deployed decision requirements graph."""
        with self._lock:
            row = self._state.tables["decisions"].get(decision_requirements_key)
            if row is None or row.get("kind") != "drg":
                raise NotFound(
                    f"Expected to find decision requirements with key '{decision_requirements_key}', "
                    "but none found"
                )
            return str(row["resource"])

    def form_definitions(self) -> list[dict[str, Any]]:
        """Deployed forms: key, formId, version, resourceName and the form's JSON text (resource)."""
        with self._lock:
            return [dict(row) for row in sorted(self._registry.forms.values(), key=lambda r: r["key"])]

    def purge_history(self, retention_years: int) -> Purged:
        """Remove from the history the instances that ended more than ``retention_years`` ago (by
        the engine's clock), with all their items; see engine/history/retention.py."""
        with self._lock:
            export_quietly(self.history, self.records)
            return retention.purge(self.history, retention.cutoff(self.clock.now(), retention_years))

    def _element_name(self, process_definition_key: int, element_id: str) -> str | None:
        """An element's name, for the history's items (None: no such definition or element)."""
        process = self._registry.processes.get(process_definition_key)
        element = process.elements.get(element_id) if process is not None else None
        return getattr(element, "name", None) if element is not None else None

    def _version_tag(self, process_definition_key: int) -> str | None:
        process = self._registry.processes.get(process_definition_key)
        return process.version_tag if process is not None else None

    def process_model(self, process_definition_key: int) -> m.Process:
        return self._registry.process(process_definition_key)

    def now(self) -> _dt.datetime:
        return self.clock.now()


def _outcome(command: Callable[[], Any]) -> Outcome:
    try:
        return command()
    except Exception as error:
        return error


def _epoch_instant(epoch_ms: int, clock: Clock) -> _dt.datetime:
    """``epoch_ms`` as an instant in the zone the clock shows."""
    instant = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC) + _dt.timedelta(milliseconds=epoch_ms)
    return instant.astimezone(clock.now().tzinfo)
