"""Decision definitions, decision requirements and decision instances: search, get and XML; and the
evaluation of a decision, answered with every decision it evaluated, their inputs and matched rules."""

from __future__ import annotations

import contextlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.dmn import DecisionEvaluationError
from engine.gateway.rest.context import RestContext, handled, json_body, optional_key, path_key, variables_of
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.messages import tenant_of
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import Projection
from engine.gateway.rest.record_view import present, present_page
from engine.gateway.rest.search import search
from engine.gateway.rest.visibility import viewer_of, visible
from engine.identity.policy import Listing
from engine.runtime import errors

DEFINITION_FILTERS = frozenset(
    {
        "decisionDefinitionId",
        "decisionDefinitionKey",
        "decisionRequirementsId",
        "decisionRequirementsKey",
        "name",
        "tenantId",
        "version",
    }
)
REQUIREMENTS_FILTERS = frozenset(
    {
        "decisionRequirementsId",
        "decisionRequirementsKey",
        "decisionRequirementsName",
        "resourceName",
        "tenantId",
        "version",
    }
)
INSTANCE_FILTERS = frozenset(
    {
        "decisionDefinitionId",
        "decisionDefinitionKey",
        "decisionDefinitionName",
        "decisionDefinitionType",
        "decisionDefinitionVersion",
        "decisionEvaluationInstanceKey",
        "decisionEvaluationKey",
        "elementInstanceKey",
        "evaluationDate",
        "evaluationFailure",
        "processDefinitionKey",
        "processInstanceKey",
        "state",
        "tenantId",
    }
)
_DETAIL_ONLY = ("evaluatedInputs", "matchedRules")
"""Fields of a decision instance that only its get returns, not the search."""


def _summary(instance: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in instance.items() if name not in _DETAIL_ONLY}


def _xml(text: str) -> Response:
    return Response(text, media_type="text/xml")


def evaluation_target(body: dict[str, Any]) -> tuple[str | None, int | None]:
    """The decision to evaluate: by id (its latest version) or by key, exactly one of them."""
    decision_id, raw_key = body.get("decisionDefinitionId"), body.get("decisionDefinitionKey")
    if (decision_id is None) == (raw_key is None):
        raise BadRequest("give exactly one of decisionDefinitionId and decisionDefinitionKey")
    if decision_id is not None:
        if not isinstance(decision_id, str) or not decision_id:
            raise BadRequest(f"decisionDefinitionId must be a non-empty string, got {decision_id!r}")
        return decision_id, None
    key = optional_key(raw_key)
    if key is None:
        raise BadRequest(f"decisionDefinitionKey must be a numeric key, got {raw_key!r}")
    return None, key


def evaluation_response(p: Projection, evaluation_key: int, value: dict[str, Any]) -> dict[str, Any]:
    """The evaluation as 8.8 answers it: the called decision, its output (or the failure) and each
    decision evaluated on the way, as decision instances of the evaluation."""
    instances = p.decision_evaluation(evaluation_key)
    called = next((i for i in instances if i["decisionDefinitionId"] == value["decisionId"]), instances[-1])
    return {
        "decisionDefinitionId": value["decisionId"],
        "decisionDefinitionName": value["decisionName"],
        "decisionDefinitionVersion": value["decisionVersion"],
        "decisionDefinitionKey": str(value["decisionKey"]),
        "decisionRequirementsId": value["decisionRequirementsId"],
        "decisionRequirementsKey": str(value["decisionRequirementsKey"]),
        "output": value.get("decisionOutput", "null"),
        "failedDecisionDefinitionId": value.get("failedDecisionId") or "",
        "failureMessage": value.get("failureMessage") or "",
        "tenantId": value.get("tenantId") or "<default>",
        "decisionEvaluationKey": str(evaluation_key),
        "decisionInstanceKey": called["decisionEvaluationInstanceKey"],
        "evaluatedDecisions": [
            present(
                {
                    "decisionDefinitionId": i["decisionDefinitionId"],
                    "decisionDefinitionName": i["decisionDefinitionName"],
                    "decisionDefinitionVersion": i["decisionDefinitionVersion"],
                    "decisionDefinitionKey": i["decisionDefinitionKey"],
                    "decisionDefinitionType": i["decisionDefinitionType"],
                    "decisionEvaluationInstanceKey": i["decisionEvaluationInstanceKey"],
                    "output": i["result"],
                    "tenantId": i["tenantId"],
                    "evaluatedInputs": i["evaluatedInputs"],
                    "matchedRules": i["matchedRules"],
                }
            )
            for i in instances
        ],
    }


