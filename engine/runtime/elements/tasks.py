"""Tasks: job workers (service, send, job-based script/business-rule/user tasks, message throw
events), FEEL script tasks, DMN business-rule tasks, receive tasks and pass-through tasks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.runtime import expressions as ex
from engine.runtime import jobs
from engine.runtime import variables as var
from engine.runtime.attachments import catch_elements_of, open_subscriptions
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class PassThroughTaskProcessor(ElementProcessor):
    """Manual and undefined tasks: nothing to wait for."""

    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        self.subscribe(p, inst, element)
        p.activated(inst)
        p.complete(inst)


class JobTaskProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        definition = element.job
        assert definition is not None
        context = var.visible(p, inst)
        job_type = ex.string(definition.type, context)
        retries = ex.integer(definition.retries, context)
        headers = dict(definition.headers)
        if element.user_task is not None:
            headers.update(_user_task_headers(element.user_task, context))
        self.subscribe(p, inst, element)
        p.activated(inst)
        jobs.create_job(p, inst, job_type, retries, headers)


def _user_task_headers(task: m.UserTaskDefinition, context: Any) -> dict[str, str]:
    headers: dict[str, str] = {}
    assignee = ex.optional_string(task.assignee, context)
    if assignee:
        headers["io.camunda.zeebe:assignee"] = assignee
    groups = ex.string_list(task.candidate_groups, context)
    if groups:
        headers["io.camunda.zeebe:candidateGroups"] = json.dumps(groups)
    users = ex.string_list(task.candidate_users, context)
    if users:
        headers["io.camunda.zeebe:candidateUsers"] = json.dumps(users)
    for name, expression in (("dueDate", task.due_date), ("followUpDate", task.follow_up_date)):
        value = ex.optional_string(expression, context)
        if value:
            headers[f"io.camunda.zeebe:{name}"] = value
    return headers


class ScriptTaskProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        script = element.script
        assert script is not None
        value = script.expression.evaluate(var.visible(p, inst))
        self.subscribe(p, inst, element)
        inst["result"] = {script.result_variable: value}
        p.activated(inst)
        p.complete(inst)


class DecisionTaskProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        from engine.runtime.decisions import evaluate_called_decision

        var.apply_inputs(p, inst, element)
        called = element.called_decision
        assert called is not None
        context = var.visible(p, inst)
        decision_id = ex.string(called.decision_id, context)
        output = evaluate_called_decision(p, inst, decision_id, context)
        self.subscribe(p, inst, element)
        inst["result"] = {called.result_variable: output}
        p.activated(inst)
        p.complete(inst)


class ReceiveTaskProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        var.apply_inputs(p, inst, element)
        catch = (
            [element, *catch_elements_of(p, inst, element)] if inst["type"] != m.MULTI_INSTANCE_BODY else []
        )
        if element.message is None:
            raise StepFailure("EXTRACT_VALUE_ERROR", f"Receive task '{element.id}' has no message")
        open_subscriptions(p, inst, catch)
        p.activated(inst)
