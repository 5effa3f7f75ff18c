"""User tasks: search (with variable filters), get, assign, unassign, update, complete, the task's
variables and its linked form."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key, variables_of
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import TENANT, Projection
from engine.gateway.rest.record_view import present, present_page
from engine.gateway.rest.search import search
from engine.gateway.rest.user_task_variables import VARIABLE_FILTERS, task_variables, variable_filters
from engine.gateway.rest.visibility import viewer_of
from engine.identity.policy import Listing
from engine.runtime import errors

USER_TASK_FILTERS = frozenset(
    {
        "userTaskKey",
        "state",
        "assignee",
        "elementId",
        "elementInstanceKey",
        "candidateGroup",
        "candidateUser",
        "processDefinitionId",
        "processDefinitionKey",
        "processInstanceKey",
        "priority",
        "dueDate",
        "followUpDate",
        "creationDate",
        "completionDate",
        "name",
        "tenantId",
        "localVariables",
        "processInstanceVariables",
    }
)


_ALIASES = {"candidateGroup": "candidateGroups", "candidateUser": "candidateUsers"}
_VARIABLE_FILTERS = frozenset({"localVariables", "processInstanceVariables"})
"""The user task search's variable filters (``variable_filters``), searched over the items."""


def routes(ctx: RestContext) -> list[Route]:
    engine = ctx.engine

    async def user_task_view(task_key: int) -> dict[str, Any]:
        task = await ctx.current(lambda p: p.user_tasks.get(task_key))
        if task is None:
            raise errors.NotFound(f"Expected to find user task with key '{task_key}', but none found")
        return dict(task)

    async def search_user_tasks(request: Request) -> Response:
        body = await json_body(request)
        viewer = viewer_of(request, Listing.USER_TASK)

        def found(p: Projection) -> dict[str, Any]:
            if viewer.sees_everything:
                answer = sql_search(
                    p.user_tasks,
                    body,
                    filterable=USER_TASK_FILTERS,
                    aliases=_ALIASES,
                    extra=_VARIABLE_FILTERS,
                )
                if answer is not None:
                    return answer
            return search(
                viewer.keep(candidates(p.user_tasks, body, aliases=_ALIASES, within=viewer.task_sql())),
                body,
                filterable=USER_TASK_FILTERS,
                aliases=_ALIASES,
                extra_filters=variable_filters(p),
            )

        return JSONResponse(present_page(await ctx.current(found)))

    async def get_user_task(request: Request) -> Response:
        task_key = path_key(request, "key")
        return JSONResponse(present(await user_task_view(task_key)))

    async def search_user_task_variables(request: Request) -> Response:
        task_key = path_key(request, "key")
        body = await json_body(request)

        # the task and its variables in one read of the history: a task list makes this call
        # once per row
        def found(p: Projection) -> list[dict[str, Any]] | None:
            task = p.user_tasks.get(task_key)
            return None if task is None else task_variables(p, task)

        variables = await ctx.current(found)
        if variables is None:
            raise errors.NotFound(f"Expected to find user task with key '{task_key}', but none found")
        return JSONResponse(present_page(search(variables, body, filterable=VARIABLE_FILTERS)))

    async def assign_user_task(request: Request) -> Response:
        task_key = path_key(request, "key")
        body = await json_body(request, required=True)
        assignee = body.get("assignee")
        if not isinstance(assignee, str) or not assignee.strip():
            raise BadRequest("assignee must be a non-empty string")
        allow_override = body.get("allowOverride", True) is not False

        holder = (await user_task_view(task_key))["assignee"]
        if holder and holder != assignee and not allow_override:
            raise errors.FailedPrecondition(
                f"Expected to assign user task '{task_key}' to '{assignee}', but it is assigned to "
                f"'{holder}' and allowOverride is false"
            )
        await ctx.call(lambda: engine.assign_user_task(task_key, assignee))
        return Response(status_code=204)

    async def unassign_user_task(request: Request) -> Response:
        task_key = path_key(request, "key")
        await ctx.call(lambda: engine.unassign_user_task(task_key))
        return Response(status_code=204)

    async def complete_user_task(request: Request) -> Response:
        task_key = path_key(request, "key")
        body = await json_body(request)
        variables = variables_of(body)
        action = body.get("action")
        await ctx.call(lambda: engine.complete_user_task(task_key, variables=variables, action=action))
        return Response(status_code=204)

    async def update_user_task(request: Request) -> Response:
        task_key = path_key(request, "key")
        body = await json_body(request, required=True)
        changes = body.get("changeset") or {}
        if not isinstance(changes, dict):
            raise BadRequest("changeset must be a JSON object")
        await ctx.call(lambda: engine.update_user_task(task_key, changes))
        return Response(status_code=204)

    async def get_user_task_form(request: Request) -> Response:
        task_key = path_key(request, "key")
        form_key = (await user_task_view(task_key))["formKey"]
        # Only a linked (deployed) form has a key; custom form keys and external references don't.
        if form_key is None:
            return Response(status_code=204)
        forms = await ctx.call(engine.form_definitions)
        form = next((f for f in forms if str(f["key"]) == form_key), None)
        if form is None:
            raise errors.NotFound(f"Expected to find form with key '{form_key}', but none found")
        return JSONResponse(
            {
                "tenantId": form.get("tenantId") or TENANT,
                "formId": form["formId"],
                "schema": form["resource"],
                "version": form["version"],
                "formKey": str(form["key"]),
            }
        )

    return [
        Route("/v2/user-tasks/search", handled(search_user_tasks), methods=["POST"]),
        Route("/v2/user-tasks/{key}", handled(get_user_task), methods=["GET"]),
        Route("/v2/user-tasks/{key}", handled(update_user_task), methods=["PATCH"]),
        Route("/v2/user-tasks/{key}/assignment", handled(assign_user_task), methods=["POST"]),
        Route("/v2/user-tasks/{key}/assignee", handled(unassign_user_task), methods=["DELETE"]),
        Route("/v2/user-tasks/{key}/completion", handled(complete_user_task), methods=["POST"]),
        Route("/v2/user-tasks/{key}/form", handled(get_user_task_form), methods=["GET"]),
        Route("/v2/user-tasks/{key}/variables/search", handled(search_user_task_variables), methods=["POST"]),
    ]