def routes(ctx: RestContext) -> list[Route]:
    engine = ctx.engine

    async def found(kind: str, key: int, items: Any) -> dict[str, Any]:
        item = await ctx.current(lambda p: getattr(p, items).get(key))
        if item is None:
            raise errors.NotFound(f"Expected to find {kind} with key '{key}', but none found")
        return dict(item)

    async def search_definitions(request: Request) -> Response:
        body = await json_body(request)
        items = await ctx.current(lambda p: list(p.decision_definitions.values()))
        items = await visible(request, Listing.DECISION_DEFINITION, items)
        return JSONResponse(present_page(search(items, body, filterable=DEFINITION_FILTERS)))

    async def get_definition(request: Request) -> Response:
        key = path_key(request, "key")
        return JSONResponse(present(await found("decision definition", key, "decision_definitions")))

    async def get_definition_xml(request: Request) -> Response:
        definition = await found("decision definition", path_key(request, "key"), "decision_definitions")
        drg_key = int(definition["decisionRequirementsKey"])
        return _xml(await ctx.call(lambda: engine.decision_requirements_xml(drg_key)))

    async def search_requirements(request: Request) -> Response:
        body = await json_body(request)
        items = await ctx.current(lambda p: list(p.decision_requirements.values()))
        return JSONResponse(present_page(search(items, body, filterable=REQUIREMENTS_FILTERS)))

    async def get_requirements(request: Request) -> Response:
        key = path_key(request, "key")
        return JSONResponse(present(await found("decision requirements", key, "decision_requirements")))

    async def get_requirements_xml(request: Request) -> Response:
        key = path_key(request, "key")
        await found("decision requirements", key, "decision_requirements")
        return _xml(await ctx.call(lambda: engine.decision_requirements_xml(key)))

    async def search_instances(request: Request) -> Response:
        body = await json_body(request)
        if viewer_of(request, Listing.DECISION_INSTANCE).sees_everything:
            page = await ctx.current(
                lambda p: sql_search(p.decision_instances, body, filterable=INSTANCE_FILTERS)
            )
            if page is not None:
                page["items"] = [_summary(item) for item in page["items"]]
                return JSONResponse(present_page(page))
        items = await ctx.current(lambda p: [_summary(i) for i in candidates(p.decision_instances, body)])
        items = await visible(request, Listing.DECISION_INSTANCE, items)
        return JSONResponse(present_page(search(items, body, filterable=INSTANCE_FILTERS)))

    async def get_instance(request: Request) -> Response:
        key = path_key(request, "key")
        instance = await ctx.current(lambda p: p.decision_instances.get(str(key)))
        if instance is None:
            raise errors.NotFound(f"Expected to find decision instance with key '{key}', but none found")
        return JSONResponse(present(instance))

    async def evaluate_decision(request: Request) -> Response:
        body = await json_body(request, required=True)
        decision_id, decision_key = evaluation_target(body)
        tenant_of(body)
        variables = variables_of(body)

        def evaluate() -> tuple[int, dict[str, Any]]:
            before = len(engine.records)
            # 8.8 answers a failed evaluation with failedDecisionDefinitionId and failureMessage.
            with contextlib.suppress(DecisionEvaluationError):
                engine.evaluate_decision(
                    decision_id=decision_id, decision_key=decision_key, variables=variables
                )
            for record in engine.records.since(before):
                if record.value_type == "DECISION_EVALUATION" and record.record_type == "EVENT":
                    return record.key, record.value
            raise AssertionError("the engine evaluated a decision without recording it")

        evaluation_key, value = await ctx.call(evaluate)
        return JSONResponse(await ctx.current(lambda p: evaluation_response(p, evaluation_key, value)))

    return [
        Route("/v2/decision-definitions/search", handled(search_definitions), methods=["POST"]),
        Route("/v2/decision-definitions/evaluation", handled(evaluate_decision), methods=["POST"]),
        Route("/v2/decision-definitions/{key}", handled(get_definition), methods=["GET"]),
        Route("/v2/decision-definitions/{key}/xml", handled(get_definition_xml), methods=["GET"]),
        Route("/v2/decision-requirements/search", handled(search_requirements), methods=["POST"]),
        Route("/v2/decision-requirements/{key}", handled(get_requirements), methods=["GET"]),
        Route("/v2/decision-requirements/{key}/xml", handled(get_requirements_xml), methods=["GET"]),
        Route("/v2/decision-instances/search", handled(search_instances), methods=["POST"]),
        Route("/v2/decision-instances/{key}", handled(get_instance), methods=["GET"]),
    ]
