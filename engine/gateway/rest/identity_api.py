"""Camunda 8.8's identity operations over the embedded engine's directory: users, groups, roles,
authorizations, mapping rules and ``GET /v2/authentication/me``, with the 8.8 request and response
shapes (an official client manages this directory as it would a cluster's); and the audit log
search (``POST /v2/audit-logs/search``), filtered by the caller's access.

Who may call what is in :data:`engine.identity.policy.REST_POLICY`; the guard checks it first.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.identity_services import IdentityServices
from engine.gateway.rest.guard import principal_of
from engine.gateway.rest.problems import BadRequest, problem
from engine.gateway.rest.search import search
from engine.gateway.rest.visibility import visible
from engine.identity.directory import Directory
from engine.identity.passwords import WeakPassword
from engine.identity.permissions import OwnerType, Permission, ResourceType
from engine.identity.policy import Listing
from engine.identity.principal import PrincipalKind
from engine.identity.records import (
    AlreadyInDirectory,
    Authorization,
    DirectoryError,
    Group,
    MappingRule,
    NotFoundInDirectory,
    Role,
    User,
)

Endpoint = Callable[[Request], Awaitable[Response]]
Register = Callable[[str, str], Callable[[Endpoint], Endpoint]]


def _user(user: User) -> dict[str, Any]:
    return {"username": user.username, "name": user.name, "email": user.email}


def _group(group: Group) -> dict[str, Any]:
    return {"groupId": group.group_id, "name": group.name, "description": group.description}


def _role(role: Role) -> dict[str, Any]:
    return {"roleId": role.role_id, "name": role.name, "description": role.description}


def _rule(rule: MappingRule) -> dict[str, Any]:
    return {
        "mappingRuleId": rule.mapping_rule_id,
        "name": rule.name,
        "claimName": rule.claim_name,
        "claimValue": rule.claim_value,
    }


def _authorization(grant: Authorization) -> dict[str, Any]:
    return {
        "authorizationKey": str(grant.key),
        "ownerId": grant.owner_id,
        "ownerType": grant.owner_type.value,
        "resourceType": grant.resource_type.value,
        "resourceId": grant.resource_id,
        "permissionTypes": sorted(p.value for p in grant.permissions),
    }


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadRequest(f"the request body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    return body


def _text(body: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadRequest(f"No {name} provided" if value is None else f"{name} must be a non-empty string")
    return value


def _required(body: dict[str, Any], name: str) -> str:
    value = _text(body, name)
    assert value is not None
    return value


def _enum(kind: type[Any], body: dict[str, Any], name: str) -> Any:
    raw = _required(body, name)
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise BadRequest(f"{name} {raw!r} is not one of {allowed}") from None


def _permissions(body: dict[str, Any]) -> list[Permission]:
    raw = body.get("permissionTypes")
    if not isinstance(raw, list) or not raw:
        raise BadRequest("No permissionTypes provided")
    try:
        return [Permission(item) for item in raw]
    except ValueError as error:
        raise BadRequest(f"permissionTypes: {error}") from None


def _handled(endpoint: Endpoint) -> Endpoint:
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except BadRequest as error:
            return problem(request, 400, "INVALID_ARGUMENT", str(error))
        except WeakPassword as error:
            return problem(request, 400, "INVALID_ARGUMENT", str(error))
        except NotFoundInDirectory as error:
            return problem(request, 404, "NOT_FOUND", str(error))
        except AlreadyInDirectory as error:
            return problem(request, 409, "ALREADY_EXISTS", str(error))
        except DirectoryError as error:
            return problem(request, 400, "INVALID_ARGUMENT", str(error))

    return wrapper


def _found(items: list[dict[str, Any]], body: dict[str, Any], fields: frozenset[str]) -> JSONResponse:
    return JSONResponse(search(items, body, filterable=fields))


def identity_routes(services: IdentityServices) -> list[Route]:
    directory = services.directory
    routes: list[Route] = []

    def route(path: str, method: str) -> Callable[[Endpoint], Endpoint]:
        def register(endpoint: Endpoint) -> Endpoint:
            routes.append(Route(path, _handled(endpoint), methods=[method]))
            return endpoint

        return register

    @route("/v2/authentication/me", "GET")
    async def me(request: Request) -> Response:
        principal = principal_of(request.scope.get("state") or {})
        if principal is None:
            return problem(request, 401, "UNAUTHORIZED", "credentials are required")
        user = directory.find_user(principal.username) if principal.kind is PrincipalKind.USER else None
        return JSONResponse(
            {
                "username": principal.username,
                "displayName": principal.name or principal.username,
                "email": principal.email,
                "authorizedComponents": ["*"] if principal.unrestricted else ["tasklist", "operate"],
                "tenants": [{"tenantId": "<default>", "name": "Default", "description": None}],
                "groups": sorted(principal.groups),
                "roles": sorted(principal.roles),
                "salesPlanType": None,
                "c8Links": {},
                "canLogout": principal.via in ("password", "session"),
                # beyond 8.8's shape: the applying unit this user works for
                "unit": principal.unit if user is None else user.unit,
            }
        )

    # -- users -----------------------------------------------------------------------------

    @route("/v2/users", "POST")
    async def create_user(request: Request) -> Response:
        body = await _body(request)
        user = directory.add_user(
            _required(body, "username"),
            name=_text(body, "name", required=False) or "",
            password=_required(body, "password"),
            email=_text(body, "email", required=False),
            unit=_text(body, "unit", required=False),
        )
        return JSONResponse(_user(user), status_code=201)

    @route("/v2/users/search", "POST")
    async def search_users(request: Request) -> Response:
        items = [_user(u) for u in directory.users()]
        return _found(items, await _body(request), frozenset({"username", "name", "email"}))

    @route("/v2/users/{username}", "GET")
    async def get_user(request: Request) -> Response:
        return JSONResponse(_user(directory.user(request.path_params["username"])))

    @route("/v2/users/{username}", "PUT")
    async def update_user(request: Request) -> Response:
        body = await _body(request)
        user = directory.update_user(
            request.path_params["username"],
            name=_text(body, "name", required=False),
            email=_text(body, "email", required=False),
            password=_text(body, "password", required=False),
        )
        return JSONResponse(_user(user))

    @route("/v2/users/{username}", "DELETE")
    async def delete_user(request: Request) -> Response:
        directory.delete_user(request.path_params["username"])
        return Response(status_code=204)

    # -- groups and roles ------------------------------------------------------------------

    _entity_routes(route, directory, "groups", "groupId")
    _entity_routes(route, directory, "roles", "roleId")

    # -- mapping rules ---------------------------------------------------------------------

    @route("/v2/mapping-rules", "POST")
    async def create_mapping_rule(request: Request) -> Response:
        body = await _body(request)
        rule = directory.add_mapping_rule(
            _required(body, "mappingRuleId"),
            name=_required(body, "name"),
            claim_name=_required(body, "claimName"),
            claim_value=_required(body, "claimValue"),
        )
        return JSONResponse(_rule(rule), status_code=201)

    @route("/v2/mapping-rules/search", "POST")
    async def search_mapping_rules(request: Request) -> Response:
        items = [_rule(r) for r in directory.mapping_rules()]
        return _found(
            items, await _body(request), frozenset({"mappingRuleId", "name", "claimName", "claimValue"})
        )

    @route("/v2/mapping-rules/{mappingRuleId}", "GET")
    async def get_mapping_rule(request: Request) -> Response:
        return JSONResponse(_rule(directory.mapping_rule(request.path_params["mappingRuleId"])))

    @route("/v2/mapping-rules/{mappingRuleId}", "PUT")
    async def update_mapping_rule(request: Request) -> Response:
        body = await _body(request)
        rule = directory.update_mapping_rule(
            request.path_params["mappingRuleId"],
            name=_required(body, "name"),
            claim_name=_required(body, "claimName"),
            claim_value=_required(body, "claimValue"),
        )
        return JSONResponse(_rule(rule))

    @route("/v2/mapping-rules/{mappingRuleId}", "DELETE")
    async def delete_mapping_rule(request: Request) -> Response:
        directory.delete_mapping_rule(request.path_params["mappingRuleId"])
        return Response(status_code=204)

    # -- authorizations --------------------------------------------------------------------

    def grant_of(body: dict[str, Any]) -> tuple[OwnerType, str, ResourceType, str, list[Permission]]:
        return (
            _enum(OwnerType, body, "ownerType"),
            _required(body, "ownerId"),
            _enum(ResourceType, body, "resourceType"),
            _required(body, "resourceId"),
            _permissions(body),
        )

    @route("/v2/authorizations", "POST")
    async def create_authorization(request: Request) -> Response:
        grant = directory.add_authorization(*grant_of(await _body(request)))
        return JSONResponse({"authorizationKey": str(grant.key)}, status_code=201)

    @route("/v2/authorizations/search", "POST")
    async def search_authorizations(request: Request) -> Response:
        items = [_authorization(a) for a in directory.authorizations()]
        fields = frozenset({"ownerId", "ownerType", "resourceType", "resourceIds", "authorizationKey"})
        body = await _body(request)
        filters = body.get("filter")
        if isinstance(filters, dict) and "resourceIds" in filters:
            wanted = filters.pop("resourceIds")
            wanted = wanted if isinstance(wanted, list) else [wanted]
            items = [item for item in items if item["resourceId"] in wanted]
        return _found(items, body, fields)

    def authorization_key(request: Request) -> int:
        raw = request.path_params["authorizationKey"]
        try:
            return int(raw)
        except ValueError:
            raise BadRequest(f"authorizationKey must be a numeric key, got {raw!r}") from None

    @route("/v2/authorizations/{authorizationKey}", "GET")
    async def get_authorization(request: Request) -> Response:
        return JSONResponse(_authorization(directory.authorization(authorization_key(request))))

    @route("/v2/authorizations/{authorizationKey}", "PUT")
    async def update_authorization(request: Request) -> Response:
        key = authorization_key(request)
        owner_type, owner_id, resource_type, resource_id, permissions = grant_of(await _body(request))
        directory.replace_authorization(
            key,
            owner_type=owner_type,
            owner_id=owner_id,
            resource_type=resource_type,
            resource_id=resource_id,
            permissions=permissions,
        )
        return Response(status_code=204)

    @route("/v2/authorizations/{authorizationKey}", "DELETE")
    async def delete_authorization(request: Request) -> Response:
        directory.delete_authorization(authorization_key(request))
        return Response(status_code=204)

    # -- audit log -------------------------------------------------------------------------

    @route("/v2/audit-logs/search", "POST")
    async def search_audit_log(request: Request) -> Response:
        entries = [
            {
                "auditLogKey": str(e.audit_key),
                "timestamp": datetime.fromtimestamp(e.timestamp_ms / 1000, UTC).isoformat(
                    timespec="milliseconds"
                ),
                "actorId": e.actor,
                "actorType": e.actor_type,
                "operationType": e.operation,
                "api": e.api,
                "entityKey": e.target_key,
                "processInstanceKey": e.process_instance_key,
                "rootProcessInstanceKey": e.root_process_instance_key,
                "details": e.details,
                "process_instance_key": e.process_instance_key,
            }
            for e in services.audit.entries()
        ]
        entries = await visible(request, Listing.AUDIT, entries)
        for entry in entries:
            entry.pop("process_instance_key")
        fields = frozenset(
            {
                "auditLogKey",
                "actorId",
                "operationType",
                "processInstanceKey",
                "rootProcessInstanceKey",
                "entityKey",
            }
        )
        return _found(entries, await _body(request), fields)

    return routes


def _entity_routes(route: Register, directory: Directory, plural: str, id_field: str) -> None:
    """Groups and roles share their operations (create, read, update, delete, members)."""
    is_group = plural == "groups"
    base = f"/v2/{plural}"
    path_id = "{" + id_field + "}"

    def shape(entity: Any) -> dict[str, Any]:
        return _group(entity) if is_group else _role(entity)

    def ident(request: Request) -> str:
        return str(request.path_params[id_field])

    @route(base, "POST")
    async def create(request: Request) -> Response:
        body = await _body(request)
        entity_id, name = _required(body, id_field), _required(body, "name")
        description = _text(body, "description", required=False)
        add = directory.add_group if is_group else directory.add_role
        return JSONResponse(shape(add(entity_id, name=name, description=description)), status_code=201)

    @route(f"{base}/search", "POST")
    async def search_all(request: Request) -> Response:
        items = [shape(e) for e in (directory.groups() if is_group else directory.roles())]
        return _found(items, await _body(request), frozenset({id_field, "name"}))

    @route(f"{base}/{path_id}", "GET")
    async def get(request: Request) -> Response:
        return JSONResponse(
            shape(directory.group(ident(request)) if is_group else directory.role(ident(request)))
        )

    @route(f"{base}/{path_id}", "PUT")
    async def update(request: Request) -> Response:
        body = await _body(request)
        name, description = _required(body, "name"), _text(body, "description", required=False)
        change = directory.update_group if is_group else directory.update_role
        return JSONResponse(shape(change(ident(request), name=name, description=description)))

    @route(f"{base}/{path_id}", "DELETE")
    async def delete(request: Request) -> Response:
        (directory.delete_group if is_group else directory.delete_role)(ident(request))
        return Response(status_code=204)

    members = [
        ("users", "username", OwnerType.USER),
        ("clients", "clientId", OwnerType.CLIENT),
        ("mapping-rules", "mappingRuleId", OwnerType.MAPPING_RULE),
    ]
    if not is_group:
        members.append(("groups", "groupId", OwnerType.GROUP))
    add_member = directory.add_group_member if is_group else directory.add_role_member
    remove_member = directory.remove_group_member if is_group else directory.remove_role_member
    list_members = directory.group_members if is_group else directory.role_members
    for segment, member_field, member_type in members:
        _member_routes(
            route,
            directory,
            f"{base}/{path_id}/{segment}",
            id_field,
            member_field,
            member_type,
            add_member,
            remove_member,
            list_members,
        )
    if is_group:

        @route(f"{base}/{path_id}/roles/search", "POST")
        async def roles_of_group(request: Request) -> Response:
            group_id = ident(request)
            directory.group(group_id)
            items = [
                _role(role)
                for role in directory.roles()
                if group_id in directory.role_members(role.role_id, OwnerType.GROUP)
            ]
            return _found(items, await _body(request), frozenset({"roleId", "name"}))


def _member_routes(  # noqa: PLR0917 - one registration per member kind, all from one table
    route: Register,
    directory: Directory,
    base: str,
    id_field: str,
    member_field: str,
    member_type: OwnerType,
    add_member: Callable[[str, OwnerType, str], None],
    remove_member: Callable[[str, OwnerType, str], None],
    list_members: Callable[[str, OwnerType], list[str]],
) -> None:
    member_path = f"{base}/{{{member_field}}}"

    @route(member_path, "PUT")
    async def assign(request: Request) -> Response:
        add_member(request.path_params[id_field], member_type, request.path_params[member_field])
        return Response(status_code=204)

    @route(member_path, "DELETE")
    async def unassign(request: Request) -> Response:
        remove_member(request.path_params[id_field], member_type, request.path_params[member_field])
        return Response(status_code=204)

    @route(f"{base}/search", "POST")
    async def search_members(request: Request) -> Response:
        member_ids = list_members(request.path_params[id_field], member_type)
        if member_type is OwnerType.MAPPING_RULE:
            items = [_rule(directory.mapping_rule(m)) for m in member_ids]
        elif member_type is OwnerType.GROUP:
            items = [_group(directory.group(m)) for m in member_ids]
        else:
            items = [{member_field: m} for m in member_ids]
        return _found(items, await _body(request), frozenset({member_field}))
