"""Signing in to the workspace in the browser: a wrong password, the way back after sign-out and
after a lost session (to where the user was), all said in Chinese."""

from __future__ import annotations

from tests.web.browser import Browser, css, label, role
from tests.web.conftest import LG_START, PASSWORD, WebApp, wait_until


def sign_in(browser: Browser, username: str, password: str = PASSWORD) -> None:
    browser.fill(label("用户名"), username)
    browser.fill(label("密码"), password)
    browser.click(role("button", "登录"))


def test_wrong_password_is_refused_in_chinese_and_the_right_one_opens_the_task_list(
    web_app: WebApp, browser: Browser
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks")
    browser.wait_url(r"/signin\?next=%2Ftasks")
    browser.screenshot("signin")
    sign_in(browser, "ita-clerk", "not-the-password")
    browser.wait(css(".notice-error"))
    assert browser.text(css(".notice-error")).startswith("用户名或密码错误（请检查用户名和密码")
    browser.screenshot("signin-wrong-password")
    sign_in(browser, "ita-clerk")
    browser.wait_url(r"/tasks$")
    browser.wait(css("h1"))
    assert browser.text(css("h1")) == "待办任务"
    assert "王审核（区政数局）" in browser.text(css(".topbar .who"))


def test_sign_out_and_a_lost_session_go_back_to_sign_in_keeping_where_the_user_was(
    web_app: WebApp, browser: Browser
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks?tab=unassigned")
    sign_in(browser, "drc-clerk")
    browser.wait_url(r"/tasks\?tab=unassigned")
    browser.click(role("button", "退出登录"))
    browser.wait_url(r"/signin")
    assert browser.text(css(".notice-warn")) == "您已退出登录"
    # the session cookie is gone: the app asks to sign in again, and comes back afterwards
    browser.goto("/tasks?tab=mine")
    browser.wait_url(r"/signin\?next=%2Ftasks%3Ftab%3Dmine")
    sign_in(browser, "drc-clerk")
    browser.wait_url(r"/tasks\?tab=mine")
    # a session that ends on the server (expired, or signed out in another tab) mid-work
    cookie_gone = browser.evaluate(
        "(async () => { const s = await (await fetch('/workspace/session')).json();"
        " const headers = {'X-CSRF-Token': s.csrfToken};"
        " return (await fetch('/workspace/session', {method: 'DELETE', headers})).status })()"
    )
    assert cookie_gone == 204
    browser.click(css("button.tab[data-tab='all']"))
    browser.click(role("button", "刷新"))
    browser.wait_url(r"/signin\?next=")
    assert "请重新登录" in browser.text(css(".notice-warn"))
    browser.screenshot("signin-session-expired")


def test_repeated_wrong_passwords_lock_the_account_and_the_page_says_for_how_long(
    web_app: WebApp, browser: Browser
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/signin")
    for _ in range(5):
        sign_in(browser, "locked-clerk", "wrong-password")
        browser.wait(css(".notice-error"))
    sign_in(browser, "locked-clerk")  # even the right password, while the lock lasts
    browser.wait(css(".notice-error:has-text('锁定')"))
    message = browser.text(css(".notice-error"))
    assert message.startswith("账号已暂时锁定：连续输错密码 5 次"), message
    assert "分钟后再试" in message
    assert browser.url().endswith("/signin")
    browser.screenshot("signin-locked")


def test_a_forged_write_without_the_csrf_token_is_refused_and_changes_nothing(
    web_app: WebApp, browser: Browser
) -> None:
    # A forged request rides on the session cookie but cannot read the CSRF token (it is only in
    # the sign-in answer, same-origin): the claim it attempts must be refused and leave the task open.
    instance, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（伪造请求）")
    key = web_app.task_of(instance, "pd_formal_acceptance")["userTaskKey"]
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks")
    sign_in(browser, "ita-clerk")
    browser.wait(css(f"tr[data-task-key='{key}']"))
    forged = browser.evaluate(
        "(async () => { const body = JSON.stringify({assignee: 'ita-clerk'});"
        " const headers = {'Content-Type': 'application/json'};"
        f" const bare = await fetch('/v2/user-tasks/{key}/assignment', {{method: 'POST', headers, body}});"
        " const wrong = await fetch("
        f"  '/v2/user-tasks/{key}/assignment',"
        "   {method: 'POST', headers: {...headers, 'X-CSRF-Token': 'guessed'}, body});"
        " return [bare.status, (await bare.json()).title, wrong.status] })()"
    )
    assert forged == [403, "请求缺少有效的 CSRF 令牌", 403]
    assert web_app.task(key).get("assignee") in (None, "")
    # the page itself, holding the token, may claim it
    browser.click(css(f"tr[data-task-key='{key}'] button.claim"))
    browser.wait(css(".notice-info:has-text('已领取')"))
    assert wait_until(lambda: web_app.task(key)["assignee"] == "ita-clerk", "the claim")
