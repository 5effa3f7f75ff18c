"""The REST routes: user tasks and their forms, incidents, process and element instances, jobs,
variables, the engine clock and topology."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.engine_host import EngineHost
from engine.gateway.grpc_service import GATEWAY_VERSION
from engine.gateway.rest.auth import BearerTokenMiddleware
from engine.gateway.rest.clock import pinned_epoch
from engine.gateway.rest.limits import RequestLimits
from engine.gateway.rest.problems import BadRequest, problem, problem_for
from engine.gateway.rest.projection import TENANT, Projection
from engine.gateway.rest.search import search
from engine.runtime import MappingInstruction, errors

T = TypeVar("T")
Endpoint = Callable[[Request], Awaitable[Response]]

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
    }
)
INCIDENT_FILTERS = frozenset(
    {
        "incidentKey",
        "processDefinitionId",
        "processDefinitionKey",
        "processInstanceKey",
        "errorType",
        "errorMessage",
        "elementId",
        "elementInstanceKey",
        "jobKey",
        "state",
        "creationTime",
        "tenantId",
    }
)
PROCESS_INSTANCE_FILTERS = frozenset(
    {
        "processInstanceKey",
        "processDefinitionId",
        "processDefinitionName",
        "processDefinitionVersion",
        "processDefinitionKey",
        "parentProcessInstanceKey",
        "parentElementInstanceKey",
        "startDate",
        "endDate",
        "state",
        "hasIncident",
        "tenantId",
    }
)
ELEMENT_INSTANCE_FILTERS = frozenset(
    {
        "processDefinitionId",
        "state",
        "type",
        "elementId",
        "elementName",
        "hasIncident",
        "tenantId",
        "elementInstanceKey",
        "processInstanceKey",
        "processDefinitionKey",
        "incidentKey",
        "startDate",
        "endDate",
    }
)
VARIABLE_FILTERS = frozenset(
    {"variableKey", "name", "value", "scopeKey", "processInstanceKey", "tenantId", "isTruncated"}
)


async def _json_body(request: Request, *, required: bool = False) -> Any:
    raw = await request.body()
    if not raw.strip():
        if required:
            raise BadRequest("the request needs a JSON body")
        return {}
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadRequest(f"the request body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    return body


def _path_key(request: Request, name: str) -> int:
    raw = request.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a numeric key, got {raw!r}") from None


def _variables_of(body: dict[str, Any]) -> dict[str, Any]:
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise BadRequest("variables must be a JSON object")
    return variables


def _migration_plan(body: dict[str, Any]) -> tuple[int, list[MappingInstruction]]:
    """The target definition and mapping of a migration request (keys may come as strings), checked
    as the REST gateway's request validator does: every violation named, in one 400."""
    violations: list[str] = []
    raw_key = body.get("targetProcessDefinitionKey")
    target = _optional_key(raw_key)
    if raw_key is None:
        violations.append("No targetProcessDefinitionKey provided")
    elif target is None:
        violations.append(
            f"The value for targetProcessDefinitionKey is '{raw_key}' but must be a numeric key"
        )
    instructions = body.get("mappingInstructions")
    mapping: list[MappingInstruction] = []
    if not isinstance(instructions, list) or not instructions:
        violations.append("No mappingInstructions provided")
    else:
        for item in instructions:
            source = item.get("sourceElementId") if isinstance(item, dict) else None
            target_id = item.get("targetElementId") if isinstance(item, dict) else None
            if isinstance(source, str) and source and isinstance(target_id, str) and target_id:
                mapping.append(MappingInstruction(source, target_id))
        if len(mapping) < len(instructions):
            violations.append("At least one of [sourceElementId, targetElementId] is required")
    if violations or target is None:
        raise BadRequest(". ".join(violations) + ".")
    return target, mapping


def _optional_key(raw: Any) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def _job_changes(body: dict[str, Any]) -> tuple[int | None, int | None]:
    """The retries and timeout a job update asks for; the API's changeset may carry either or both."""
    changeset = body.get("changeset")
    if not isinstance(changeset, dict):
        raise BadRequest("changeset must be a JSON object")
    retries, timeout = changeset.get("retries"), changeset.get("timeout")
    for name, number in (("retries", retries), ("timeout", timeout)):
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            raise BadRequest(f"changeset.{name} must be an integer, got {number!r}")
    if retries is None and timeout is None:
        raise BadRequest("changeset must change retries or timeout")
    if retries is not None and retries < 1:
        raise BadRequest(f"changeset.retries must be positive, got {retries}")
    if timeout is not None and timeout < 1:
        raise BadRequest(f"changeset.timeout must be a positive number of milliseconds, got {timeout}")
    return retries, timeout


