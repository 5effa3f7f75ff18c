"""Every REST operation under the identity guard: 401 without credentials, 403 without the right
(state unchanged), success with it; user tasks only for their assignee and candidates; an applying
unit sees only its own projects, through any search, filter or key guess."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.routing import Route

from engine.gateway.engine_host import EngineHost
from engine.gateway.identity_services import IdentityServices
from engine.gateway.rest.app import build_app
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.policy import REST_POLICY
from engine.runtime import Engine
from engine.testing.builder import process
from tests.engine.identity.conftest import SERVICE, UNIT_A, UNIT_B, Guarded, basic


def test_every_rest_route_has_a_policy_line() -> None:
    engine = Engine.in_memory()
    directory = Directory.open(None, passwords=Passwords(TEST_COST))
    services = IdentityServices.create(directory, service_token="t")
    host = EngineHost(engine)
    try:
        app = build_app(host, identity=services.bind(host))
        missing = [
            f"{method} {route.path}"
            for route in app.routes
            if isinstance(route, Route)
            for method in sorted((route.methods or set()) - {"HEAD"})
            if (method, route.path) not in REST_POLICY
        ]
    finally:
        host.stop()
        directory.close()
    assert not missing, f"routes without an authorization policy line: {missing}"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        basic("reviewer", "wrong-password"),
        {"Authorization": "Token x"},
    ],
)
def test_no_valid_credentials_is_401(guarded: Guarded, headers: dict[str, str]) -> None:
    with guarded.http() as client:
        response = client.post("/v2/user-tasks/search", json={}, headers=headers)
    assert response.status_code == 401
    assert response.json()["title"] == "UNAUTHORIZED"


def test_user_tasks_of_another_group_cannot_be_listed_read_claimed_or_completed(guarded: Guarded) -> None:
    instance = guarded.start_project(UNIT_A, ["lg-ita-reviewers"])
    task = guarded.task_of(instance)
    key = task["userTaskKey"]
    assert [t["userTaskKey"] for t in guarded.tasks(basic("reviewer"))] == [key]
    assert guarded.tasks(basic("finance")) == []
    with guarded.http() as client:
        stranger = basic("finance")
        assert client.get(f"/v2/user-tasks/{key}", headers=stranger).status_code == 403
        assert client.get(f"/v2/user-tasks/{key}/form", headers=stranger).status_code == 403
        claim = client.post(
            f"/v2/user-tasks/{key}/assignment", json={"assignee": "finance"}, headers=stranger
        )
        assert claim.status_code == 403
        done = client.post(
            f"/v2/user-tasks/{key}/completion", json={"variables": {"ok": True}}, headers=stranger
        )
        assert done.status_code == 403
        assert (
            client.patch(
                f"/v2/user-tasks/{key}", json={"changeset": {"priority": 1}}, headers=stranger
            ).status_code
            == 403
        )
        assert client.delete(f"/v2/user-tasks/{key}/assignee", headers=stranger).status_code == 403
    unchanged = guarded.task_of(instance)
    assert unchanged["state"] == "CREATED" and unchanged.get("assignee") is None


def test_a_candidate_claims_for_themself_and_only_the_assignee_completes(guarded: Guarded) -> None:
    instance = guarded.start_project(UNIT_A, ["lg-ita-reviewers", "lg-fin"])
    key = guarded.task_of(instance)["userTaskKey"]
    with guarded.http() as client:
        for_someone_else = client.post(
            f"/v2/user-tasks/{key}/assignment", json={"assignee": "finance"}, headers=basic("reviewer")
        )
        assert for_someone_else.status_code == 403
        claimed = client.post(
            f"/v2/user-tasks/{key}/assignment", json={"assignee": "reviewer"}, headers=basic("reviewer")
        )
        assert claimed.status_code == 204, claimed.text
        # finance is a candidate too, but the task is now the reviewer's
        other = client.post(f"/v2/user-tasks/{key}/completion", json={}, headers=basic("finance"))
        assert other.status_code == 403
        done = client.post(
            f"/v2/user-tasks/{key}/completion",
            json={"variables": {"accepted": True}},
            headers=basic("reviewer"),
        )
        assert done.status_code == 204, done.text
    assert guarded.task_of(instance)["state"] == "COMPLETED"
    entries = guarded.services.audit.entries(process_instance_key=str(instance))
    assert [(e.actor, e.operation) for e in entries] == [
        ("reviewer", "ASSIGN_USER_TASK"),
        ("reviewer", "COMPLETE_USER_TASK"),
    ]
    assert entries[1].details["request"] == {"variables": {"accepted": True}}
    assert entries[1].root_process_instance_key == str(instance)


def _search(
    guarded: Guarded, path: str, headers: dict[str, str], body: dict[str, Any] | None = None
) -> list[Any]:
    with guarded.http() as client:
        response = client.post(path, json=body or {}, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_an_applying_unit_sees_only_its_own_projects(guarded: Guarded) -> None:
    mine = guarded.start_project(UNIT_A, ["lg-owner"])
    theirs = guarded.start_project(UNIT_B, ["lg-owner"])
    clerk = basic("clerk_a")
    found = _search(guarded, "/v2/process-instances/search", clerk)
    assert [item["processInstanceKey"] for item in found] == [str(mine)]
    by_filter = _search(
        guarded, "/v2/process-instances/search", clerk, {"filter": {"processInstanceKey": str(theirs)}}
    )
    assert by_filter == []
    elements = _search(guarded, "/v2/element-instances/search", clerk)
    assert elements and {e["processInstanceKey"] for e in elements} == {str(mine)}
    with guarded.http() as client:
        assert client.get(f"/v2/process-instances/{mine}", headers=clerk).status_code == 200
        assert client.get(f"/v2/process-instances/{theirs}", headers=clerk).status_code == 403
        foreign_element = next(
            e
            for e in _search(guarded, "/v2/element-instances/search", SERVICE)
            if e["processInstanceKey"] == str(theirs)
        )
        assert (
            client.get(
                f"/v2/element-instances/{foreign_element['elementInstanceKey']}", headers=clerk
            ).status_code
            == 403
        )
    assert len(_search(guarded, "/v2/process-instances/search", basic("operator"))) == 2


def test_incidents_variables_and_job_retries_need_the_ops_role(guarded: Guarded) -> None:
    instance = guarded.start_project(UNIT_A, ["lg-ita-reviewers"])
    clerk = basic("clerk_a")
    assert _search(guarded, "/v2/variables/search", clerk) == []
    assert _search(guarded, "/v2/incidents/search", clerk) == []
    variables = _search(guarded, "/v2/variables/search", basic("operator"))
    unit_variable = next(
        v for v in variables if v["name"] == "unit" and v["processInstanceKey"] == str(instance)
    )
    with guarded.http() as client:
        assert client.get(f"/v2/variables/{unit_variable['variableKey']}", headers=clerk).status_code == 403
        assert (
            client.get(f"/v2/variables/{unit_variable['variableKey']}", headers=basic("operator")).status_code
            == 200
        )


def test_migration_needs_the_process_owner_and_the_clock_the_system_grant(guarded: Guarded) -> None:
    instance = guarded.start_project(UNIT_A, ["lg-ita-reviewers"])
    changed = (
        process("lg-review")
        .start_event("start")
        .user_task("review", name="审核（新版）", candidate_groups="=reviewers")
        .end_event("end")
        .to_xml()
    )
    target = guarded.engine.deploy([("review-v2.bpmn", changed)]).processes[0].process_definition_key
    body = {
        "targetProcessDefinitionKey": str(target),
        "mappingInstructions": [{"sourceElementId": "review", "targetElementId": "review"}],
    }
    with guarded.http() as client:
        for user in ("operator", "clerk_a", "reviewer"):
            refused = client.post(
                f"/v2/process-instances/{instance}/migration", json=body, headers=basic(user)
            )
            assert refused.status_code == 403, user
        before = client.get(f"/v2/process-instances/{instance}", headers=SERVICE).json()
        assert before["processDefinitionKey"] != str(target)
        migrate = f"/v2/process-instances/{instance}/migration"
        allowed = client.post(migrate, json=body, headers=basic("owner"))
        assert allowed.status_code == 204, allowed.text
        after = client.get(f"/v2/process-instances/{instance}", headers=SERVICE).json()
        assert after["processDefinitionKey"] == str(target)
        assert client.put("/v2/clock", json={"timestamp": 0}, headers=basic("reviewer")).status_code == 403
        assert client.post("/v2/clock/reset", headers=basic("owner")).status_code == 403
        assert client.post("/v2/clock/reset", headers=basic("operator")).status_code == 204
        assert client.get("/v2/topology", headers=basic("nobody")).status_code == 200
    assert [e.operation for e in guarded.services.audit.entries(process_instance_key=str(instance))] == [
        "MIGRATE_PROCESS_INSTANCE"
    ]


def test_an_operation_without_a_policy_line_is_refused_to_users(guarded: Guarded) -> None:
    with guarded.http() as client:
        assert client.get("/v2/not-an-operation", headers=basic("admin")).status_code == 403
        assert client.get("/v2/not-an-operation", headers=SERVICE).status_code == 404


def test_lock_out_after_repeated_wrong_passwords(guarded: Guarded) -> None:
    with guarded.http() as client:
        for _ in range(5):
            assert client.get("/v2/topology", headers=basic("reviewer", "wrong-password")).status_code == 401
        locked = client.get("/v2/topology", headers=basic("reviewer"))
    assert locked.status_code == 401
    assert "锁定" in locked.json()["detail"]


def test_api_tokens_authenticate_and_stop_when_the_user_is_disabled(guarded: Guarded) -> None:
    token = guarded.directory.issue_token("reviewer", "laptop")
    headers = {"Authorization": f"Bearer {token}"}
    with guarded.http() as client:
        me = client.get("/v2/authentication/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["username"] == "reviewer" and me.json()["groups"] == ["lg-ita-reviewers"]
        guarded.directory.set_enabled("reviewer", False)
        assert client.get("/v2/authentication/me", headers=headers).status_code == 401


def test_an_applying_unit_starts_projects_over_rest_only_in_its_own_name(guarded: Guarded) -> None:
    body = {"processDefinitionId": "lg-review", "variables": {"reviewers": ["lg-ita-reviewers"]}}
    before = len(guarded.engine.records)
    with guarded.http() as client:
        foreign = {**body, "variables": {**body["variables"], "unit": UNIT_B}}
        refused = client.post("/v2/process-instances", json=foreign, headers=basic("clerk_a"))
        assert refused.status_code == 403
        assert "只能以本单位" in refused.json()["detail"]
        assert len(guarded.engine.records) == before
        own = {**body, "variables": {**body["variables"], "unit": UNIT_A}}
        started = client.post("/v2/process-instances", json=own, headers=basic("clerk_a"))
        assert started.status_code == 200, started.text
        key = started.json()["processInstanceKey"]
        assert client.get(f"/v2/process-instances/{key}", headers=basic("clerk_a")).status_code == 200
        assert client.get(f"/v2/process-instances/{key}", headers=basic("clerk_b")).status_code == 403


def test_the_status_answers_load_balancers_without_credentials(guarded: Guarded) -> None:
    with guarded.http() as client:
        assert client.get("/v2/status").status_code == 204
        assert client.get("/v2/license").status_code == 401
