"""Parsing events: start, end, intermediate and boundary events with their event definitions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from engine.bpmn import model as m
from engine.bpmn.cron import parse_time_cycle
from engine.bpmn.parsing_base import B, ParserBase, local_name
from engine.bpmn.timers import TimerValueError, parse_date, parse_duration

_UNSUPPORTED_EVENT_DEFINITIONS = {
    "conditionalEventDefinition",
    "cancelEventDefinition",
}
_EVENT_DEFINITIONS = {
    "timerEventDefinition": m.TIMER,
    "messageEventDefinition": m.MESSAGE,
    "errorEventDefinition": m.ERROR,
    "escalationEventDefinition": m.ESCALATION,
    "signalEventDefinition": m.SIGNAL,
    "terminateEventDefinition": m.TERMINATE,
    "linkEventDefinition": m.LINK,
    "compensateEventDefinition": m.COMPENSATION,
}


class EventParsing(ParserBase):
    def _event(self, el: Any, kind: str, scope: str) -> m.Element | None:
        eid = el.get("id")
        element = m.Element(id=eid, type=kind, name=el.get("name"), flow_scope=scope)
        element = self._common(el, element)
        definitions = [d for d in el if local_name(d.tag).endswith("EventDefinition")]
        for d in definitions:
            if local_name(d.tag) in _UNSUPPORTED_EVENT_DEFINITIONS:
                self.problems.add(eid, f"Elements of type '{local_name(d.tag)}' are currently not supported")
                return element
        if len(definitions) > 1:
            self.problems.add(
                eid,
                "Event definition must be one of: message, timer, error, signal, escalation, "
                "terminate, link (found more than one)",
            )
            return element
        event_type = (
            m.NONE if not definitions else _EVENT_DEFINITIONS.get(local_name(definitions[0].tag), m.NONE)
        )
        element = replace(element, event_type=event_type)
        if kind == m.BOUNDARY_EVENT:
            element = replace(
                element,
                attached_to=el.get("attachedToRef"),
                cancel_activity=el.get("cancelActivity", "true") != "false",
            )
            if event_type == m.NONE:
                self.problems.add(eid, "Boundary events must have an event definition")
        if kind == m.START_EVENT:
            element = replace(element, cancel_activity=el.get("isInterrupting", "true") != "false")
        if kind == m.INTERMEDIATE_CATCH_EVENT and event_type == m.NONE:
            self.problems.add(eid, "Intermediate catch events must have an event definition")
        if not definitions:
            if kind in (m.END_EVENT, m.INTERMEDIATE_THROW_EVENT):
                element = self._job(el, element, required=False)
            return element
        d = definitions[0]
        catching = kind in (m.START_EVENT, m.INTERMEDIATE_CATCH_EVENT, m.BOUNDARY_EVENT)
        if event_type == m.TIMER:
            nested_start = kind == m.START_EVENT and scope != self.process_id
            element = replace(element, timer=self._timer(eid, d, kind, element.cancel_activity, nested_start))
        elif event_type == m.MESSAGE:
            if catching:
                element = replace(
                    element,
                    message=self._message_ref(
                        el, d.get("messageRef"), eid, catch=kind != m.START_EVENT or scope != self.process_id
                    ),
                )
            else:
                element = self._job(el, element)
        elif event_type == m.ERROR:
            ref = d.get("errorRef")
            code = self.errors.get(ref) if ref else None
            if ref and ref not in self.errors:
                self.problems.add(eid, f"Referenced error '{ref}' does not exist")
            if not catching and not code:
                self.problems.add(eid, "ErrorCode must be present and not empty")
            thrown = self._expr(eid, code) if not catching and code else None
            element = replace(element, error_code=code, thrown_code=thrown)
        elif event_type == m.ESCALATION:
            ref = d.get("escalationRef")
            code = self.escalations.get(ref) if ref else None
            if not catching and not code:
                self.problems.add(eid, "EscalationCode must be present and not empty")
            thrown = self._expr(eid, code) if not catching and code else None
            element = replace(element, escalation_code=code, thrown_code=thrown)
        elif event_type == m.SIGNAL:
            ref = d.get("signalRef")
            name = self.signals.get(ref) if ref else None
            if not name:
                self.problems.add(eid, "Must reference a signal with a non-empty name")
            else:
                element = replace(element, signal_name=self._expr(eid, name))
        elif event_type == m.COMPENSATION:
            element = replace(element, compensation_activity=d.get("activityRef") or None)
        elif event_type == m.LINK:
            link_name = d.get("name")
            if not link_name:
                self.problems.add(eid, "Link events must have a name")
            element = replace(element, link_name=link_name)
            if kind == m.INTERMEDIATE_CATCH_EVENT and link_name:
                key = (scope, link_name)
                if key in self.link_catches:
                    self.problems.add(
                        eid,
                        "Multiple intermediate catch link events with the same name "
                        f"'{link_name}' are not allowed",
                    )
                self.link_catches[key] = eid
        return element

    def _timer(
        self, eid: str, d: Any, kind: str, cancel_activity: bool, nested_start: bool
    ) -> m.TimerDefinition | None:
        for tag, timer_kind, check in (
            ("timeDuration", "duration", parse_duration),
            ("timeDate", "date", parse_date),
            ("timeCycle", "cycle", parse_time_cycle),
        ):
            node = d.find(B + tag)
            if node is None:
                continue
            text = (node.text or "").strip()
            where = f"{eid}"
            if not text:
                self.problems.add(where, f"Timer {tag} must not be empty")
                return None
            expression = self._expr(where, text)
            if expression is None:
                return None
            if expression.is_static:
                validate: Callable[[str], object] = check
                try:
                    validate(text)
                except TimerValueError as exc:
                    # Zeebe's TimerCatchEventExpressionValidator wraps ExpressionProcessor's failure,
                    # which names the expression after a date or duration that does not parse
                    detail = f"{exc} for expression '{text}'." if timer_kind != "cycle" else str(exc)
                    self.problems.add(where, f"Invalid timer {timer_kind} expression ({detail})")
                    return None
            if timer_kind == "cycle" and cancel_activity and (kind == m.BOUNDARY_EVENT or nested_start):
                self.problems.add(where, "Interrupting timer event with time cycle is not allowed")
            if timer_kind == "cycle" and kind == m.INTERMEDIATE_CATCH_EVENT:
                self.problems.add(where, "Intermediate timer catch events must not have a time cycle")
            return m.TimerDefinition(timer_kind, expression)
        self.problems.add(eid, "Must have exactly one of timeDuration, timeDate or timeCycle")
        return None
