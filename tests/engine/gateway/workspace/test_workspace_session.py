"""Sign-in to the web workspace: the session cookie, its CSRF token on writes, idle expiry by the
wall clock, sign-out, lock-out, and a disabled user or a new password ending the sessions."""

from __future__ import annotations

import httpx

from engine.identity.directory import MAX_FAILED_ATTEMPTS, Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.sessions import COOKIE_NAME, IDLE_TIMEOUT_MS
from tests.engine.gateway.workspace.conftest import Workspace
from tests.engine.identity.conftest import PASSWORD, UNIT_A, basic


def test_sign_in_answers_the_user_and_sets_a_strict_http_only_cookie(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        response = browser.post("/workspace/session", json={"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["username"] == "clerk_a" and body["name"] == "clerk_a 的姓名"
        assert body["groups"] == ["lg-owner"] and body["roles"] == ["applicant"]
        assert body["unit"] == UNIT_A and len(body["csrfToken"]) >= 32
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE_NAME}=")
        flags = {flag.strip() for flag in cookie.split(";")[1:]}
        assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= flags
        assert "Secure" not in flags  # served over plain http on loopback
        again = browser.get("/workspace/session")
        assert again.status_code == 200 and again.json() == body  # the same CSRF token after a reload


def test_a_wrong_password_is_refused_without_a_cookie(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        response = browser.post("/workspace/session", json={"username": "clerk_a", "password": "nope"})
        assert response.status_code == 401
        assert response.json()["title"] == "用户名或密码错误"
        assert "set-cookie" not in response.headers
        unknown = browser.post("/workspace/session", json={"username": "ghost", "password": PASSWORD})
        assert unknown.status_code == 401 and unknown.json()["title"] == "用户名或密码错误"
        assert browser.get("/workspace/session").json()["title"] == "请先登录"


def test_a_malformed_sign_in_names_what_is_expected(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        for body in ({"username": "clerk_a"}, {"username": "", "password": "x"}, ["clerk_a"]):
            response = browser.post("/workspace/session", json=body)
            assert response.status_code == 400
            assert "username" in response.json()["detail"] and "password" in response.json()["detail"]
        not_json = browser.post(
            "/workspace/session", content=b"\xff\xfe", headers={"content-type": "application/json"}
        )
        assert not_json.status_code == 400
        huge = browser.post("/workspace/session", json={"username": "clerk_a", "password": "x" * 100_000})
        assert huge.status_code == 413 and "字节" in huge.json()["detail"]


def test_repeated_wrong_passwords_lock_the_account_and_say_for_how_long(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        for _ in range(MAX_FAILED_ATTEMPTS):
            wrong = browser.post("/workspace/session", json={"username": "reviewer", "password": "guess"})
            assert wrong.status_code == 401
        locked = browser.post("/workspace/session", json={"username": "reviewer", "password": PASSWORD})
        assert locked.status_code == 429
        assert "15 分钟后再试" in locked.json()["detail"]
        assert int(locked.headers["retry-after"]) > 14 * 60
        assert "set-cookie" not in locked.headers
        # another user is not affected
        workspace.sign_in(browser, "finance")


def test_sign_out_needs_the_csrf_token_and_ends_the_session(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        csrf = workspace.sign_in(browser, "reviewer")["csrfToken"]
        forged = browser.delete("/workspace/session")
        assert forged.status_code == 403 and forged.json()["title"] == "请求缺少有效的 CSRF 令牌"
        assert browser.get("/workspace/session").status_code == 200  # still signed in
        cookie = browser.cookies[COOKIE_NAME]
        out = browser.delete("/workspace/session", headers={"X-CSRF-Token": csrf})
        assert out.status_code == 204
        assert "Max-Age=0" in out.headers["set-cookie"]
        assert browser.get("/workspace/session").status_code == 401
        # the old cookie, replayed, is dead on the server too
        replay = httpx.get(f"{workspace.url}/workspace/session", cookies={COOKIE_NAME: cookie})
        assert replay.status_code == 401 and replay.json()["title"] == "会话已过期，请重新登录"


def test_an_idle_session_expires_by_the_wall_clock_not_the_engine_clock(workspace: Workspace) -> None:
    engine_time = workspace.engine.now()
    with workspace.browser() as browser:
        csrf = {"X-CSRF-Token": workspace.sign_in(browser, "reviewer")["csrfToken"]}
        workspace.clock.advance(IDLE_TIMEOUT_MS - 1000)
        assert (
            browser.post("/v2/user-tasks/search", json={}, headers=csrf).status_code == 200
        )  # keeps it alive
        workspace.clock.advance(IDLE_TIMEOUT_MS - 1000)
        assert browser.get("/workspace/session").status_code == 200
        workspace.clock.advance(IDLE_TIMEOUT_MS + 1)
        expired = browser.get("/workspace/session")
        assert expired.status_code == 401 and expired.json()["title"] == "会话已过期，请重新登录"
        through_api = browser.post("/v2/user-tasks/search", json={}, headers=csrf)
        assert through_api.status_code == 401 and through_api.json()["title"] == "会话已过期，请重新登录"
    assert workspace.engine.now() == engine_time  # the pinned engine clock never moved


def test_disabling_a_user_ends_their_sessions(workspace: Workspace) -> None:
    with workspace.browser() as first, workspace.browser() as second, workspace.browser() as other:
        workspace.sign_in(first, "reviewer")
        workspace.sign_in(second, "reviewer")
        workspace.sign_in(other, "finance")
        assert workspace.running.sessions is not None and workspace.running.sessions.count() == 3
        workspace.directory.set_enabled("reviewer", False)
        assert workspace.running.sessions.count() == 1  # ended at once, not at their next request
        for ended in (first, second):
            assert ended.get("/workspace/session").status_code == 401
        assert other.get("/workspace/session").status_code == 200


def test_a_password_reset_by_another_process_ends_the_sessions(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        workspace.sign_in(browser, "reviewer")
        # `govit users reset-password` opens the same directory file from its own process
        elsewhere = Directory.open(workspace.data_dir, passwords=Passwords(TEST_COST))
        try:
            elsewhere.update_user("reviewer", password="a-brand-new-password-1")
        finally:
            elsewhere.close()
        response = browser.get("/workspace/session")
        assert response.status_code == 401 and response.json()["title"] == "会话已过期，请重新登录"
        workspace.sign_in(browser, "reviewer", "a-brand-new-password-1")


def test_the_rest_port_takes_no_cookie_and_the_workspace_no_basic_credentials(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        workspace.sign_in(browser, "reviewer")
        cookie = browser.cookies[COOKIE_NAME]
    on_rest_port = httpx.post(
        f"{workspace.rest_url}/v2/user-tasks/search", json={}, cookies={COOKIE_NAME: cookie}
    )
    assert on_rest_port.status_code == 401
    # a browser may send cached Basic credentials along with a forged request by itself
    basic_only = httpx.post(f"{workspace.url}/v2/user-tasks/search", json={}, headers=basic("reviewer"))
    assert basic_only.status_code == 401 and basic_only.json()["title"] == "请先登录"


def test_a_password_changed_through_the_identity_api_ends_the_sessions(workspace: Workspace) -> None:
    with workspace.browser() as reviewer, workspace.browser() as admin:
        workspace.sign_in(reviewer, "reviewer")
        csrf = {"X-CSRF-Token": workspace.sign_in(admin, "admin")["csrfToken"]}
        changed = admin.put("/v2/users/reviewer", json={"password": "changed-by-the-admin-7"}, headers=csrf)
        assert changed.status_code in (200, 204), changed.text
        assert reviewer.get("/workspace/session").status_code == 401
        assert admin.get("/workspace/session").status_code == 200


def test_signing_in_again_ends_the_browsers_previous_session(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        workspace.sign_in(browser, "reviewer")
        first = browser.cookies[COOKIE_NAME]
        assert workspace.sign_in(browser, "finance")["username"] == "finance"
    replay = httpx.get(f"{workspace.url}/workspace/session", cookies={COOKIE_NAME: first})
    assert replay.status_code == 401
