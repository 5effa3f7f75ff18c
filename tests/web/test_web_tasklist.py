"""The task list in the browser: a clerk finds the LG sample's task by project, jurisdiction, step
and deadline, filters and sorts, claims it and gives it back."""

from __future__ import annotations

from tests.web.browser import Browser, css, role
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in


def test_the_task_list_names_the_project_and_step_filters_and_claims_and_unclaims(
    web_app: WebApp, browser: Browser
) -> None:
    instance, project_name = web_app.start_sample(projectName="龙岗区智慧城管平台（任务列表）")
    key = web_app.task_of(instance, "pd_formal_acceptance")["userTaskKey"]
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks")
    sign_in(browser, "ita-clerk")
    row = css(f"tr[data-task-key='{key}']")
    browser.wait(row)
    cells = browser.text(row)
    assert project_name in cells
    assert "深圳市龙岗区" in cells
    assert "初步设计受理审查" in cells
    assert "龙岗区政务信息化项目立项申请与审批" in cells
    assert "未分配" in cells
    browser.screenshot("tasklist")

    # filters: another jurisdiction hides it, the project's name finds it
    browser.select(css("select[name=jurisdiction]"), "HY")
    browser.wait(css(".empty"))
    browser.select(css("select[name=jurisdiction]"), "LG")
    browser.fill(css("input[name=q]"), "任务列表")
    browser.press(css("input[name=q]"), "Enter")
    browser.wait(row)
    assert browser.count(css("table.tasks tbody tr")) == 1
    assert "q=" in browser.url() and "jurisdiction=LG" in browser.url()

    # claim: it moves to 分配给我的 and the server holds it for this clerk
    browser.click(css(f"tr[data-task-key='{key}'] button.claim"))
    browser.wait(css(".notice-info:has-text('已领取')"))
    assert wait_until(lambda: web_app.task(key)["assignee"] == "ita-clerk", "the claim")
    browser.click(css("button.tab[data-tab='mine']"))
    browser.wait(css(f"tr[data-task-key='{key}'] td.assignee:has-text('我')"))
    browser.screenshot("tasklist-claimed")

    # unclaim: back to 未分配的
    browser.click(css(f"tr[data-task-key='{key}'] button.unclaim"))
    browser.wait(css(".notice-info:has-text('已退回领取')"))
    assert web_app.task(key).get("assignee") in (None, "")
    browser.click(css("button.tab[data-tab='unassigned']"))
    browser.wait(row)
    browser.click(role("button", "刷新"))
    browser.wait(row)


def test_a_task_claimed_by_someone_else_meanwhile_is_refused_with_a_message(
    web_app: WebApp, browser: Browser
) -> None:
    instance, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（同时领取）")
    key = web_app.task_of(instance, "pd_formal_acceptance")["userTaskKey"]
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks?tab=unassigned")
    sign_in(browser, "ita-clerk")
    browser.wait(css(f"tr[data-task-key='{key}'] button.claim"))
    web_app.assign(key, "locked-clerk")  # a colleague was quicker
    browser.click(css(f"tr[data-task-key='{key}'] button.claim"))
    browser.wait(css(".notice-error"))
    assert browser.text(css(".notice-error")) == "该任务已由他人领取或状态已变化，列表已刷新。"
    assert web_app.task(key)["assignee"] == "locked-clerk"
    browser.screenshot("tasklist-claimed-by-someone-else")


def test_LG_12_5_the_pre_review_shows_working_days_left_then_overdue_on_the_working_day_calendar(
    web_app: WebApp, browser: Browser
) -> None:
    """LG-12-5 (HARD): the pre-review within 5 working days of the formal acceptance. Accepted on
    Monday 2026-03-02, it is due on Monday 2026-03-09; on Thursday 2026-03-12 it is 3 working days
    overdue (10, 11, 12 March), and sorting by due date puts it before tasks without a deadline."""
    instance, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（时限）")
    acceptance = web_app.task_of(instance, "pd_formal_acceptance")
    web_app.complete(
        acceptance["userTaskKey"],
        {"accepted": True, "refusalReason": None, "experts": ["expertA", "expertB"]},
    )
    review = web_app.task_of(instance, "review")
    assert review["dueDate"].startswith("2026-03-09")
    row = css(f"tr[data-task-key='{review['userTaskKey']}']")

    browser.open(fixed_time=LG_START)
    browser.goto("/tasks?tab=groups")
    sign_in(browser, "ita-clerk")
    browser.wait(row)
    assert "剩余 5 个工作日" in browser.text(row)
    assert "初步设计方案及概算预审" in browser.text(row)
    assert "依据 LG-12-5（刚性时限）" in browser.text(row)

    browser.open(fixed_time="2026-03-12T10:00:00+08:00")
    browser.goto("/tasks?tab=groups")
    sign_in(browser, "ita-clerk")
    browser.wait(row)
    assert "已逾期 3 个工作日" in browser.text(css(f"tr[data-task-key='{review['userTaskKey']}'] .deadline"))
    assert browser.count(css(f"tr[data-task-key='{review['userTaskKey']}'] .deadline-overdue")) == 1
    first = browser.evaluate("document.querySelector('table.tasks tbody tr').getAttribute('data-task-key')")
    assert first == review["userTaskKey"]
    browser.screenshot("tasklist-overdue")
