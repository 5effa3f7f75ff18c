"""Camunda user tasks (``zeebe:userTask``): the engine holds the task until it is completed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.bpmn import model as m
from engine.bpmn.expression import Expression
from engine.bpmn.timers import TimerValueError, parse_date
from engine.runtime import expressions as ex
from engine.runtime import variables as var
from engine.runtime.elements.base import ElementProcessor
from engine.runtime.processing import StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row


class UserTaskProcessor(ElementProcessor):
    def on_activate(self, p: Processing, inst: Row, element: m.Element) -> None:
        from engine.runtime.user_tasks import create

        var.apply_inputs(p, inst, element)
        task = element.user_task
        assert task is not None
        context = var.visible(p, inst)
        priority = 50
        if task.priority is not None:
            priority = ex.integer(task.priority, context)
            if not 0 <= priority <= 100:
                raise StepFailure(
                    "EXTRACT_VALUE_ERROR",
                    f"Expected priority to be in the range [0,100], but was '{priority}'.",
                )
        form_key: str | int = task.form_key or ""
        if task.form_id:
            form = p.registry.latest_form(task.form_id)
            if form is None:
                raise StepFailure(
                    "FORM_NOT_FOUND",
                    f"Expected to find a form with id '{task.form_id}', but no form with this id is found, "
                    "at least a form with this id should be available.",
                )
            form_key = int(form["key"])
        attributes = {
            "assignee": ex.optional_string(task.assignee, context) or "",
            "candidateGroupsList": ex.string_list(task.candidate_groups, context),
            "candidateUsersList": ex.string_list(task.candidate_users, context),
            "dueDate": _date_time(task.due_date, context),
            "followUpDate": _date_time(task.follow_up_date, context),
            "formKey": form_key,
            "externalFormReference": ex.optional_string(task.external_reference, context) or "",
            "priority": priority,
        }
        self.subscribe(p, inst, element)
        p.activated(inst)
        create(p, inst, attributes)


def _date_time(expression: Expression | None, context: Mapping[str, Any]) -> str:
    """Due and follow-up dates must be ISO date-times with an offset or zone."""
    text = ex.optional_string(expression, context) or ""
    if text:
        try:
            parse_date(text)
        except TimerValueError as exc:
            assert expression is not None
            raise StepFailure(
                "EXTRACT_VALUE_ERROR",
                f"Expected result of the expression '{expression.source.lstrip('=').strip()}' to be a valid "
                f"date-time string, but was '{text}'",
            ) from exc
    return text
