"""Process instances: create (with or without awaiting the result), search with every 8.8 filter,
get, cancel, modify and migrate; per instance its incidents, the sequence flows taken, the
element-instance statistics and the call hierarchy."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.activation_variables import activation_variables
from engine.gateway.grpc_service import DEFAULT_LONG_POLL_MS
from engine.gateway.instance_result import await_instance_result
from engine.gateway.rest.context import RestContext, handled, json_body, optional_key, path_key, variables_of
from engine.gateway.rest.element_statistics import element_statistics
from engine.gateway.rest.history_search import candidates, sql_search, tags_filter
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.process_instance_filters import (
    INSTANCE_FILTERS,
    PROCESS_INSTANCE_FIELDS,
    InstanceSurroundings,
    filter_fields,
    regrouped,
)
from engine.gateway.rest.projection import Projection
from engine.gateway.rest.search import search
from engine.gateway.rest.shapes import page_without_nulls, without_nulls
from engine.gateway.rest.visibility import Viewer, viewer_of
from engine.identity.policy import Listing
from engine.runtime import ActivateInstruction, MappingInstruction, errors

INCIDENT_FILTERS: frozenset[str] = frozenset()
"""The per-instance incident search takes no filter in 8.8 (only page and sort)."""

INCIDENT_FIELDS = (
    "incidentKey",
    "processDefinitionId",
    "processDefinitionKey",
    "processInstanceKey",
    "errorType",
    "errorMessage",
    "elementId",
    "elementInstanceKey",
    "jobKey",
    "creationTime",
    "state",
    "tenantId",
)
"""The fields 8.8 defines for an incident."""

_TAG = re.compile(r"^[A-Za-z][A-Za-z0-9_\-:.]{0,99}$")


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


def creation_tags(body: dict[str, Any]) -> list[str]:
    tags = body.get("tags") or []
    if not isinstance(tags, list) or len(tags) > 10:
        raise BadRequest("tags must be a list of at most 10 tags")
    for tag in tags:
        if not isinstance(tag, str) or not _TAG.match(tag):
            raise BadRequest(
                f"The tag {tag!r} is invalid: a tag starts with a letter, then letters, digits, "
                "'_', '-', ':' or '.', at most 100 characters"
            )
    if len(set(tags)) < len(tags):
        raise BadRequest("tags must not repeat a tag")
    return list(tags)


def _request_timeout(body: dict[str, Any]) -> int:
    raw = body.get("requestTimeout")
    if raw in (None, 0, "0"):
        return DEFAULT_LONG_POLL_MS
    timeout = optional_key(raw)
    if timeout is None or timeout < 0:
        raise BadRequest(f"The value for requestTimeout is '{raw}' but must be a non-negative number of ms")
    return timeout


def instance_search(
    ctx: RestContext, p: Projection, body: Any, viewer: Viewer | None = None
) -> dict[str, Any]:
    """A process-instance search over the projection (shared with the batch operations and the
    definition statistics, which select their instances with the same filter). Runs on the
    engine's writer (inside ``ctx.current``), so the open jobs it may read agree with the projection.

    Answered as SQL over the history when the request allows it (see history_search)."""
    if viewer is None or viewer.sees_everything:
        found = sql_search(
            p.process_instances,
            regrouped(body),
            filterable=PROCESS_INSTANCE_FIELDS,
            extra=INSTANCE_FILTERS,
            derived={"tags": tags_filter},
        )
        if found is not None:
            return found
    surroundings = InstanceSurroundings.read(p, ctx.engine.jobs, ctx.batches.item_pairs, filter_fields(body))
    items = candidates(p.process_instances, regrouped(body), derived={"tags": tags_filter})
    return search(
        viewer.keep(items, p) if viewer is not None else items,
        regrouped(body),
        filterable=PROCESS_INSTANCE_FIELDS,
        extra_filters=surroundings.filters(),
    )


def routes(ctx: RestContext) -> list[Route]:
    async def instance_view(instance_key: int) -> dict[str, Any]:
        view = await ctx.current(lambda p: p.process_instances.get(instance_key))
        if view is None:
            raise errors.NotFound(
                f"Expected to find process instance with key '{instance_key}', but none found"
            )
        return dict(view)

    async def create_process_instance(request: Request) -> Response:
        body = await json_body(request, required=True)
        variables = variables_of(body)
        tags = creation_tags(body)
        definition_key = optional_key(body.get("processDefinitionKey"))
        process_id = body.get("processDefinitionId")
        if definition_key is None and not (isinstance(process_id, str) and process_id):
            raise BadRequest("At least one of [processDefinitionId, processDefinitionKey] is required")
        if body.get("runtimeInstructions"):
            raise BadRequest(
                "runtimeInstructions (an alpha feature of 8.8) are not supported by the embedded engine"
            )
        raw_version = body.get("processDefinitionVersion", -1)
        if isinstance(raw_version, bool) or not isinstance(raw_version, int):
            raise BadRequest(
                f"The value for processDefinitionVersion is '{raw_version}' but must be an integer"
            )
        starts = body.get("startInstructions") or []
        if not isinstance(starts, list) or not all(
            isinstance(s, dict) and isinstance(s.get("elementId"), str) for s in starts
        ):
            raise BadRequest("each start instruction needs an elementId")
        awaiting = body.get("awaitCompletion") is True
        timeout_ms = _request_timeout(body)
        fetch = body.get("fetchVariables") or []

        def create() -> tuple[int, Any]:
            position = len(ctx.engine.records)
            return position, ctx.engine.create_instance(
                None if definition_key is not None else process_id,
                variables=variables,
                version=raw_version if raw_version > 0 else None,
                process_definition_key=definition_key,
                start_instructions=[s["elementId"] for s in starts] or None,
                tags=tags,
            )

        position, handle = await ctx.call(create)
        result: dict[str, Any] = {}
        if awaiting:
            result = await await_instance_result(ctx.host, handle.key, position, timeout_ms)
            if fetch:
                result = {name: value for name, value in result.items() if name in set(fetch)}
        response = {
            "processDefinitionId": handle.bpmn_process_id,
            "processDefinitionVersion": handle.version,
            "tenantId": "<default>",
            "variables": result,
            "processDefinitionKey": str(handle.process_definition_key),
            "processInstanceKey": str(handle.key),
            "tags": tags,
        }
        return JSONResponse(response)

    async def cancel_process_instance(request: Request) -> Response:
        instance_key = path_key(request, "key")
        await json_body(request)
        await ctx.call(lambda: ctx.engine.cancel_instance(instance_key))
        return Response(status_code=204)

    async def migrate_process_instance(request: Request) -> Response:
        instance_key = path_key(request, "key")
        target, mapping = migration_plan(await json_body(request, required=True))
        await ctx.call(lambda: ctx.engine.migrate_instance(instance_key, target, mapping))
        return Response(status_code=204)

    async def modify_process_instance(request: Request) -> Response:
        instance_key = path_key(request, "key")
        body = await json_body(request, required=True)
        activate_raw = body.get("activateInstructions") or []
        terminate_raw = body.get("terminateInstructions") or []
        if not isinstance(activate_raw, list) or not isinstance(terminate_raw, list):
            raise BadRequest("activateInstructions and terminateInstructions must be lists")
        terminate: list[int] = []
        for item in terminate_raw:
            key = optional_key(item.get("elementInstanceKey")) if isinstance(item, dict) else None
            if key is None:
                raise BadRequest("each terminate instruction needs a numeric elementInstanceKey")
            terminate.append(key)

        def modify() -> None:
            model = ctx.engine.process_model(ctx.engine.instance(instance_key).process_definition_key)
            activate: list[ActivateInstruction] = []
            for item in activate_raw:
                element_id = item.get("elementId") if isinstance(item, dict) else None
                if not isinstance(element_id, str) or not element_id:
                    raise BadRequest("each activate instruction needs an elementId")
                raw_ancestor = item.get("ancestorElementInstanceKey")
                ancestor = optional_key(raw_ancestor) if raw_ancestor is not None else None
                if raw_ancestor is not None and ancestor is None:
                    raise BadRequest(f"ancestorElementInstanceKey '{raw_ancestor}' is not a numeric key")
                documents: list[tuple[str, dict[str, Any]]] = []
                for instruction in item.get("variableInstructions") or []:
                    if not isinstance(instruction, dict) or not isinstance(
                        instruction.get("variables"), dict
                    ):
                        raise BadRequest(
                            f"each variable instruction of '{element_id}' needs a variables object"
                        )
                    documents.append((str(instruction.get("scopeId") or ""), instruction["variables"]))
                activate.append(
                    ActivateInstruction(
                        element_id, ancestor, activation_variables(model, element_id, documents)
                    )
                )
            ctx.engine.modify_instance(instance_key, activate=activate, terminate=terminate)

        await ctx.call(modify)
        return Response(status_code=204)

    async def search_process_instances(request: Request) -> Response:
        body = await json_body(request)
        viewer = viewer_of(request, Listing.PROCESS_INSTANCE)
        result = await ctx.current(lambda p: instance_search(ctx, p, body, viewer))
        return JSONResponse(page_without_nulls(result))

    async def get_process_instance(request: Request) -> Response:
        return JSONResponse(without_nulls(await instance_view(path_key(request, "key"))))

    async def search_instance_incidents(request: Request) -> Response:
        instance_key = path_key(request, "key")
        body = await json_body(request)
        await instance_view(instance_key)
        items = await ctx.current(
            lambda p: [
                {name: i.get(name) for name in INCIDENT_FIELDS}
                for i in p.incidents.where("process_instance_key = ?", (str(instance_key),))
            ]
        )
        result = search(items, body, filterable=INCIDENT_FILTERS)
        return JSONResponse(page_without_nulls(result))

    async def sequence_flows(request: Request) -> Response:
        instance_key = path_key(request, "key")
        await instance_view(instance_key)
        flows = await ctx.current(lambda p: p.sequence_flows(instance_key))
        return JSONResponse({"items": flows})

    async def instance_statistics(request: Request) -> Response:
        instance_key = path_key(request, "key")
        await instance_view(instance_key)
        elements = await ctx.current(
            lambda p: list(p.element_instances.where("process_instance_key = ?", (str(instance_key),)))
        )
        return JSONResponse({"items": element_statistics(elements)})

    async def call_hierarchy(request: Request) -> Response:
        instance_key = path_key(request, "key")

        def chain(p: Projection) -> list[dict[str, Any]] | None:
            current = p.process_instances.get(instance_key)
            if current is None:
                return None
            ancestors: list[dict[str, Any]] = []
            while current is not None:
                ancestors.insert(
                    0,
                    {
                        "processInstanceKey": current["processInstanceKey"],
                        "processDefinitionKey": current["processDefinitionKey"],
                        "processDefinitionName": current["processDefinitionName"],
                    },
                )
                parent = current.get("parentProcessInstanceKey")
                current = p.process_instances.get(int(parent)) if parent else None
            return ancestors

        found = await ctx.current(chain)
        if found is None:
            raise errors.NotFound(
                f"Expected to find process instance with key '{instance_key}', but none found"
            )
        return JSONResponse(found)

    base = "/v2/process-instances"
    return [
        Route(base, handled(create_process_instance), methods=["POST"]),
        Route(f"{base}/search", handled(search_process_instances), methods=["POST"]),
        Route(base + "/{key}", handled(get_process_instance), methods=["GET"]),
        Route(base + "/{key}/cancellation", handled(cancel_process_instance), methods=["POST"]),
        Route(base + "/{key}/migration", handled(migrate_process_instance), methods=["POST"]),
        Route(base + "/{key}/modification", handled(modify_process_instance), methods=["POST"]),
        Route(base + "/{key}/incidents/search", handled(search_instance_incidents), methods=["POST"]),
        Route(base + "/{key}/sequence-flows", handled(sequence_flows), methods=["GET"]),
        Route(base + "/{key}/statistics/element-instances", handled(instance_statistics), methods=["GET"]),
        Route(base + "/{key}/call-hierarchy", handled(call_hierarchy), methods=["GET"]),
    ]
