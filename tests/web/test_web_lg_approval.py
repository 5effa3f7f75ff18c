"""A clerk takes the LG sample (deploy/samples/lg-project.yaml) from its first task through 立项
in the browser alone: each person signs in, finds the task in the list, claims it, fills its
Camunda Form as form-js renders it, submits, and is told where the project went next
(LG-12-4 … LG-12-8: formal acceptance, pre-review, expert panel, ITA opinion, DRC approval)."""

from __future__ import annotations

from tests.web.browser import Browser, css, label, role
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in

NEXT = css(".next-step")


def open_as(browser: Browser, username: str, path: str) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto(path)
    sign_in(browser, username)
    browser.wait_url(path.replace("?", r"\?") + "$")


def claim_on_page(browser: Browser) -> None:
    browser.click(role("button", "领取任务"))
    browser.wait(role("button", "提交"))


def submit(browser: Browser) -> str:
    browser.click(role("button", "提交"))
    browser.wait(css(".notice-info:has-text('已提交')"))
    browser.wait(css(".next-step:not(:has-text('正在查看'))"))
    return browser.text(NEXT)


def pick_tag(browser: Browser, field_label: str, option: str) -> None:
    """A taglist (options from a variable, here the sample's expertPool): type, then choose."""
    field = css(f".fjs-form-field-taglist:has-text('{field_label}') input")
    browser.click(field)
    browser.type(field, option)
    browser.click(css(".fjs-dropdownlist-item", has_text=option))


def test_LG_12_4_to_LG_12_8_the_sample_goes_through_approval_in_the_browser(
    web_app: WebApp, browser: Browser
) -> None:
    lifecycle, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（立项）")
    acceptance = web_app.task_of(lifecycle, "pd_formal_acceptance")

    # 1. 区政数局: formal acceptance (LG-12-4), choosing the panel from the sample's expert pool
    open_as(browser, "ita-clerk", "/tasks?tab=groups")
    browser.click(css(f"tr[data-task-key='{acceptance['userTaskKey']}'] a.step"))
    browser.wait_url(f"/tasks/{acceptance['userTaskKey']}$")
    claim_on_page(browser)
    browser.check(label("材料深度和质量符合要求，概算合理，正式受理"))
    pick_tag(browser, "评审专家", "专家甲")
    pick_tag(browser, "评审专家", "专家乙")
    browser.screenshot("task-formal-acceptance")
    said = submit(browser)
    pre_review = web_app.task_of(lifecycle, "review")
    assert "项目已进入下一环节" in said and "初步设计方案及概算预审" in said, said
    browser.screenshot("task-completed-next-step")

    # 2. the pre-review (shared SLA review), reached from the link on the page
    browser.click(css(".next-step a", has_text="初步设计方案及概算预审"))
    browser.wait_url(f"/tasks/{pre_review['userTaskKey']}$")
    facts = browser.text(css(".task-facts"))
    assert "剩余 5 个工作日" in facts, facts  # LG-12-5: five working days from Monday 2026-03-02
    assert "LG-12-5（刚性时限）" in facts, facts
    claim_on_page(browser)
    for index in range(3):
        browser.check(css(".fjs-form-field-checklist input[type=checkbox]", nth=index))
    browser.check(label("通过", exact=True))
    browser.fill(label("审核意见"), "材料齐全，同意进入专家评审")
    browser.screenshot("task-review")
    said = submit(browser)
    # the experts' tasks are theirs alone: the clerk is told the project went on to others
    assert "目前没有您可办理的任务" in said or "不在您的待办中" in said, said

    # 3. each expert finds the opinion assigned to them (LG-12-6)
    for expert in ("expertA", "expertB"):
        opinion = wait_until(
            lambda who=expert: web_app.open_tasks(elementId="expert_opinion", assignee=who),
            f"{expert}'s opinion task",
        )[0]
        open_as(browser, expert, "/tasks?tab=mine")
        browser.click(css(f"tr[data-task-key='{opinion['userTaskKey']}'] a.step"))
        browser.wait(role("button", "提交"))
        browser.check(label("同意", exact=True))
        browser.fill(
            label("评审意见（必要性、可行性、建设内容、造价合理性）"), "建设内容合理，造价基本适当，同意实施"
        )
        if expert == "expertA":
            browser.screenshot("task-expert-opinion")
        submit(browser)

    # 4. the panel's conclusion and the ITA opinion (LG-12-7), one after the other
    conclusion = web_app.task_of(lifecycle, "panel_conclusion")
    open_as(browser, "ita-clerk", f"/tasks/{conclusion['userTaskKey']}")
    claim_on_page(browser)
    browser.check(label("评审通过", exact=True))
    browser.fill(label("评审意见汇总"), "专家组同意，建议按意见完善后报批")
    said = submit(browser)
    assert "初步设计" in said or "审核" in said, said
    ita = web_app.task_of(lifecycle, "ita_pd_opinion")
    browser.click(css(f".next-step a[href='/tasks/{ita['userTaskKey']}']"))
    claim_on_page(browser)
    browser.check(label("同意报发展改革部门审批"))
    browser.fill(label("审核意见"), "同意初步设计方案及概算，报发改审批")
    submit(browser)

    # 5. 区发改局: the approval (LG-12-8), 立项
    approval = web_app.task_of(lifecycle, "drc_pd_approval")
    open_as(browser, "drc-clerk", "/tasks")
    browser.click(css(f"tr[data-task-key='{approval['userTaskKey']}'] a.step"))
    claim_on_page(browser)
    browser.check(label("批复同意", exact=True))
    browser.fill(label("审批意见"), "同意立项")
    browser.fill(label("批复文号"), "深龙发改〔2026〕12号")
    browser.screenshot("task-drc-approval")
    submit(browser)

    # the application is approved and the project has moved on to its construction
    web_app.task_of(lifecycle, "implementation_start")
    assert web_app.passed(lifecycle, "approved")
    assert browser.console_errors() == []
