"""Process instances: search, get and migrate."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, optional_key, path_key
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.search import search
from engine.runtime import MappingInstruction, errors

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


def migration_plan(body: dict[str, Any]) -> tuple[int, list[MappingInstruction]]:
    """The target definition and mapping of a migration request (keys may come as strings), checked
    as the REST gateway's request validator does: every violation named, in one 400."""
    violations: list[str] = []
    raw_key = body.get("targetProcessDefinitionKey")
    target = optional_key(raw_key)
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


def routes(ctx: RestContext) -> list[Route]:
    async def migrate_process_instance(request: Request) -> Response:
        instance_key = path_key(request, "key")
        target, mapping = migration_plan(await json_body(request, required=True))
        await ctx.call(lambda: ctx.engine.migrate_instance(instance_key, target, mapping))
        return Response(status_code=204)

    async def search_process_instances(request: Request) -> Response:
        body = await json_body(request)
        items = await ctx.current(lambda p: [dict(item) for item in p.process_instances.values()])
        return JSONResponse(search(items, body, filterable=PROCESS_INSTANCE_FILTERS))

    async def get_process_instance(request: Request) -> Response:
        instance_key = path_key(request, "key")
        view = await ctx.current(lambda p: p.process_instances.get(instance_key))
        if view is None:
            raise errors.NotFound(
                f"Expected to find process instance with key '{instance_key}', but none found"
            )
        return JSONResponse(dict(view))

    return [
        Route("/v2/process-instances/search", handled(search_process_instances), methods=["POST"]),
        Route("/v2/process-instances/{key}", handled(get_process_instance), methods=["GET"]),
        Route("/v2/process-instances/{key}/migration", handled(migrate_process_instance), methods=["POST"]),
    ]
