"""Batch operations over process instances (cancel, resolve incidents, migrate, modify), selected by
a process-instance filter, and the batch operations and their items: search, get, and the
lifecycle commands (cancel, suspend, resume), which a finished batch refuses."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.batch_store import BatchOperation, BatchTarget
from engine.gateway.rest.context import RestContext, handled, json_body
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.process_instances import instance_search, migration_plan
from engine.gateway.rest.projection import Projection
from engine.gateway.rest.search import MAX_LIMIT, search
from engine.gateway.rest.shapes import page_without_nulls
from engine.runtime import ActivateInstruction, errors

BATCH_FILTERS = frozenset({"batchOperationKey", "operationType", "state"})
ITEM_FILTERS = frozenset({"batchOperationKey", "itemKey", "processInstanceKey", "state"})


def _selection_filter(body: dict[str, Any]) -> dict[str, Any]:
    selected = body.get("filter")
    if not isinstance(selected, dict):
        raise BadRequest("No filter provided: a batch operation selects its process instances by a filter")
    return selected


def matching_instances(ctx: RestContext, p: Projection, selected: dict[str, Any]) -> list[dict[str, Any]]:
    """Every process instance the filter selects, the active ones only (a batch acts on those)."""
    found: list[dict[str, Any]] = []
    start = 0
    while True:
        page = instance_search(ctx, p, {"filter": selected, "page": {"from": start, "limit": MAX_LIMIT}})
        found += [item for item in page["items"] if item["state"] == "ACTIVE"]
        start += MAX_LIMIT
        if start >= page["page"]["totalItems"]:
            return found


def routes(ctx: RestContext) -> list[Route]:
    engine = ctx.engine

    async def selected_instances(body: dict[str, Any]) -> list[dict[str, Any]]:
        selected = _selection_filter(body)
        return await ctx.current(lambda p: matching_instances(ctx, p, selected))

    async def run(operation_type: str, targets: list[BatchTarget]) -> Response:
        batch = await ctx.call(lambda: ctx.batches.run(operation_type, targets, ctx.now))
        return JSONResponse({"batchOperationKey": batch.key, "batchOperationType": batch.operation_type})

    def instance_target(instance: dict[str, Any], command: Any) -> BatchTarget:
        key = instance["processInstanceKey"]
        return BatchTarget(key, key, lambda: command(int(key)))

    async def cancel_instances(request: Request) -> Response:
        instances = await selected_instances(await json_body(request, required=True))
        return await run(
            "CANCEL_PROCESS_INSTANCE", [instance_target(i, engine.cancel_instance) for i in instances]
        )

    async def resolve_incidents(request: Request) -> Response:
        instances = await selected_instances(await json_body(request, required=True))
        keys = {i["processInstanceKey"] for i in instances}
        incidents = await ctx.current(
            lambda p: [
                i for i in p.incidents.where("state = 'ACTIVE'", ()) if i["processInstanceKey"] in keys
            ]
        )

        def resolver(incident_key: int) -> Any:
            return lambda: engine.resolve_incident(incident_key)

        targets = [
            BatchTarget(
                incident["incidentKey"],
                incident["processInstanceKey"],
                resolver(int(incident["incidentKey"])),
            )
            for incident in incidents
        ]
        return await run("RESOLVE_INCIDENT", targets)

    async def migrate_instances(request: Request) -> Response:
        body = await json_body(request, required=True)
        plan = body.get("migrationPlan")
        if not isinstance(plan, dict):
            raise BadRequest("No migrationPlan provided")
        target, mapping = migration_plan(plan)
        instances = await selected_instances(body)
        return await run(
            "MIGRATE_PROCESS_INSTANCE",
            [
                instance_target(i, lambda key: engine.migrate_instance(key, target, mapping))
                for i in instances
            ],
        )

    async def modify_instances(request: Request) -> Response:
        body = await json_body(request, required=True)
        moves = body.get("moveInstructions")
        if not isinstance(moves, list) or not moves:
            raise BadRequest("No moveInstructions provided")
        pairs: list[tuple[str, str]] = []
        for instruction in moves:
            source = instruction.get("sourceElementId") if isinstance(instruction, dict) else None
            target = instruction.get("targetElementId") if isinstance(instruction, dict) else None
            if not (isinstance(source, str) and source and isinstance(target, str) and target):
                raise BadRequest("each move instruction needs a sourceElementId and a targetElementId")
            pairs.append((source, target))
        instances = await selected_instances(body)

        def move(instance_key: int) -> None:
            # every active instance of a source element is terminated, its target activated in its stead
            active = engine.instance(instance_key).active_elements
            activate: list[ActivateInstruction] = []
            terminate: list[int] = []
            for source, target in pairs:
                for element in active:
                    if element.element_id == source:
                        terminate.append(int(element.key))
                        activate.append(ActivateInstruction(target))
            if terminate:
                engine.modify_instance(instance_key, activate=activate, terminate=terminate)

        return await run("MODIFY_PROCESS_INSTANCE", [instance_target(i, move) for i in instances])

    def batch_of(request: Request) -> BatchOperation:
        key = request.path_params["key"]
        batch = ctx.batches.get(key)
        if batch is None:
            raise errors.NotFound(f"Expected to find batch operation with key '{key}', but none found")
        return batch

    async def get_batch(request: Request) -> Response:
        return JSONResponse(batch_of(request).view())

    def finished(verb: str) -> Any:
        async def refuse(request: Request) -> Response:
            batch = batch_of(request)
            await json_body(request)
            raise errors.FailedPrecondition(
                f"Expected to {verb} batch operation with key '{batch.key}', but it has already "
                f"finished ({batch.state}): the embedded engine runs a batch to its end when it is created"
            )

        return refuse

    async def search_batches(request: Request) -> Response:
        body = await json_body(request)
        views = [{**batch.view(), "operationType": batch.operation_type} for batch in ctx.batches.all()]
        result = search(views, body, filterable=BATCH_FILTERS)
        result["items"] = [
            {k: v for k, v in item.items() if k != "operationType"} for item in result["items"]
        ]
        return JSONResponse(page_without_nulls(result))

    async def search_items(request: Request) -> Response:
        body = await json_body(request)
        items = [item.view(batch) for batch in ctx.batches.all() for item in batch.items]
        return JSONResponse(page_without_nulls(search(items, body, filterable=ITEM_FILTERS)))

    return [
        Route("/v2/process-instances/cancellation", handled(cancel_instances), methods=["POST"]),
        Route("/v2/process-instances/incident-resolution", handled(resolve_incidents), methods=["POST"]),
        Route("/v2/process-instances/migration", handled(migrate_instances), methods=["POST"]),
        Route("/v2/process-instances/modification", handled(modify_instances), methods=["POST"]),
        Route("/v2/batch-operations/search", handled(search_batches), methods=["POST"]),
        Route("/v2/batch-operations/{key}", handled(get_batch), methods=["GET"]),
        Route("/v2/batch-operations/{key}/cancellation", handled(finished("cancel")), methods=["POST"]),
        Route("/v2/batch-operations/{key}/suspension", handled(finished("suspend")), methods=["POST"]),
        Route("/v2/batch-operations/{key}/resumption", handled(finished("resume")), methods=["POST"]),
        Route("/v2/batch-operation-items/search", handled(search_items), methods=["POST"]),
    ]
