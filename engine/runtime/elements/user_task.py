"""Camunda user tasks (``zeebe:userTask``): the engine holds the task until it is completed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.bpmn import model as m
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
        form_key = task.form_key or ""
        if task.form_id:
            form = p.registry.latest_form(task.form_id)
            if form is None:
                raise StepFailure(
                    "FORM_NOT_FOUND",
                    f"Expected to find a form with id '{task.form_id}', but no form with this id is found, "
                    "at least a form with this id should be available.",
                )
            form_key = str(form["key"])
        attributes = {
            "assignee": ex.optional_string(task.assignee, context) or "",
            "candidateGroupsList": ex.string_list(task.candidate_groups, context),
            "candidateUsersList": ex.string_list(task.candidate_users, context),
            "dueDate": ex.optional_string(task.due_date, context) or "",
            "followUpDate": ex.optional_string(task.follow_up_date, context) or "",
            "formKey": form_key,
            "externalFormReference": ex.optional_string(task.external_reference, context) or "",
            "priority": priority,
        }
        self.subscribe(p, inst, element)
        p.activated(inst)
        create(p, inst, attributes)