def build_app(host: EngineHost, *, token: str | None = None) -> Starlette:
    engine = host.engine

    def element_name(process_definition_key: int, element_id: str) -> str | None:
        try:
            element = engine.process_model(process_definition_key).elements.get(element_id)
        except KeyError:
            return None
        return getattr(element, "name", None) if element is not None else None

    projection = Projection(element_name)

    async def current(view: Callable[[Projection], T]) -> T:
        def read() -> T:
            projection.catch_up(engine.records)
            return view(projection)

        return await host.call(read)

    async def user_task_view(task_key: int) -> dict[str, Any]:
        task = await current(lambda p: p.user_tasks.get(task_key))
        if task is None:
            raise errors.NotFound(f"Expected to find user task with key '{task_key}', but none found")
        return dict(task)

    def handled(endpoint: Endpoint) -> Endpoint:
        async def wrapper(request: Request) -> Response:
            try:
                return await endpoint(request)
            except Exception as error:
                return problem_for(request, error)

        return wrapper

    async def search_user_tasks(request: Request) -> Response:
        body = await _json_body(request)
        tasks = await current(lambda p: [dict(task) for task in p.user_tasks.values()])
        return JSONResponse(
            search(
                tasks,
                body,
                filterable=USER_TASK_FILTERS,
                aliases={"candidateGroup": "candidateGroups", "candidateUser": "candidateUsers"},
            )
        )

    async def get_user_task(request: Request) -> Response:
        task_key = _path_key(request, "key")
        return JSONResponse(await user_task_view(task_key))

    async def assign_user_task(request: Request) -> Response:
        task_key = _path_key(request, "key")
        body = await _json_body(request, required=True)
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
        await host.call(lambda: engine.assign_user_task(task_key, assignee))
        return Response(status_code=204)

    async def unassign_user_task(request: Request) -> Response:
        task_key = _path_key(request, "key")
        await host.call(lambda: engine.unassign_user_task(task_key))
        return Response(status_code=204)

    async def complete_user_task(request: Request) -> Response:
        task_key = _path_key(request, "key")
        body = await _json_body(request)
        variables = _variables_of(body)
        action = body.get("action")
        await host.call(lambda: engine.complete_user_task(task_key, variables=variables, action=action))
        return Response(status_code=204)

    async def update_user_task(request: Request) -> Response:
        task_key = _path_key(request, "key")
        body = await _json_body(request, required=True)
        changes = body.get("changeset") or {}
        if not isinstance(changes, dict):
            raise BadRequest("changeset must be a JSON object")
        await host.call(lambda: engine.update_user_task(task_key, changes))
        return Response(status_code=204)

    async def get_user_task_form(request: Request) -> Response:
        task_key = _path_key(request, "key")
        form_key = (await user_task_view(task_key))["formKey"]
        # Only a linked (deployed) form has a key; custom form keys and external references don't.
        if form_key is None:
            return Response(status_code=204)
        forms = await host.call(engine.form_definitions)
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

    async def search_incidents(request: Request) -> Response:
        body = await _json_body(request)
        items = await current(lambda p: [dict(item) for item in p.incidents.values()])
        return JSONResponse(search(items, body, filterable=INCIDENT_FILTERS))

    async def resolve_incident(request: Request) -> Response:
        incident_key = _path_key(request, "key")
        await host.call(lambda: engine.resolve_incident(incident_key))
        return Response(status_code=204)

    async def migrate_process_instance(request: Request) -> Response:
        instance_key = _path_key(request, "key")
        target, mapping = _migration_plan(await _json_body(request, required=True))
        await host.call(lambda: engine.migrate_instance(instance_key, target, mapping))
        return Response(status_code=204)

    async def search_process_instances(request: Request) -> Response:
        body = await _json_body(request)
        items = await current(lambda p: [dict(item) for item in p.process_instances.values()])
        return JSONResponse(search(items, body, filterable=PROCESS_INSTANCE_FILTERS))

    async def get_process_instance(request: Request) -> Response:
        instance_key = _path_key(request, "key")
        view = await current(lambda p: p.process_instances.get(instance_key))
        if view is None:
            raise errors.NotFound(
                f"Expected to find process instance with key '{instance_key}', but none found"
            )
        return JSONResponse(dict(view))

    async def search_element_instances(request: Request) -> Response:
        body = await _json_body(request)

        def view(p: Projection) -> tuple[list[dict[str, Any]], dict[str, str]]:
            return [dict(item) for item in p.element_instances.values()], dict(p.flow_scopes)

        items, flow_scopes = await current(view)

        def in_scope(item: dict[str, Any], scope_key: Any) -> bool:
            return flow_scopes.get(item["elementInstanceKey"]) == str(scope_key)

        return JSONResponse(
            search(
                items,
                body,
                filterable=ELEMENT_INSTANCE_FILTERS,
                extra_filters={"elementInstanceScopeKey": in_scope},
            )
        )

    async def get_element_instance(request: Request) -> Response:
        element_key = _path_key(request, "key")
        view = await current(lambda p: p.element_instances.get(element_key))
        if view is None:
            raise errors.NotFound(
                f"Expected to find element instance with key '{element_key}', but none found"
            )
        return JSONResponse(dict(view))

    async def update_job(request: Request) -> Response:
        job_key = _path_key(request, "key")
        retries, timeout = _job_changes(await _json_body(request, required=True))

        def apply() -> None:
            # The timeout goes first: only it can still be refused (job not activated) once the
            # values are checked, so a refused request changes nothing.
            if timeout is not None:
                engine.update_job_timeout(job_key, timeout)
            if retries is not None:
                engine.update_job_retries(job_key, retries)

        await host.call(apply)
        return Response(status_code=204)

    async def search_variables(request: Request) -> Response:
        body = await _json_body(request)
        items = await current(lambda p: [dict(item) for item in p.variables.values()])
        return JSONResponse(search(items, body, filterable=VARIABLE_FILTERS))

    async def get_variable(request: Request) -> Response:
        variable_key = _path_key(request, "key")
        view = await current(lambda p: p.variable(variable_key))
        if view is None:
            raise errors.NotFound(f"Expected to find variable with key '{variable_key}', but none found")
        return JSONResponse(view)

    async def pin_clock(request: Request) -> Response:
        epoch_ms = pinned_epoch(await _json_body(request, required=True))
        await host.call(lambda: engine.pin_clock(epoch_ms))
        return Response(status_code=204)

    async def reset_clock(request: Request) -> Response:
        await host.call(engine.reset_clock)
        return Response(status_code=204)

    async def topology(request: Request) -> Response:
        port = request.url.port or 0
        return JSONResponse(
            {
                "brokers": [
                    {
                        "nodeId": 0,
                        "brokerId": 0,
                        "host": request.url.hostname,
                        "port": port,
                        "partitions": [
                            {"partitionId": 1, "role": "leader", "health": "healthy", "state": "ACTIVE"}
                        ],
                        "version": GATEWAY_VERSION,
                    }
                ],
                "clusterId": None,
                "clusterSize": 1,
                "partitionsCount": 1,
                "replicationFactor": 1,
                "gatewayVersion": GATEWAY_VERSION,
                "lastCompletedChangeId": "-1",
            }
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        return problem(request, 404, "NOT_FOUND", f"no such endpoint: {request.method} {request.url.path}")

    routes = [
        Route("/v2/user-tasks/search", handled(search_user_tasks), methods=["POST"]),
        Route("/v2/user-tasks/{key}", handled(get_user_task), methods=["GET"]),
        Route("/v2/user-tasks/{key}", handled(update_user_task), methods=["PATCH"]),
        Route("/v2/user-tasks/{key}/assignment", handled(assign_user_task), methods=["POST"]),
        Route("/v2/user-tasks/{key}/assignee", handled(unassign_user_task), methods=["DELETE"]),
        Route("/v2/user-tasks/{key}/completion", handled(complete_user_task), methods=["POST"]),
        Route("/v2/user-tasks/{key}/form", handled(get_user_task_form), methods=["GET"]),
        Route("/v2/incidents/search", handled(search_incidents), methods=["POST"]),
        Route("/v2/incidents/{key}/resolution", handled(resolve_incident), methods=["POST"]),
        Route("/v2/process-instances/search", handled(search_process_instances), methods=["POST"]),
        Route("/v2/process-instances/{key}", handled(get_process_instance), methods=["GET"]),
        Route("/v2/process-instances/{key}/migration", handled(migrate_process_instance), methods=["POST"]),
        Route("/v2/element-instances/search", handled(search_element_instances), methods=["POST"]),
        Route("/v2/element-instances/{key}", handled(get_element_instance), methods=["GET"]),
        Route("/v2/jobs/{key}", handled(update_job), methods=["PATCH"]),
        Route("/v2/variables/search", handled(search_variables), methods=["POST"]),
        Route("/v2/variables/{key}", handled(get_variable), methods=["GET"]),
        Route("/v2/clock", handled(pin_clock), methods=["PUT"]),
        Route("/v2/clock/reset", handled(reset_clock), methods=["POST"]),
        Route("/v2/topology", handled(topology), methods=["GET"]),
    ]
    middleware = [Middleware(BearerTokenMiddleware, token=token)] if token else []
    middleware.append(Middleware(RequestLimits))  # body size and time, keys and JSON checked once
    return Starlette(routes=routes, exception_handlers={404: not_found}, middleware=middleware)
