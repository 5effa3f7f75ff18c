"""Authentication and authorization of every REST call, as ASGI middleware in front of the routes.

It finds the operation's line in :data:`engine.identity.policy.REST_POLICY`, authenticates the
caller (401 without valid credentials), checks the permission and, for a call addressing one
object by key, that object (403 when refused), then lets the route run with the principal in
``request.state``. A search must filter its items through the visibility hook: a route that answers
a search without doing so fails closed (500) instead of leaking. Successful user actions go to the
audit log.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.gateway.identity_services import IdentityServices
from engine.identity.access import UNIT_VARIABLE
from engine.identity.authenticate import Unauthenticated
from engine.identity.permissions import Permission, ResourceType
from engine.identity.policy import REST_POLICY, Rule, Target
from engine.identity.principal import Principal

STATE_PRINCIPAL = "principal"
STATE_SERVICES = "identity"
STATE_LISTING = "listing_required"
STATE_FILTERED = "listing_filtered"
STATE_SESSION_PRINCIPAL = "session_principal"
"""Set by the web workspace for a call made with its session cookie: the user it signed in. Only
server code sets ``scope["state"]``, so a client of the REST port cannot present one."""


@dataclass(frozen=True)
class _Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    rule: Rule


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[A-Za-z_][A-Za-z0-9_]*\})", template)
    regex = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


class Refused(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


def _forbidden(permission: Permission | None, resource_type: ResourceType | None, why: str = "") -> Refused:
    detail = f"Unauthorized to perform operation '{permission}' on resource '{resource_type}'"
    return Refused(403, "FORBIDDEN", detail + (f": {why}" if why else ""))


class RestGuard:
    def __init__(
        self, app: ASGIApp, services: IdentityServices, policy: dict[tuple[str, str], Rule] | None = None
    ) -> None:
        self._app = app
        self._services = services
        table = REST_POLICY if policy is None else policy
        self._operations = [
            _Operation(method, template, _compile(template), rule)
            for (method, template), rule in table.items()
        ]

    def operation(self, method: str, path: str) -> tuple[_Operation, dict[str, str]] | None:
        # Literal segments win over parameters (/v2/users/search before /v2/users/{username}).
        best: tuple[_Operation, dict[str, str]] | None = None
        for operation in self._operations:
            if operation.method != method:
                continue
            found = operation.pattern.match(path)
            if found and (best is None or operation.template.count("{") < best[0].template.count("{")):
                best = (operation, found.groupdict())
        return best

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        found = self.operation(scope["method"], scope["path"])
        if found is not None and found[0].rule.public:
            await self._app(scope, receive, send)
            return
        signed_in = scope.get("state", {}).get(STATE_SESSION_PRINCIPAL)
        if isinstance(signed_in, Principal):
            principal = signed_in
        else:
            headers = dict(scope.get("headers") or [])
            header = headers.get(b"authorization", b"").decode("latin-1") or None
            try:
                principal = await asyncio.to_thread(self._services.authenticator.authenticate, header)
            except Unauthenticated as error:
                await _problem(send, scope, Refused(401, "UNAUTHORIZED", str(error)), authenticate=True)
                return
        body = b""
        if scope["method"] in ("POST", "PUT", "PATCH"):
            body, receive = await _buffered(receive)
        state = scope.setdefault("state", {})
        state[STATE_PRINCIPAL] = principal
        state[STATE_SERVICES] = self._services
        audit_facts: dict[str, Any] = {}
        if found is None:
            if not principal.unrestricted:
                await _problem(
                    send, scope, Refused(403, "FORBIDDEN", "no authorization policy covers this operation")
                )
                return
            await self._app(scope, receive, send)
            return
        operation, params = found
        try:
            audit_facts = await self._check(principal, operation.rule, params, body)
        except Refused as refused:
            await _problem(send, scope, refused)
            return
        if operation.rule.listing is not None:
            state[STATE_LISTING] = operation.rule.listing.value
        status = await self._run(scope, receive, send, listing=operation.rule.listing is not None)
        if operation.rule.audit is not None and 200 <= status < 300:
            self._record(principal, operation, params, body, audit_facts)

    async def _run(self, scope: Scope, receive: Receive, send: Send, *, listing: bool) -> int:
        status = 0
        swallowed = False

        async def guarded_send(message: Message) -> None:
            nonlocal status, swallowed
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if listing and status < 300 and not scope["state"].get(STATE_FILTERED):
                    swallowed = True
                    status = 500
                    await _problem(
                        send,
                        scope,
                        Refused(
                            500, "INTERNAL", "this search does not filter its results by the caller's access"
                        ),
                    )
                    return
            if not swallowed:
                await send(message)

        await self._app(scope, receive, guarded_send)
        return status

    async def _check(
        self, principal: Principal, rule: Rule, params: dict[str, str], body: bytes
    ) -> dict[str, Any]:
        """Raises :class:`Refused`; returns what the audit entry should name (instance keys)."""
        access = self._services.access
        for resource_type, permission in rule.also:
            if not access.allows(principal, resource_type, permission):
                raise _forbidden(permission, resource_type)
        if rule.resource_type is None or rule.permission is None:
            return {}
        if rule.target is Target.NONE:
            if rule.self_service and params.get("username") == principal.username:
                return {}
            process_id = _json_field(body, "processDefinitionId") if rule.body_process_id else None
            if not access.allows(principal, rule.resource_type, rule.permission, process_id):
                raise _forbidden(rule.permission, rule.resource_type)
            if rule.body_process_id:
                _check_claimed_unit(principal, body)
            return {}
        key = _numeric(params.get("key"))
        if key is None:
            return {}  # the route answers 400 for a key that is not a number
        return await self._check_target(principal, rule, key, body)

    async def _check_target(self, principal: Principal, rule: Rule, key: int, body: bytes) -> dict[str, Any]:
        objects = self._services.objects
        assert objects is not None, "IdentityServices.bind(host) must run before serving"
        access = self._services.access
        assert rule.resource_type is not None and rule.permission is not None
        resource_type, permission = rule.resource_type, rule.permission
        instance_key: int | None = None
        if rule.target is Target.USER_TASK:
            task = await objects.user_task(key)
            if task is None:
                return {}
            process_id = str(task["processDefinitionId"])
            granted = access.allows(principal, resource_type, permission, process_id)
            if permission is Permission.READ_USER_TASK:
                allowed = granted or access.may_see_task(principal, task)
            else:
                allowed = granted or access.may_work_on(principal, task)
                assignee = _json_field(body, "assignee")
                if allowed and not granted and assignee is not None and assignee != principal.username:
                    raise _forbidden(permission, resource_type, "a user may claim a task only for themself")
            if not allowed:
                raise _forbidden(
                    permission, resource_type, f"user task {key} is not for {principal.username!r}"
                )
            facts = await objects.instance_facts(int(task["processInstanceKey"]))
            return {
                "process_instance_key": task["processInstanceKey"],
                "root_process_instance_key": facts.root_process_instance_key if facts else None,
                "details": {"elementId": task["elementId"], "processDefinitionId": process_id},
            }
        if rule.target is Target.PROCESS_DEFINITION:
            definition = await objects.process_definition_id(key)
            if definition is not None and not access.allows(principal, resource_type, permission, definition):
                raise _forbidden(permission, resource_type, f"process {definition!r}")
            return {}
        if rule.target is Target.PROCESS_INSTANCE:
            instance_key = key
        elif rule.target is Target.ELEMENT_INSTANCE:
            element = await objects.element_instance(key)
            instance_key = int(element["processInstanceKey"]) if element else None
        elif rule.target is Target.INCIDENT:
            incident = await objects.incident(key)
            instance_key = int(incident["processInstanceKey"]) if incident else None
        elif rule.target is Target.VARIABLE:
            variable = await objects.variable(key)
            instance_key = int(variable["processInstanceKey"]) if variable else None
        elif rule.target is Target.JOB:
            instance_key = await objects.job_instance(key)
        if instance_key is None:
            return {}
        facts = await objects.instance_facts(instance_key)
        if facts is None:
            return {}
        if rule.unit_reads:
            allowed = access.may_see_instance(principal, facts.process_definition_id, facts.unit)
        else:
            allowed = access.allows(principal, resource_type, permission, facts.process_definition_id)
        if not allowed:
            raise _forbidden(permission, resource_type, f"process {facts.process_definition_id!r}")
        return {
            "process_instance_key": facts.process_instance_key,
            "root_process_instance_key": facts.root_process_instance_key,
        }

    def _record(
        self,
        principal: Principal,
        operation: _Operation,
        params: dict[str, str],
        body: bytes,
        facts: dict[str, Any],
    ) -> None:
        details: dict[str, Any] = {"path": params, **facts.get("details", {})}
        parsed = _json_body(body)
        if operation.rule.target is not Target.NONE and isinstance(parsed, dict):
            # What the user submitted (variables of a completion, a changeset): the dossier shows it.
            details["request"] = parsed
        self._services.audit.record(
            principal,
            operation.rule.audit or operation.template,
            api=f"REST {operation.method} {operation.template}",
            target_key=params.get("key") or next(iter(params.values()), None),
            process_instance_key=facts.get("process_instance_key"),
            root_process_instance_key=facts.get("root_process_instance_key"),
            details=details,
        )


def _check_claimed_unit(principal: Principal, body: bytes) -> None:
    """A unit's staff see the projects of their unit: starting one in another unit's name would
    hand it to that unit (and hide it from their own)."""
    parsed = _json_body(body)
    variables = parsed.get("variables") if isinstance(parsed, dict) else None
    claimed = variables.get(UNIT_VARIABLE) if isinstance(variables, dict) else None
    if principal.unit is not None and claimed is not None and str(claimed) != principal.unit:
        raise Refused(
            403,
            "FORBIDDEN",
            f"建设单位用户只能以本单位 ({principal.unit}) 名义创建项目，不能以 {claimed} 名义创建",
        )


def principal_of(scope_state: dict[str, Any]) -> Principal | None:
    found = scope_state.get(STATE_PRINCIPAL)
    return found if isinstance(found, Principal) else None


def _numeric(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def _json_body(body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _json_field(body: bytes, name: str) -> str | None:
    parsed = _json_body(body)
    value = parsed.get(name) if isinstance(parsed, dict) else None
    return value if isinstance(value, str) else None


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _problem(send: Send, scope: Scope, refused: Refused, *, authenticate: bool = False) -> None:
    payload = json.dumps(
        {
            "type": "about:blank",
            "title": refused.title,
            "status": refused.status,
            "detail": refused.detail,
            "instance": scope.get("path", ""),
        },
        ensure_ascii=False,
    ).encode()
    headers = [(b"content-type", b"application/problem+json")]
    if authenticate:
        headers.append((b"www-authenticate", b'Bearer, Basic realm="govit"'))
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
