"""Every line of the REST policy, tried as a caller would: without credentials 401; as a user with no
grant 403 with nothing changed (engine records, directory); a search as that user answers with none
of the items the service account sees; and as a user holding exactly the line's permissions, the
guard lets the call through to its route."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.identity.permissions import WILDCARD, OwnerType
from engine.identity.policy import REST_POLICY, Rule
from engine.testing.builder import process
from engine.testing.events import message
from tests.engine.identity.conftest import SERVICE, Guarded, basic, guarded_gateway

ROOT = Path(__file__).resolve().parents[3]
ROUTES = sorted(REST_POLICY)


def _destructive(route: tuple[str, str]) -> bool:
    method, path = route
    return method == "DELETE" or path.endswith(("/deletion", "/cancellation", "/completion", "/error"))


# Reads first, then writes, destructive ones last: one engine serves the whole module.
ORDERED = sorted(ROUTES, key=lambda route: (_destructive(route), route[0] != "GET", route))
GUARDED = [route for route in ORDERED if not REST_POLICY[route].public]
NEEDING_A_GRANT = [route for route in GUARDED if REST_POLICY[route].resource_type is not None]
LISTINGS = [route for route in GUARDED if REST_POLICY[route].listing is not None]


def _ops_process() -> bytes:
    return (
        process("lg-ops")
        .start_event("start")
        .service_task("check", job_type="policy-check")
        .end_event("end")
        .to_xml()
    )


def _waiting_process() -> bytes:
    return (
        process("lg-wait")
        .start_event("start")
        .receive_task("signed", message=message("contract-signed", "= projectId"))
        .end_event("end")
        .to_xml()
    )


@dataclass
class World:
    guarded: Guarded
    keys: dict[str, str]


def _first(guarded: Guarded, path: str, field: str, body: dict[str, Any] | None = None) -> str:
    with guarded.http() as client:
        response = client.post(path, json=body or {}, headers=SERVICE)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items, f"{path} found nothing to address"
    return str(items[0][field])


def _world(guarded: Guarded) -> World:
    engine = guarded.engine
    engine.deploy(
        [
            ("ops.bpmn", _ops_process()),
            ("wait.bpmn", _waiting_process()),
            ("applicability.dmn", (ROOT / "decisions" / "applicability.dmn").read_bytes()),
        ]
    )
    instance = guarded.start_project("龙岗区城市管理和综合执法局", ["lg-ita-reviewers"])
    engine.create_instance("lg-ops", variables={"unit": "龙岗区教育局"})
    engine.create_instance("lg-wait", variables={"projectId": "LG-2026-0001"})
    engine.create_instance("lg-wait", variables={"projectId": "LG-2026-0002"})
    engine.publish_message("contract-signed", "LG-2026-0002")
    job = engine.activate_jobs("policy-check", max_jobs=1)[0]
    engine.fail_job(job.key, retries=0, error_message="检查失败")
    with guarded.http() as client:
        decisions = client.post("/v2/decision-definitions/search", json={}, headers=SERVICE).json()
        decision = decisions["items"][0]
        evaluated = client.post(
            "/v2/decision-definitions/evaluation",
            json={"decisionDefinitionKey": decision["decisionDefinitionKey"], "variables": {}},
            headers=SERVICE,
        )
        assert evaluated.status_code == 200, evaluated.text
        # The service account's calls are not audited: one user action gives the log an entry.
        pinned = client.put("/v2/clock", json={"timestamp": 1767225600000}, headers=basic("operator"))
        assert pinned.status_code == 204, pinned.text
    keys = {
        "user-tasks": _first(guarded, "/v2/user-tasks/search", "userTaskKey"),
        "process-instances": str(instance),
        "element-instances": _first(guarded, "/v2/element-instances/search", "elementInstanceKey"),
        "incidents": _first(guarded, "/v2/incidents/search", "incidentKey"),
        "variables": _first(guarded, "/v2/variables/search", "variableKey"),
        "jobs": str(job.key),
        "process-definitions": _first(guarded, "/v2/process-definitions/search", "processDefinitionKey"),
        "resources": _first(guarded, "/v2/process-definitions/search", "processDefinitionKey"),
        "decision-definitions": str(decision["decisionDefinitionKey"]),
        "decision-requirements": str(decision["decisionRequirementsKey"]),
        "decision-instances": _first(
            guarded, "/v2/decision-instances/search", "decisionEvaluationInstanceKey"
        ),
        "authorizationKey": str(guarded.directory.authorizations()[0].key),
    }
    return World(guarded, keys)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with guarded_gateway() as guarded:
        yield _world(guarded)


def _path(template: str, keys: dict[str, str]) -> str:
    resource = template.split("/")[2]
    fillers = {
        "key": keys.get(resource, "1"),
        "username": "clerk_a",
        "groupId": "lg-owner",
        "roleId": "ops",
        "clientId": "some-client",
        "mappingRuleId": "some-mapping-rule",
        "authorizationKey": keys["authorizationKey"],
        "documentId": "some-document",
    }
    return re.sub(r"\{([A-Za-z]+)\}", lambda m: fillers[m.group(1)], template)


def _call(world: World, route: tuple[str, str], headers: dict[str, str]) -> Any:
    method, template = route
    with world.guarded.http() as client:
        body = json.dumps({}) if method in ("POST", "PUT", "PATCH") else None
        return client.request(
            method,
            _path(template, world.keys),
            content=body,
            headers={**headers, "content-type": "application/json"},
        )


def _snapshot(world: World) -> tuple[int, int]:
    return len(world.guarded.engine.records), world.guarded.directory.revision


def _id(route: tuple[str, str]) -> str:
    return f"{route[0]} {route[1]}"


@pytest.mark.parametrize("route", GUARDED, ids=_id)
def test_without_credentials_the_answer_is_401(world: World, route: tuple[str, str]) -> None:
    response = _call(world, route, {})
    assert response.status_code == 401, response.text
    assert response.json()["title"] == "UNAUTHORIZED"


@pytest.mark.parametrize("route", NEEDING_A_GRANT, ids=_id)
def test_without_the_permission_the_answer_is_403_and_nothing_changes(
    world: World, route: tuple[str, str]
) -> None:
    before = _snapshot(world)
    response = _call(world, route, basic("nobody"))
    assert response.status_code == 403, response.text
    assert response.json()["title"] == "FORBIDDEN"
    assert _snapshot(world) == before


@pytest.mark.parametrize("route", LISTINGS, ids=_id)
def test_a_search_shows_a_user_without_grants_none_of_what_exists(
    world: World, route: tuple[str, str]
) -> None:
    everything = _call(world, route, SERVICE)
    assert everything.status_code == 200, everything.text
    assert everything.json()["items"], f"{route} has nothing to hide in this world"
    hidden = _call(world, route, basic("nobody"))
    assert hidden.status_code == 200, hidden.text
    assert hidden.json()["items"] == []
    assert hidden.json()["page"]["totalItems"] == 0


def _granted_user(world: World, route: tuple[str, str], rule: Rule) -> str:
    directory = world.guarded.directory
    name = "granted-" + re.sub(r"[^a-z0-9]+", "-", _id(route).lower()).strip("-")
    directory.add_user(name, name=name, password="correct-horse-battery", unit=None, email=None)
    directory.add_role(name, name=name)
    directory.add_role_member(name, OwnerType.USER, name)
    assert rule.resource_type is not None and rule.permission is not None
    for resource_type, permission in ((rule.resource_type, rule.permission), *rule.also):
        directory.add_authorization(OwnerType.ROLE, name, resource_type, WILDCARD, (permission,))
    return name


@pytest.mark.parametrize("route", NEEDING_A_GRANT, ids=_id)
def test_holding_exactly_its_permissions_the_guard_lets_the_call_through(
    world: World, route: tuple[str, str]
) -> None:
    username = _granted_user(world, route, REST_POLICY[route])
    response = _call(world, route, basic(username))
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text


def test_every_guarded_line_is_tried() -> None:
    """The tables above cover the policy: none of its lines falls between them."""
    untried = [
        route
        for route in GUARDED
        if route not in NEEDING_A_GRANT
        and route not in LISTINGS
        and REST_POLICY[route] != Rule(audit=REST_POLICY[route].audit)
    ]
    assert not untried, untried
    assert len(GUARDED) + sum(1 for r in ROUTES if REST_POLICY[r].public) == len(REST_POLICY)
