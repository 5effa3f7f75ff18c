"""Authentication and authorization of every gRPC call, as a server interceptor.

The caller authenticates with ``authorization`` metadata (the service token, an API token, an OIDC
JWT or Basic credentials): UNAUTHENTICATED without valid ones. The method's line in
:data:`engine.identity.policy.GRPC_POLICY` names the permission it needs: PERMISSION_DENIED without
it, and for a method missing from the table. Successful user actions go to the audit log.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import grpc
from google.protobuf.json_format import MessageToDict  # type: ignore[import-untyped]

from engine.gateway.identity_services import IdentityServices
from engine.identity.access import UNIT_VARIABLE
from engine.identity.authenticate import Unauthenticated
from engine.identity.policy import GRPC_POLICY, OPEN_GRPC_METHODS, GrpcRule
from engine.identity.principal import Principal

if TYPE_CHECKING:
    Handler: TypeAlias = grpc.RpcMethodHandler[Any, Any]
    Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]

_AUDITED_FIELDS = (
    "processInstanceKey",
    "elementInstanceKey",
    "incidentKey",
    "jobKey",
    "bpmnProcessId",
    "name",
    "correlationKey",
    "signalName",
    "variables",
    "retries",
    "resourceKey",
)


class GrpcGuard(grpc.aio.ServerInterceptor):
    def __init__(self, services: IdentityServices, policy: dict[str, GrpcRule] | None = None) -> None:
        self._services = services
        self._policy = GRPC_POLICY if policy is None else policy

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Handler | None]],
        details: grpc.HandlerCallDetails,
    ) -> Handler | None:
        handler = await continuation(details)
        if handler is None or details.method in OPEN_GRPC_METHODS:
            return handler
        header = _authorization(details)
        method = details.method
        rule = self._policy.get(method)
        if handler.unary_stream is not None:
            stream: Any = handler.unary_stream

            async def streaming(request: Any, context: Context) -> AsyncIterator[Any]:
                await self._admit(method, rule, header, request, context)
                produced = stream(request, context)
                if hasattr(produced, "__aiter__"):
                    async for response in produced:
                        yield response
                else:  # a coroutine that writes with context.write
                    await produced

            return grpc.unary_stream_rpc_method_handler(
                streaming,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        unary: Any = handler.unary_unary
        assert unary is not None, f"{method}: only unary and server-streaming methods are served"

        async def single(request: Any, context: Context) -> Any:
            principal = await self._admit(method, rule, header, request, context)
            response = await unary(request, context)
            if rule is not None and rule.audit is not None:
                self._record(principal, method, rule.audit, request, response)
            return response

        return grpc.unary_unary_rpc_method_handler(
            single,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def _admit(
        self, method: str, rule: GrpcRule | None, header: str | None, request: Any, context: Context
    ) -> Principal:
        try:
            principal = await asyncio.to_thread(self._services.authenticator.authenticate, header)
        except Unauthenticated as error:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, str(error))
            raise
        if principal.unrestricted:
            return principal
        if rule is None:
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, f"no authorization policy covers {method}")
        assert rule is not None
        access = self._services.access
        needed = list(rule.also)
        if rule.resource_type is not None and rule.permission is not None:
            needed.insert(0, (rule.resource_type, rule.permission))
        resource_id = _field(request, rule.process_id_field) if rule.process_id_field else None
        for resource_type, permission in needed:
            if not access.allows(principal, resource_type, permission, resource_id):
                await context.abort(
                    grpc.StatusCode.PERMISSION_DENIED,
                    f"Unauthorized to perform operation '{permission}' on resource '{resource_type}'",
                )
        claimed = _claimed_unit(request) if method.endswith(_CREATE_METHODS) else None
        if principal.unit is not None and claimed is not None and claimed != principal.unit:
            # A unit's staff see the projects of their unit: starting one in another unit's name
            # would hand it to that unit (and hide it from their own).
            await context.abort(
                grpc.StatusCode.PERMISSION_DENIED,
                f"建设单位用户只能以本单位 ({principal.unit}) 名义创建项目，不能以 {claimed} 名义创建",
            )
        return principal

    def _record(self, principal: Principal, method: str, operation: str, request: Any, response: Any) -> None:
        sent = MessageToDict(request, preserving_proto_field_name=False)
        if "request" in sent and isinstance(sent["request"], dict):
            sent = sent["request"]
        answered = MessageToDict(response, preserving_proto_field_name=False) if response is not None else {}
        details = {name: sent[name] for name in _AUDITED_FIELDS if name in sent}
        if isinstance(details.get("variables"), str):
            with contextlib.suppress(json.JSONDecodeError):
                details["variables"] = json.loads(details["variables"])
        if "resources" in sent:
            details["resources"] = [r.get("name") for r in sent["resources"]]
        instance = sent.get("processInstanceKey") or answered.get("processInstanceKey")
        self._services.audit.record(
            principal,
            operation,
            api=f"gRPC {method.rsplit('/', 1)[-1]}",
            target_key=sent.get("incidentKey")
            or sent.get("jobKey")
            or sent.get("elementInstanceKey")
            or instance,
            process_instance_key=instance,
            details=details,
        )


_CREATE_METHODS = ("/CreateProcessInstance", "/CreateProcessInstanceWithResult")


def _claimed_unit(request: Any) -> str | None:
    document = getattr(getattr(request, "request", request), "variables", "") or ""
    try:
        variables = json.loads(document) if document else {}
    except json.JSONDecodeError:
        return None  # the gateway refuses it as INVALID_ARGUMENT
    unit = variables.get(UNIT_VARIABLE) if isinstance(variables, dict) else None
    return str(unit) if unit is not None else None


def _authorization(details: grpc.HandlerCallDetails) -> str | None:
    for key, value in details.invocation_metadata or ():
        if key == "authorization":
            return value if isinstance(value, str) else bytes(value).decode("latin-1")
    return None


def _field(request: Any, dotted: str) -> str | None:
    value: Any = request
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return str(value) if value else None
