"""Camunda 8.8's identity operations: an administrator manages users, groups, roles, authorizations
and mapping rules with 8.8's shapes; others are refused; a grant takes effect at once."""

from __future__ import annotations

from tests.engine.identity.conftest import PASSWORD, Guarded, basic


def test_an_administrator_manages_the_directory_with_8_8_shapes(guarded: Guarded) -> None:
    admin = basic("admin")
    with guarded.http() as client:
        created = client.post(
            "/v2/users",
            json={
                "username": "hy_reviewer",
                "password": "a-long-password",
                "name": "河源审核员",
                "email": "r@hy.gov.cn",
            },
            headers=admin,
        )
        assert created.status_code == 201, created.text
        assert created.json() == {"username": "hy_reviewer", "name": "河源审核员", "email": "r@hy.gov.cn"}
        assert (
            client.post(
                "/v2/users", json={"username": "hy_reviewer", "password": "a-long-password"}, headers=admin
            ).status_code
            == 409
        )
        group = client.post(
            "/v2/groups", json={"groupId": "hy-ita-reviewers", "name": "河源审核组"}, headers=admin
        )
        assert group.status_code == 201
        assert group.json() == {"groupId": "hy-ita-reviewers", "name": "河源审核组", "description": None}
        assert client.put("/v2/groups/hy-ita-reviewers/users/hy_reviewer", headers=admin).status_code == 204
        members = client.post("/v2/groups/hy-ita-reviewers/users/search", json={}, headers=admin).json()
        assert members["items"] == [{"username": "hy_reviewer"}] and members["page"]["totalItems"] == 1
        me = client.get("/v2/authentication/me", headers=basic("hy_reviewer", "a-long-password")).json()
        assert me["username"] == "hy_reviewer" and me["groups"] == ["hy-ita-reviewers"] and me["roles"] == []
        rule = client.post(
            "/v2/mapping-rules",
            json={
                "mappingRuleId": "hy-staff",
                "name": "河源员工",
                "claimName": "department",
                "claimValue": "hy",
            },
            headers=admin,
        )
        assert rule.status_code == 201 and rule.json()["claimName"] == "department"
        grant = client.post(
            "/v2/authorizations",
            json={
                "ownerId": "hy-ita-reviewers",
                "ownerType": "GROUP",
                "resourceType": "PROCESS_DEFINITION",
                "resourceId": "hy-application",
                "permissionTypes": ["READ_PROCESS_INSTANCE"],
            },
            headers=admin,
        )
        assert grant.status_code == 201
        key = grant.json()["authorizationKey"]
        read = client.get(f"/v2/authorizations/{key}", headers=admin).json()
        assert read == {
            "authorizationKey": key,
            "ownerId": "hy-ita-reviewers",
            "ownerType": "GROUP",
            "resourceType": "PROCESS_DEFINITION",
            "resourceId": "hy-application",
            "permissionTypes": ["READ_PROCESS_INSTANCE"],
        }
        bad = client.post("/v2/authorizations", json={"ownerId": "x", "ownerType": "NOPE"}, headers=admin)
        assert bad.status_code == 400
        assert client.delete(f"/v2/authorizations/{key}", headers=admin).status_code == 204
        assert client.get(f"/v2/authorizations/{key}", headers=admin).status_code == 404
        roles = client.post("/v2/roles/search", json={}, headers=admin).json()["items"]
        assert {r["roleId"] for r in roles} >= {"admin", "ops", "process-owner", "applicant"}


def test_without_the_identity_grants_every_operation_is_refused(guarded: Guarded) -> None:
    reviewer = basic("reviewer")
    with guarded.http() as client:
        calls = [
            client.post("/v2/users", json={"username": "x", "password": "a-long-password"}, headers=reviewer),
            client.post("/v2/users/search", json={}, headers=reviewer),
            client.delete("/v2/users/admin", headers=reviewer),
            client.post("/v2/groups", json={"groupId": "g", "name": "g"}, headers=reviewer),
            client.put("/v2/groups/lg-fin/users/reviewer", headers=reviewer),
            client.put("/v2/roles/admin/users/reviewer", headers=reviewer),
            client.post("/v2/authorizations/search", json={}, headers=reviewer),
            client.post("/v2/mapping-rules/search", json={}, headers=reviewer),
        ]
        assert [c.status_code for c in calls] == [403] * len(calls)
        assert client.get("/v2/users/admin", headers=reviewer).status_code == 403
        # one's own entry is readable, and the password changeable
        assert client.get("/v2/users/reviewer", headers=reviewer).status_code == 200
        changed = client.put("/v2/users/reviewer", json={"password": "another-long-one"}, headers=reviewer)
        assert changed.status_code == 200
        assert (
            client.get("/v2/users/reviewer", headers=basic("reviewer", "another-long-one")).status_code == 200
        )
        assert client.get("/v2/users/reviewer", headers=basic("reviewer", PASSWORD)).status_code == 401
    assert "admin" not in guarded.directory.memberships("reviewer")[1]


def test_a_grant_takes_effect_at_once(guarded: Guarded) -> None:
    instance = guarded.start_project("其他单位", ["lg-fin"])
    with guarded.http() as client:
        assert client.get(f"/v2/process-instances/{instance}", headers=basic("reviewer")).status_code == 403
        client.post(
            "/v2/authorizations",
            json={
                "ownerId": "lg-ita-reviewers",
                "ownerType": "GROUP",
                "resourceType": "PROCESS_DEFINITION",
                "resourceId": "lg-review",
                "permissionTypes": ["READ_PROCESS_INSTANCE"],
            },
            headers=basic("admin"),
        ).raise_for_status()
        assert client.get(f"/v2/process-instances/{instance}", headers=basic("reviewer")).status_code == 200
