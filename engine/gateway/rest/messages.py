"""Messages: publication and correlation; message subscriptions and correlated message
subscriptions: search."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, variables_of
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.longs import long_field
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import TENANT
from engine.gateway.rest.record_view import present_page
from engine.gateway.rest.search import search
from engine.gateway.rest.visibility import viewer_of, visible
from engine.identity.policy import Listing

SUBSCRIPTION_FILTERS = frozenset(
    {
        "messageSubscriptionKey",
        "processDefinitionId",
        "processInstanceKey",
        "elementId",
        "elementInstanceKey",
        "messageSubscriptionState",
        "lastUpdatedDate",
        "messageName",
        "correlationKey",
        "tenantId",
    }
)
CORRELATION_FILTERS = frozenset(
    {
        "correlationKey",
        "correlationTime",
        "elementId",
        "elementInstanceKey",
        "messageKey",
        "messageName",
        "partitionId",
        "processDefinitionId",
        "processDefinitionKey",
        "processInstanceKey",
        "subscriptionKey",
        "tenantId",
    }
)


def tenant_of(body: dict[str, Any]) -> str:
    tenant = body.get("tenantId") or TENANT
    if tenant != TENANT:
        raise BadRequest(f"tenantId: this engine has only the tenant {TENANT!r}, got {tenant!r}")
    return TENANT


def message_of(body: dict[str, Any]) -> tuple[str, str]:
    name, correlation_key = body.get("name"), body.get("correlationKey", "")
    if not isinstance(name, str) or not name:
        raise BadRequest("name must be a non-empty message name")
    if not isinstance(correlation_key, str):
        raise BadRequest(f"correlationKey must be a string, got {correlation_key!r}")
    return name, correlation_key


def routes(ctx: RestContext) -> list[Route]:
    engine = ctx.engine

    async def publish_message(request: Request) -> Response:
        body = await json_body(request, required=True)
        name, correlation_key = message_of(body)
        tenant = tenant_of(body)
        ttl = long_field(body, "timeToLive", default=0) or 0
        if ttl < 0:
            raise BadRequest(f"timeToLive must be a non-negative number of milliseconds, got {ttl}")
        message_id = body.get("messageId") or None
        if message_id is not None and not isinstance(message_id, str):
            raise BadRequest(f"messageId must be a string, got {message_id!r}")
        variables = variables_of(body)
        key = await ctx.call(
            lambda: engine.publish_message(
                name,
                correlation_key,
                variables=variables,
                time_to_live_ms=ttl,
                message_id=message_id,
            )
        )
        return JSONResponse({"messageKey": str(key), "tenantId": tenant})

    async def correlate_message(request: Request) -> Response:
        body = await json_body(request, required=True)
        name, correlation_key = message_of(body)
        tenant = tenant_of(body)
        variables = variables_of(body)
        message_key, instance_key = await ctx.call(
            lambda: engine.correlate_message(name, correlation_key, variables=variables)
        )
        return JSONResponse(
            {"messageKey": str(message_key), "processInstanceKey": str(instance_key), "tenantId": tenant}
        )

    async def search_subscriptions(request: Request) -> Response:
        body = await json_body(request)
        if viewer_of(request, Listing.MESSAGE_SUBSCRIPTION).sees_everything:
            found = await ctx.current(
                lambda p: sql_search(p.message_subscriptions, body, filterable=SUBSCRIPTION_FILTERS)
            )
            if found is not None:
                return JSONResponse(present_page(found))
        items = await ctx.current(lambda p: candidates(p.message_subscriptions, body))
        items = await visible(request, Listing.MESSAGE_SUBSCRIPTION, items)
        return JSONResponse(present_page(search(items, body, filterable=SUBSCRIPTION_FILTERS)))

    async def search_correlations(request: Request) -> Response:
        body = await json_body(request)
        if viewer_of(request, Listing.MESSAGE_SUBSCRIPTION).sees_everything:
            found = await ctx.current(
                lambda p: sql_search(p.correlations, body, filterable=CORRELATION_FILTERS)
            )
            if found is not None:
                return JSONResponse(present_page(found))
        items = await ctx.current(lambda p: candidates(p.correlations, body))
        items = await visible(request, Listing.MESSAGE_SUBSCRIPTION, items)
        return JSONResponse(present_page(search(items, body, filterable=CORRELATION_FILTERS)))

    return [
        Route("/v2/messages/publication", handled(publish_message), methods=["POST"]),
        Route("/v2/messages/correlation", handled(correlate_message), methods=["POST"]),
        Route("/v2/message-subscriptions/search", handled(search_subscriptions), methods=["POST"]),
        Route("/v2/correlated-message-subscriptions/search", handled(search_correlations), methods=["POST"]),
    ]
