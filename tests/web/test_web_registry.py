"""The registry view in the browser: the IT authority's clerk sees the region's projects with phase,
amount and next deadline, and a project's page with its applications and their instances; a body
that oversees no project is told so."""

from __future__ import annotations

from tests.web.browser import Browser, css
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in


def test_the_ita_clerk_sees_the_sample_in_the_registry_and_its_page(
    web_app: WebApp, browser: Browser
) -> None:
    lifecycle, project_name = web_app.start_sample(projectName="龙岗区智慧城管平台（登记）")
    project_id = str(wait_until(lambda: web_app.variable(lifecycle, "projectId"), "the registered project"))

    browser.open(fixed_time=LG_START)
    browser.goto("/projects")
    sign_in(browser, "ita-clerk")
    row = css(f"tr[data-project-id='{project_id}']")
    browser.wait(row)
    cells = browser.text(row)
    assert project_name in cells
    assert "深圳市龙岗区" in cells
    assert "600.00 万元" in cells
    browser.screenshot("registry")

    browser.click(css(f"tr[data-project-id='{project_id}'] a"))
    browser.wait_url(f"/projects/{project_id}$")
    browser.wait(css("h1:has-text('登记')"))
    facts = browser.text(css(".task-facts"))
    assert "龙岗区城市管理和综合执法局" in facts and "600.00 万元" in facts
    assert "立项申请与审批" in browser.text(css("table"))
    browser.screenshot("registry-project")
    assert browser.console_errors() == []


def test_a_body_that_oversees_no_project_is_told_so(web_app: WebApp, browser: Browser) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/projects")
    sign_in(browser, "drc-clerk")
    browser.wait(css(".empty"))
    assert browser.text(css(".empty")) == "登记库中没有您可查看的项目。"
    browser.goto("/projects/no-such-project")
    browser.wait(css(".notice-error"))
    assert browser.text(css(".notice-error")) == "未找到项目 no-such-project：登记库中没有您可查看的该项目。"
