"""Parsing tasks: service-like tasks, scripts, decisions, user tasks, receive tasks, call activities."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from engine.bpmn import model as m
from engine.bpmn.expression import Expression, compile_expression
from engine.bpmn.parsing_base import ParserBase, Z, local_name

USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask"


class TaskParsing(ParserBase):
    def _task(self, el: Any, element: m.Element) -> m.Element:
        element = self._common(el, element)
        eid = element.id
        kind = element.type
        if kind in (m.SERVICE_TASK, m.SEND_TASK):
            element = self._job(el, element)
        elif kind == m.SCRIPT_TASK:
            script = self._one(el, "script")
            if script is not None:
                where = f"{eid} > extensionElements > script"
                expression = self._feel(where, script.get("expression") or "")
                result = script.get("resultVariable")
                if not result:
                    self.problems.add(where, "Attribute 'resultVariable' must be present and not empty")
                elif expression is not None:
                    element = replace(element, script=m.Script(expression, result))
            else:
                element = self._job(el, element)
        elif kind == m.BUSINESS_RULE_TASK:
            decision = self._one(el, "calledDecision")
            if decision is not None:
                where = f"{eid} > extensionElements > calledDecision"
                decision_id = self._expr(where, decision.get("decisionId"))
                result = decision.get("resultVariable")
                if decision_id is None or not decision.get("decisionId"):
                    self.problems.add(where, "Attribute 'decisionId' must be present and not empty")
                elif not result:
                    self.problems.add(where, "Attribute 'resultVariable' must be present and not empty")
                else:
                    binding = self._binding(where, decision)
                    element = replace(
                        element,
                        called_decision=m.CalledDecision(
                            decision_id, result, binding, decision.get("versionTag") or None
                        ),
                    )
            else:
                element = self._job(el, element)
        elif kind == m.USER_TASK:
            element = self._user_task(el, element)
        elif kind == m.RECEIVE_TASK:
            element = replace(element, message=self._message_ref(el, el.get("messageRef"), eid, catch=True))
        elif kind == m.CALL_ACTIVITY:
            called = self._one(el, "calledElement")
            where = f"{eid} > extensionElements"
            if called is None or not called.get("processId"):
                self.problems.add(where, "Must have exactly one 'zeebe:calledElement' extension element")
            else:
                process_id = self._expr(where + " > calledElement", called.get("processId"))
                binding = self._binding(where + " > calledElement", called)
                if process_id is not None:
                    element = replace(
                        element,
                        called_element=m.CalledElement(
                            process_id,
                            called.get("propagateAllParentVariables", "true") != "false",
                            called.get("propagateAllChildVariables", "true") != "false",
                            binding,
                            called.get("versionTag") or None,
                        ),
                    )
        return element

    def _user_task(self, el: Any, element: m.Element) -> m.Element:
        eid = element.id
        where = f"{eid} > extensionElements"
        native = self._one(el, "userTask") is not None
        assignment = self._one(el, "assignmentDefinition")
        schedule = self._one(el, "taskSchedule")
        priority = self._one(el, "priorityDefinition")
        form = self._one(el, "formDefinition")

        def attr(node: Any, name: str) -> Expression | None:
            if node is None or not node.get(name):
                return None
            return self._expr(f"{where} > {local_name(node.tag)}", node.get(name))

        form_key = form.get("formKey") if form is not None else None
        form_id = form.get("formId") if form is not None else None
        definition = m.UserTaskDefinition(
            native=native,
            assignee=attr(assignment, "assignee"),
            candidate_groups=attr(assignment, "candidateGroups"),
            candidate_users=attr(assignment, "candidateUsers"),
            due_date=attr(schedule, "dueDate"),
            follow_up_date=attr(schedule, "followUpDate"),
            priority=attr(priority, "priority"),
            form_key=form_key or None,
            form_id=form_id or None,
            external_reference=attr(form, "externalReference"),
            form_binding_type=self._binding(f"{where} > formDefinition", form)
            if form is not None
            else "latest",
            form_version_tag=(form.get("versionTag") or None) if form is not None else None,
            listeners=self._task_listeners(el, eid) if native else (),
        )
        if (
            form is not None
            and sum(bool(form.get(a)) for a in ("formKey", "formId", "externalReference")) != 1
        ):
            self.problems.add(
                f"{where} > formDefinition",
                "Exactly one of the attributes 'formKey', 'formId' or 'externalReference' must be present",
            )
        element = replace(element, user_task=definition)
        if not native:
            headers = {}
            if form_key:
                headers["io.camunda.zeebe:formKey"] = form_key
            retries = compile_expression("3")
            job_type = compile_expression(USER_TASK_JOB_TYPE)
            assert retries is not None and job_type is not None
            element = replace(element, job=m.JobDefinition(job_type, retries, MappingProxyType(headers)))
        return element

    def _task_listeners(self, el: Any, eid: str) -> tuple[m.TaskListener, ...]:
        out = []
        where = f"{eid} > extensionElements > taskListeners"
        for group in self._zeebe(el, "taskListeners"):
            for listener in group.findall(Z + "taskListener"):
                event_type = listener.get("eventType") or ""
                if event_type == "canceling":
                    self.problems.add(
                        where, "Task listeners of event type 'canceling' are not supported by this engine"
                    )
                    continue
                if event_type not in ("creating", "assigning", "updating", "completing"):
                    self.problems.add(where, f"Task listener event type '{event_type}' is not supported")
                    continue
                if not (listener.get("type") or "").strip():
                    self.problems.add(where, "Attribute 'type' must be present and not empty")
                    continue
                job_type = self._expr(where, listener.get("type"))
                retries = self._expr(where, listener.get("retries") or "3")
                if job_type is not None and retries is not None:
                    out.append(m.TaskListener(event_type, job_type, retries))
        return tuple(out)
