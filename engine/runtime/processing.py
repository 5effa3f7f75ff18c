"""The single writer: applies commands to the state and writes the resulting records.

Like one Zeebe partition, work is processed strictly in order: a client command may cause follow-up
work (activate the next element, complete the flow scope, ...), which goes into a FIFO queue and is
processed before the command returns, so the record order matches Zeebe's log order. Element
instances move ACTIVATING -> ACTIVATED -> COMPLETING -> COMPLETED (or TERMINATING -> TERMINATED);
what happens at each step is decided by the processor of the element's family (runtime/elements).

A flow scope (process, sub-process, multi-instance body) counts its *tokens*: live child instances
plus sequence flows taken but not yet arrived, plus tokens waiting at a joining gateway. When the count
drops to zero the scope completes, as Zeebe's "no active element instances and no active sequence
flows" rule does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.feel.budget import BudgetExceeded
from engine.runtime import records as rec
from engine.runtime.errors import ResourceExhausted
from engine.runtime.state import Row, State

if TYPE_CHECKING:
    from engine.clock import Clock
    from engine.runtime.elements import ElementProcessor
    from engine.runtime.registry import Registry

ACTIVATING = "ELEMENT_ACTIVATING"
ACTIVATED = "ELEMENT_ACTIVATED"
COMPLETING = "ELEMENT_COMPLETING"
COMPLETED = "ELEMENT_COMPLETED"
TERMINATING = "ELEMENT_TERMINATING"
TERMINATED = "ELEMENT_TERMINATED"

TENANT = "<default>"
KEY_BASE = 1 << 51  # partition 1, as Zeebe encodes keys


MAX_STEPS_PER_COMMAND = 200_000
MAX_ACTIVATIONS_PER_SCOPE = 10_000
"""How often one element may be activated in one flow scope while one command is processed: more
means a cycle with no wait state, which becomes an incident on that element rather than running
until the step limit discards the whole command."""


class RunawayProcessing(ResourceExhausted):
    """A command whose follow-up work never ends; its changes are discarded."""


class StepFailure(Exception):
    """A step that cannot proceed; becomes an incident on the element instance (Zeebe's Failure)."""

    def __init__(self, error_type: str, message: str, scope_key: int | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.scope_key = scope_key


def budget_failure(exceeded: BudgetExceeded, element_id: str) -> StepFailure:
    """An expression of ``element_id`` that ran out of its evaluation budget, as an incident."""
    return StepFailure("EXTRACT_VALUE_ERROR", f"元素 '{element_id}' 的{exceeded}")


class Processing:
    def __init__(self, state: State, clock: Clock, registry: Registry) -> None:
        self.state = state
        self.clock = clock
        self.registry = registry
        self.queue: deque[Callable[[], None]] = deque()
        self.written: list[rec.Record] = []
        self.position = state.counter("position", 0)
        self.key = state.counter("key", KEY_BASE)
        self.now = clock.now_ms()
        self.ended_listener: Callable[[Row, bool], None] | None = None
        # (flow scope key, element id) -> activations while the current command is processed
        self.activations: dict[tuple[int, str], int] = {}

    # -- writing ---------------------------------------------------------------------------------

    def new_key(self) -> int:
        self.key += 1
        return self.key

    def write(
        self,
        value_type: str,
        intent: str,
        key: int,
        value: dict[str, Any],
        *,
        record_type: str = rec.EVENT,
        rejection: tuple[str, str] | None = None,
    ) -> rec.Record:
        self.position += 1
        record = rec.Record(
            self.position,
            key,
            self.now,
            record_type,
            value_type,
            intent,
            value,
            rejection[0] if rejection else None,
            rejection[1] if rejection else None,
        )
        self.written.append(record)
        return record

    def enqueue(self, work: Callable[[], None]) -> None:
        self.queue.append(work)

    def drain(self) -> None:
        steps = 0
        try:
            while self.queue:
                steps += 1
                if steps > MAX_STEPS_PER_COMMAND:
                    self.queue.clear()
                    raise RunawayProcessing(
                        f"Processing one command took more than {MAX_STEPS_PER_COMMAND} steps; a process "
                        "loops without reaching a wait state (a cycle of sequence flows, links or signals)"
                    )
                self.queue.popleft()()
        finally:
            self.activations.clear()

    def take_written(self) -> list[rec.Record]:
        out = self.written
        self.written = []
        self.state.tables["meta"]["position"] = self.position
        self.state.tables["meta"]["key"] = self.key
        if self.state.changes is not None:
            self.state.changes[("meta", "position")] = self.position
            self.state.changes[("meta", "key")] = self.key
        return out

    # -- model access ----------------------------------------------------------------------------

    def process_of(self, inst: Row) -> m.Process:
        return self.registry.process(inst["pdk"])

    def element_of(self, inst: Row) -> m.Element:
        return self.registry.process(inst["pdk"]).elements[inst["elementId"]]

    def instance(self, key: int) -> Row | None:
        row: Row | None = self.state.tables["elements"].get(key)
        return row

    def scope_of(self, inst: Row) -> Row | None:
        return self.instance(inst["flowScopeKey"])

    def children_of(self, key: int) -> list[Row]:
        kids = self.state.children.get(key)
        if not kids:
            return []
        rows = self.state.tables["elements"]
        return [rows[k] for k in sorted(kids)]

    def save(self, inst: Row) -> None:
        self.state.put("elements", inst["key"], inst)

    def processor(self, element: m.Element, inst: Row) -> ElementProcessor:
        from engine.runtime.elements import processor_for

        return processor_for(element, inst["type"])

    # -- element instances -----------------------------------------------------------------------

    def new_instance(
        self,
        element: m.Element,
        scope: Row | None,
        *,
        definition: Row | None = None,
        key: int | None = None,
        element_type: str | None = None,
        parent: tuple[int, int] = (-1, -1),
    ) -> Row:
        key = key if key is not None else self.new_key()
        if scope is not None:
            pdk, pi_key, bpid, version = (
                scope["pdk"],
                scope["processInstanceKey"],
                scope["v"]["bpmnProcessId"],
                scope["v"]["version"],
            )
            parent = (scope["v"]["parentProcessInstanceKey"], scope["v"]["parentElementInstanceKey"])
        else:
            assert definition is not None
            pdk, pi_key, bpid, version = (
                definition["key"],
                key,
                definition["bpmnProcessId"],
                definition["version"],
            )
        kind = element_type or element.type
        value = {
            "bpmnProcessId": bpid,
            "version": version,
            "processDefinitionKey": pdk,
            "processInstanceKey": pi_key,
            "elementId": element.id,
            "flowScopeKey": scope["key"] if scope is not None else -1,
            "bpmnElementType": kind,
            "bpmnEventType": element.event_type,
            "parentProcessInstanceKey": parent[0],
            "parentElementInstanceKey": parent[1],
            "tenantId": TENANT,
        }
        inst: Row = {
            "key": key,
            "elementId": element.id,
            "type": kind,
            "state": ACTIVATING,
            "flowScopeKey": value["flowScopeKey"],
            "processInstanceKey": pi_key,
            "pdk": pdk,
            "tokens": 0,
            "v": value,
        }
        return inst

    def transition(self, inst: Row, intent: str) -> None:
        inst["state"] = intent
        self.write("PROCESS_INSTANCE", intent, inst["key"], inst["v"])

    # -- activation ------------------------------------------------------------------------------

    def take_flow(self, inst: Row, flow: m.SequenceFlow, trigger: dict[str, Any] | None = None) -> None:
        scope = self.scope_of(inst)
        assert scope is not None
        value = dict(inst["v"])
        value["elementId"] = flow.id
        value["bpmnElementType"] = m.SEQUENCE_FLOW
        value["bpmnEventType"] = m.UNSPECIFIED
        self.write("PROCESS_INSTANCE", "SEQUENCE_FLOW_TAKEN", self.new_key(), value)
        scope["tokens"] += 1
        scope.setdefault("inflight", []).append(flow.id)
        self.save(scope)
        scope_key = scope["key"]
        self.enqueue(lambda: self._arrive(scope_key, flow, trigger))

    def _arrive(self, scope_key: int, flow: m.SequenceFlow, trigger: dict[str, Any] | None) -> None:
        scope = self.instance(scope_key)
        if scope is None:
            return
        inflight = scope.get("inflight")
        if inflight and flow.id in inflight:
            inflight.remove(flow.id)
        if scope["state"] != ACTIVATED or scope.get("interrupted"):
            self.token_gone(scope)
            return
        target = self.process_of(scope).elements[flow.target]
        if target.type in (m.PARALLEL_GATEWAY, m.INCLUSIVE_GATEWAY) and len(target.incoming) > 1:
            from engine.runtime.elements.gateways import arrive_at_join

            arrive_at_join(self, scope, target, flow)
            return
        self.activate(scope, target, trigger)

    def start_element(self, scope: Row, element: m.Element, trigger: dict[str, Any] | None = None) -> None:
        """Activate ``element`` in ``scope`` without a sequence flow (start, boundary, link events)."""
        scope["tokens"] += 1
        self.save(scope)
        scope_key = scope["key"]

        def run() -> None:
            current = self.instance(scope_key)
            if current is None:
                return
            if current["state"] not in (ACTIVATED, ACTIVATING):
                self.token_gone(current)
                return
            self.activate(current, element, trigger)

        self.enqueue(run)

    def activate(self, scope: Row, element: m.Element, trigger: dict[str, Any] | None = None) -> Row:
        """Create the instance (ELEMENT_ACTIVATING) and run its activation step. The token is counted."""
        inner = scope["type"] == m.MULTI_INSTANCE_BODY and scope["elementId"] == element.id
        kind = m.MULTI_INSTANCE_BODY if element.loop is not None and not inner else None
        inst = self.new_instance(element, scope, element_type=kind)
        if trigger:
            compensation_key = trigger.pop("compensation", None)
            if compensation_key is not None:
                inst["compensation"] = compensation_key
            inst["trigger"] = trigger
        self.save(inst)
        self.transition(inst, ACTIVATING)
        if element.for_compensation and inst.get("compensation") is not None:
            from engine.runtime.compensation import handler_activated

            handler_activated(self, inst, inst["compensation"])
        loop_state = trigger.pop("loop", None) if inner and trigger else None
        if loop_state is not None:
            from engine.runtime.elements.multi_instance import set_loop_variables

            set_loop_variables(self, inst, element, loop_state)
        if not inner and self._loops_without_wait_state(scope["key"], element.id):
            from engine.runtime.incidents import create_incident

            create_incident(
                self,
                inst,
                StepFailure(
                    "UNKNOWN",
                    f"元素 '{element.id}' 在一次处理中被激活超过 {MAX_ACTIVATIONS_PER_SCOPE} 次：流程在没有"
                    "等待状态的循环中运行（顺序流、链接或信号构成的环），已在此停止",
                ),
            )
            return inst
        self.run_activation(inst)
        return inst

    def _loops_without_wait_state(self, scope_key: int, element_id: str) -> bool:
        count = self.activations.get((scope_key, element_id), 0) + 1
        self.activations[(scope_key, element_id)] = count
        return count > MAX_ACTIVATIONS_PER_SCOPE

    def run_activation(self, inst: Row) -> None:
        element = self.element_of(inst)
        try:
            from engine.runtime import listeners

            if element.listeners and listeners.pending(inst, element, listeners.START):
                # input mappings first, then the start listeners, then the element itself
                if not inst.get("inputsApplied"):
                    from engine.runtime.variables import apply_inputs

                    apply_inputs(self, inst, element)
                    inst["inputsApplied"] = True
                    self.save(inst)
                if inst.get("jobKey") is None:
                    listeners.run_next(self, inst, element, listeners.START)
                return
            self.processor(element, inst).on_activate(self, inst, element)
        except StepFailure as failure:
            from engine.runtime.incidents import create_incident

            create_incident(self, inst, failure)
        except BudgetExceeded as exceeded:
            from engine.runtime.incidents import create_incident

            create_incident(self, inst, budget_failure(exceeded, element.id))

    def activated(self, inst: Row) -> None:
        self.transition(inst, ACTIVATED)
        self.save(inst)

    # -- completion ------------------------------------------------------------------------------

    def complete(self, inst: Row) -> None:
        """Queue the completion of an activated element (like Zeebe's COMPLETE_ELEMENT command)."""
        key = inst["key"]

        def run() -> None:
            current = self.instance(key)
            if current is None or current["state"] != ACTIVATED:
                return
            self.transition(current, COMPLETING)
            self.save(current)
            self.run_completion(current)

        self.enqueue(run)

    def run_completion(self, inst: Row) -> None:
        element = self.element_of(inst)
        try:
            self.processor(element, inst).on_complete(self, inst, element)
        except StepFailure as failure:
            from engine.runtime.incidents import create_incident

            create_incident(self, inst, failure)
        except BudgetExceeded as exceeded:
            from engine.runtime.incidents import create_incident

            create_incident(self, inst, budget_failure(exceeded, element.id))

    def completed(
        self,
        inst: Row,
        flows: tuple[m.SequenceFlow, ...] | None = None,
        trigger: dict[str, Any] | None = None,
    ) -> None:
        """Write ELEMENT_COMPLETED, remove the instance and continue: outgoing flows or scope end."""
        element = self.element_of(inst)
        from engine.runtime import listeners

        if element.listeners and listeners.pending(inst, element, listeners.END):
            # the end listeners run first; they resume the completion when the last one is done
            inst["completionPending"] = {
                "flows": None if flows is None else [f.id for f in flows],
                "trigger": trigger,
            }
            self.save(inst)
            if inst.get("jobKey") is None:
                listeners.run_next(self, inst, element, listeners.END)
            return
        scope = self.scope_of(inst)
        finish_ad_hoc = False
        if scope is not None and scope["type"] == m.AD_HOC_SUB_PROCESS and scope["state"] == ACTIVATED:
            from engine.runtime.elements.ad_hoc import completion_condition_met

            finish_ad_hoc = completion_condition_met(self, scope)
        inner = (
            scope is not None
            and scope["type"] == m.MULTI_INSTANCE_BODY
            and inst["type"] != m.MULTI_INSTANCE_BODY
        )
        if inner:
            from engine.runtime.elements.multi_instance import collect

            assert scope is not None
            collect(self, scope, inst)
        self.close_attachments(inst)
        self.transition(inst, COMPLETED)
        if scope is not None and (element.is_activity or element.compensation_boundary):
            from engine.runtime.compensation import activity_completed

            # each completed instance of a multi-instance activity is compensable on its own
            compensation_scope = self.scope_of(scope) if inner else scope
            if compensation_scope is not None:
                activity_completed(self, inst, element, compensation_scope)
        if scope is None:
            from engine.runtime.elements.containers import process_ended

            process_ended(self, inst, completed=True)
            self.remove(inst)
            return
        self.remove(inst)
        if inner:
            from engine.runtime.elements.multi_instance import inner_completed

            scope["tokens"] -= 1
            self.save(scope)
            inner_completed(self, scope, inst)
            return
        if flows is None:
            process = self.process_of(inst)
            flows = tuple(process.flows[f] for f in element.outgoing)
        for flow in flows:
            self.take_flow(inst, flow, trigger)
        compensation_key = inst.get("compensation")
        if compensation_key is not None:
            from engine.runtime import compensation

            if element.type == m.BOUNDARY_EVENT:
                compensation.boundary_completed(self, scope, compensation_key)
            else:
                compensation.handler_completed(self, compensation_key)
        if element.type == m.INTERMEDIATE_THROW_EVENT and element.event_type == m.LINK:
            from engine.runtime.elements.events import follow_link

            follow_link(self, scope, element)
        if finish_ad_hoc:
            from engine.runtime.elements.ad_hoc import finish_early

            finish_early(self, scope)
        self.token_gone(scope)

    def token_gone(self, scope: Row) -> None:
        """One token of ``scope`` ended; finish the scope when none is left."""
        scope["tokens"] -= 1
        self.save(scope)
        if scope["tokens"] > 0:
            if scope.get("joins") and scope["state"] == ACTIVATED:
                from engine.runtime.elements.gateways import recheck_joins

                recheck_joins(self, scope)
            return
        after = scope.pop("onChildrenTerminated", None)
        if after is not None:
            self.save(scope)
            self.run_action(scope, after)
            return
        if scope["state"] == TERMINATING:
            self.terminated(scope)
        elif scope["state"] == ACTIVATED and scope["type"] != m.MULTI_INSTANCE_BODY:
            self.complete(scope)

    # -- termination -----------------------------------------------------------------------------

    def terminate(self, inst: Row) -> None:
        if inst["state"] in (TERMINATING, COMPLETED, TERMINATED):
            return
        self.transition(inst, TERMINATING)
        self.save(inst)
        self.close_attachments(inst)
        from engine.runtime.incidents import resolve_incidents_of

        resolve_incidents_of(self, inst["key"])
        element = self.element_of(inst)
        self.processor(element, inst).on_terminate(self, inst, element)

    def terminate_children(self, inst: Row) -> bool:
        """Terminate every child of ``inst``; False when there was nothing to wait for."""
        joins = inst.pop("joins", None)
        if joins:
            waiting = sum(sum(counts.values()) for counts in joins.values())
            inst["tokens"] -= waiting
            self.save(inst)
        children = self.children_of(inst["key"])
        for child in children:
            self.terminate(child)
        current = self.instance(inst["key"])
        return current is not None and current["tokens"] > 0

    def terminated(self, inst: Row) -> None:
        self.transition(inst, TERMINATED)
        scope = self.scope_of(inst)
        after = inst.get("afterTerminate")
        if scope is None:
            from engine.runtime.elements.containers import process_ended

            process_ended(self, inst, completed=False)
            self.remove(inst)
            return
        self.remove(inst)
        if after is not None:
            self.run_action(scope, after)
        if (
            scope["type"] == m.MULTI_INSTANCE_BODY
            and scope["state"] == ACTIVATED
            and inst["type"] != m.MULTI_INSTANCE_BODY
        ):
            from engine.runtime.elements.multi_instance import inner_terminated

            scope["tokens"] -= 1
            self.save(scope)
            inner_terminated(self, scope, inst)
            return
        self.token_gone(scope)

    def run_action(self, scope: Row, action: dict[str, Any]) -> None:
        """Deferred work once an interrupted element or scope has been terminated."""
        process = self.process_of(scope)
        kind = action["do"]
        if kind == "activate":
            self.start_element(scope, process.elements[action["element"]], action.get("trigger"))
        elif kind == "terminate" and scope["state"] == ACTIVATED:
            self.terminate(scope)

    # -- bookkeeping -----------------------------------------------------------------------------

    def remove(self, inst: Row) -> None:
        self.state.delete("elements", inst["key"])
        from engine.runtime.variables import drop_scope

        drop_scope(self, inst["key"])

    def close_attachments(self, inst: Row) -> None:
        """Close what an element instance holds open: job, timers, subscriptions, user task."""
        from engine.runtime.attachments import close_all

        close_all(self, inst)

    def ancestors(self, inst: Row) -> Iterator[Row]:
        current: Row | None = inst
        while current is not None:
            yield current
            current = self.scope_of(current)
