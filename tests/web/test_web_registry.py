"""The registry in the browser (项目库): a unit's clerk sees its own unit's projects and no other's,
the IT authority every project of its region; a project's page shows its timeline across the
processes it ran, the filings due and made, the decisions with the rule ids they cite, and its
documents."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import Browser, css
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_operate import add_ops_user
from tests.web.test_web_signin import sign_in

OTHER_UNIT = "龙岗区教育局"


def _active(web_app: WebApp, element_id: str, **filters: str) -> list[dict[str, Any]]:
    found = web_app.post(
        "/v2/element-instances/search", {"filter": {"elementId": element_id, "state": "ACTIVE", **filters}}
    )
    return list(found["items"])


def _approved(web_app: WebApp, lifecycle: int) -> None:
    """The application's reviews are the task pages' test: here the application, recorded and
    routed, is moved on to the approval's registration as an ops modification would move it, so
    the registry holds the DRC's approval with the rules it cites (LG-10-3, LG-11-4, LG-12-8)."""
    application = wait_until(
        lambda: _active(web_app, "application", processInstanceKey=str(lifecycle)), "the application"
    )[0]

    def children() -> list[dict[str, Any]]:
        found = web_app.post(
            "/v2/process-instances/search",
            {"filter": {"parentElementInstanceKey": application["elementInstanceKey"]}},
        )
        return list(found["items"])

    child = wait_until(children, "the application process")[0]["processInstanceKey"]
    # the first clerk's task of the application: it was recorded and routed by then
    waiting = wait_until(
        lambda: (
            [
                e
                for e in _active(web_app, "application_materials", processInstanceKey=child)
                if e["type"] == "USER_TASK"
            ]
            or _active(web_app, "pd_formal_acceptance", processInstanceKey=child)
        ),
        "the application's first task",
    )[0]
    web_app.post(
        f"/v2/process-instances/{child}/modification",
        {
            "activateInstructions": [{"elementId": "record_approval"}],
            "terminateInstructions": [{"elementInstanceKey": waiting["elementInstanceKey"]}],
        },
    )
    wait_until(lambda: _active(web_app, "construction", processInstanceKey=str(lifecycle)), "construction")


@pytest.fixture(scope="module")
def projects(web_app: WebApp) -> dict[str, str]:
    """Two LG projects of two units: the owner's own, approved by the DRC; another unit's, funded
    from above and so only filed with the IT authority (LG-14-1)."""
    approved, _ = web_app.start_sample()
    filed, _ = web_app.start_sample(projectName="龙岗区智慧校园平台", unit=OTHER_UNIT, upperLevelFunded=True)
    out: dict[str, str] = {}
    for name, key in (("approved", approved), ("filed", filed)):
        out[name] = str(wait_until(lambda key=key: web_app.variable(key, "projectId"), f"{name} project id"))
    _approved(web_app, approved)
    return out


def test_a_unit_sees_only_its_own_projects_and_the_authority_sees_its_region(
    web_app: WebApp, browser: Browser, projects: dict[str, str]
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/projects")
    sign_in(browser, "owner-clerk")
    browser.wait(css(f"tr[data-project-id='{projects['approved']}']"))
    assert browser.count(css(f"tr[data-project-id='{projects['filed']}']")) == 0
    units = {
        browser.text(css("tr[data-project-id] td:first-child .muted", nth=i))
        for i in range(browser.count(css("tr[data-project-id]")))
    }
    assert all("龙岗区城市管理和综合执法局" in unit for unit in units)
    row = css(f"tr[data-project-id='{projects['approved']}']")
    assert browser.text({**row, "css": row["css"] + " .amount"}) == "600 万元"
    browser.screenshot("projects-unit")
    # a project of another unit, asked for by its id, is not there for this clerk
    browser.goto(f"/projects/{projects['filed']}")
    browser.wait(css(".notice-error"))
    assert "项目不存在" in browser.text(css(".notice-error"))

    browser.open(fixed_time=LG_START)
    browser.goto("/projects")
    sign_in(browser, "ita-clerk")
    browser.wait(css(f"tr[data-project-id='{projects['filed']}']"))
    assert browser.count(css(f"tr[data-project-id='{projects['approved']}']")) == 1
    # the text filter keeps the project it names, and stays in the address
    browser.fill(css("input[name='q']"), "校园")
    browser.press(css("input[name='q']"), "Enter")
    browser.wait_url(r"/projects\?q=%E6%A0%A1%E5%9B%AD$")
    assert browser.count(css("tr[data-project-id]")) == 1
    browser.select(css("select[name='sort']"), "deadline")
    browser.wait_url(r"sort=deadline")
    browser.screenshot("projects-authority")


def test_a_project_page_shows_its_timeline_filings_decisions_and_documents(
    web_app: WebApp, browser: Browser, projects: dict[str, str]
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto(f"/projects/{projects['approved']}")
    sign_in(browser, "owner-clerk")
    browser.wait(css("table.decisions"))
    decision = browser.text(css("table.decisions tbody tr"))
    assert "通过" in decision
    rules = [
        browser.text(css("table.decisions .rule", nth=i))
        for i in range(browser.count(css("table.decisions .rule")))
    ]
    assert rules == ["LG-10-3", "LG-11-4", "LG-12-8"]
    timeline = browser.text(css("ol.timeline"))
    assert timeline.index("项目登记") < timeline.index("提交立项审批") < timeline.index("决定：通过")
    assert "开始：龙岗区政务信息化项目建设实施" in timeline
    assert "第 1 期" in browser.text(css("dd.status"))
    assert browser.text(css(".dossier-none")).startswith("尚未归档")
    browser.screenshot("project-approved")

    # ops read the instances' variables: the documents the project submitted, and its instances
    browser.open(fixed_time=LG_START)
    browser.goto(f"/projects/{projects['approved']}")
    sign_in(browser, add_ops_user(web_app))
    browser.wait(css("ul.documents li"))
    assert "项目建议书.docx" in browser.text(css("ul.documents"))
    assert browser.count(css("table.runs a[href^='/operate/instances/']")) >= 3
    browser.screenshot("project-approved-ops")
    browser.click(css("a.to-operate"))
    browser.wait_url(r"/operate\?state=all&project=")
    browser.wait(css("tr[data-instance-key]"))
    names = browser.text(css("table.instances tbody"))
    assert "龙岗区政务信息化项目全生命周期" in names and "龙岗区政务信息化项目建设实施" in names
    assert "龙岗区智慧校园平台" not in names

    browser.open(fixed_time=LG_START)
    browser.goto(f"/projects/{projects['filed']}")
    sign_in(browser, "ita-clerk")
    browser.wait(css("table.filings"))
    filing = browser.text(css("table.filings tbody tr"))
    assert "LG-14-1" in filing
    assert "已备案" in filing
    assert "备案：已备案" in browser.text(css("ol.timeline"))
    browser.screenshot("project-filed")
    assert browser.console_errors() == []
