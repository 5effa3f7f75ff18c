"""``/v2`` on the workspace's origin: the REST API as the signed-in user, writes only with the
session's CSRF token (a forged one changes nothing), and the security headers on every answer."""

from __future__ import annotations

import httpx
import pytest

from engine.gateway.workspace.headers import SECURITY_HEADERS
from tests.engine.gateway.workspace.conftest import Workspace
from tests.engine.identity.conftest import UNIT_A


def _csrf(workspace: Workspace, browser: httpx.Client, username: str) -> dict[str, str]:
    return {"X-CSRF-Token": workspace.sign_in(browser, username)["csrfToken"]}


def test_the_task_list_through_the_cookie_holds_only_the_users_groups_tasks(workspace: Workspace) -> None:
    reviewers = workspace.start_project(UNIT_A, ["lg-ita-reviewers"])
    finance = workspace.start_project(UNIT_A, ["lg-fin"])
    seen: dict[str, list[str]] = {}
    for username in ("reviewer", "finance", "clerk_b"):
        with workspace.browser() as browser:
            csrf = _csrf(workspace, browser, username)
            response = browser.post("/v2/user-tasks/search", json={}, headers=csrf)
            assert response.status_code == 200, response.text
            seen[username] = [task["processInstanceKey"] for task in response.json()["items"]]
    assert seen == {"reviewer": [str(reviewers)], "finance": [str(finance)], "clerk_b": []}


def test_the_identity_api_knows_the_session_user(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        workspace.sign_in(browser, "operator")
        me = browser.get("/v2/authentication/me")
        assert me.status_code == 200, me.text
        assert me.json()["username"] == "operator" and me.json()["canLogout"] is True
        assert me.headers["cache-control"] == "no-store"  # a person's data stays out of caches


@pytest.mark.parametrize("token", [None, "forged-token", "wrong"])
def test_a_write_without_the_right_csrf_token_is_refused_and_changes_nothing(
    workspace: Workspace, token: str | None
) -> None:
    instance = workspace.start_project(UNIT_A, ["lg-ita-reviewers"])
    key = workspace.task_of(instance)["userTaskKey"]
    with workspace.browser() as browser:
        workspace.sign_in(browser, "reviewer")
        headers = {"X-CSRF-Token": token} if token is not None else {}
        claim = browser.post(
            f"/v2/user-tasks/{key}/assignment", json={"assignee": "reviewer"}, headers=headers
        )
        assert claim.status_code == 403
        assert claim.json()["title"] == "请求缺少有效的 CSRF 令牌"
        done = browser.post(
            f"/v2/user-tasks/{key}/completion", json={"variables": {"ok": True}}, headers=headers
        )
        assert done.status_code == 403
    unchanged = workspace.task_of(instance)
    assert unchanged["state"] == "CREATED" and unchanged.get("assignee") is None


def test_another_sessions_token_or_another_origin_is_refused(workspace: Workspace) -> None:
    instance = workspace.start_project(UNIT_A, ["lg-ita-reviewers"])
    key = workspace.task_of(instance)["userTaskKey"]
    with workspace.browser() as attacker:
        someone_elses = _csrf(workspace, attacker, "finance")
    with workspace.browser() as browser:
        own = _csrf(workspace, browser, "reviewer")
        claim = {"assignee": "reviewer"}
        other = browser.post(f"/v2/user-tasks/{key}/assignment", json=claim, headers=someone_elses)
        assert other.status_code == 403
        cross = browser.post(
            f"/v2/user-tasks/{key}/assignment",
            json=claim,
            headers={**own, "Origin": "http://evil.example"},
        )
        assert cross.status_code == 403 and "evil.example" in cross.json()["detail"]
        assert workspace.task_of(instance).get("assignee") is None
        same_origin = {**own, "Origin": workspace.url}
        claimed = browser.post(f"/v2/user-tasks/{key}/assignment", json=claim, headers=same_origin)
        assert claimed.status_code == 204, claimed.text
    assert workspace.task_of(instance)["assignee"] == "reviewer"
    entries = workspace.services.audit.entries(process_instance_key=str(instance))
    assert [(e.actor, e.operation) for e in entries] == [("reviewer", "ASSIGN_USER_TASK")]


def test_the_session_user_gets_the_same_refusals_as_their_bearer_token(workspace: Workspace) -> None:
    instance = workspace.start_project(UNIT_A, ["lg-ita-reviewers"])
    key = workspace.task_of(instance)["userTaskKey"]
    with workspace.browser() as browser:
        csrf = _csrf(workspace, browser, "finance")
        assert browser.get(f"/v2/user-tasks/{key}").status_code == 403
        claim = browser.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "finance"}, headers=csrf)
        assert claim.status_code == 403 and claim.json()["title"] == "FORBIDDEN"
        cancel = browser.post(f"/v2/process-instances/{instance}/cancellation", json={}, headers=csrf)
        assert cancel.status_code == 403  # cancelling needs the ops role
    assert workspace.task_of(instance).get("assignee") is None
    assert workspace.task_of(instance)["state"] == "CREATED"


def test_every_workspace_answer_carries_the_security_headers(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        answers = [
            browser.get("/"),
            browser.get("/tasks"),
            browser.get("/assets/app-3f2a.js"),
            browser.get("/assets/missing.js"),
            browser.get("/workspace/session"),
            browser.post("/workspace/session", json={"username": "x", "password": "y"}),
            browser.post("/v2/user-tasks/search", json={}),
            browser.get("/no-such-page"),
        ]
        workspace.sign_in(browser, "reviewer")
        answers.append(browser.get("/v2/authentication/me"))
        answers.append(browser.get("/v2/no-such-endpoint"))
    for answer in answers:
        for name, value in SECURITY_HEADERS:
            assert answer.headers.get(name) == value, (answer.request.url, name)
    assert "'unsafe-inline'" in dict(SECURITY_HEADERS)["content-security-policy"].split("style-src")[1]
