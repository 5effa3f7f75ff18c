"""Operate in the browser, as the ops staff (运维人员, the ``ops`` role) use it: an instance held
by an incident is found, its variable corrected in the scope its job reads, the job retried, and
the instance moves on; an outside event (合同已签订) is recorded from the instance page, refused in
Chinese with nothing sent while a fact the process needs is missing; cancelling asks first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import Browser, css, role, text
from tests.web.conftest import LG_START, PASSWORD, WebApp, wait_until
from tests.web.test_web_signin import sign_in

OPS = "ops-clerk"


def add_ops_user(web_app: WebApp) -> str:
    """An ops user made as an administrator makes one: the directory's identity API."""
    created = web_app.rest.post(
        "/v2/users", json={"username": OPS, "name": "周运维（区政数局）", "password": PASSWORD}
    )
    assert created.status_code == 201, created.text
    assigned = web_app.rest.put(f"/v2/roles/ops/users/{OPS}")
    assert assigned.status_code in (200, 204), assigned.text
    return OPS


@pytest.fixture(scope="module")
def ops_user(web_app: WebApp) -> str:
    return add_ops_user(web_app)


def _incidents(web_app: WebApp, instance_key: int) -> list[dict[str, Any]]:
    found = web_app.post(
        "/v2/incidents/search", {"filter": {"processInstanceKey": str(instance_key), "state": "ACTIVE"}}
    )
    return list(found["items"])


def _active(web_app: WebApp, instance_key: str, element_id: str) -> list[dict[str, Any]]:
    found = web_app.post(
        "/v2/element-instances/search",
        {"filter": {"processInstanceKey": instance_key, "elementId": element_id, "state": "ACTIVE"}},
    )
    return list(found["items"])


def _signed_in_ops(browser: Browser, path: str) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto(path)
    sign_in(browser, OPS)
    browser.wait(css("h1"))


def test_ops_finds_an_incident_corrects_the_variable_in_its_scope_retries_and_the_instance_moves_on(
    web_app: WebApp, browser: Browser, ops_user: str
) -> None:
    # the amount typed as words: the registry refuses it, the job's retries run out
    lifecycle, _ = web_app.start_sample(totalInvestmentYuan="六百万元")
    incident = wait_until(lambda: _incidents(web_app, lifecycle), "the registration's incident")[0]
    assert incident["elementId"] == "register_project"

    _signed_in_ops(browser, "/operate?state=incidents")
    browser.wait(css(f"tr[data-instance-key='{lifecycle}']"))
    assert browser.text(css(f"tr[data-instance-key='{lifecycle}'] .state")) == "有异常"
    assert browser.text(css(f"tr[data-instance-key='{lifecycle}'] td.project-name")) == "龙岗区智慧城管平台"
    cause = browser.text(css(f"tr[data-instance-key='{lifecycle}'] .incident-cause"))
    assert cause == "任务执行失败，重试次数已用完"
    browser.screenshot("operate-incidents")
    browser.click(css(f"tr[data-instance-key='{lifecycle}'] a.project"))
    browser.wait_url(rf"/operate/instances/{lifecycle}$")
    browser.wait(css(".djs-element.op-incident"))
    row = css(f"tr[data-incident-key='{incident['incidentKey']}']")
    assert "登记项目" in browser.text(row)
    assert "任务执行失败，重试次数已用完" in browser.text(row)
    assert "因异常停在「登记项目」" in browser.text(css("ul.waits"))
    browser.screenshot("operate-instance-incident")

    # the job reads the value its input mapping copied into the task's own scope
    element_scope = incident["elementInstanceKey"]
    browser.fill(css("input[name='variable-filter']"), "TotalInvest")
    assert browser.evaluate(
        "[...document.querySelectorAll('table.variables tbody tr')]"
        ".filter(r => !r.hidden).map(r => r.dataset.variable)"
    ) == ["totalInvestmentYuan", "totalInvestmentYuan"]
    # a value that is not JSON is refused in the page and nothing is set
    first = f"tr[data-variable='totalInvestmentYuan'][data-scope='{lifecycle}']"
    browser.click(css(f"{first} button.edit"))
    browser.fill(css(f"{first} textarea"), "六百万")
    browser.click(css(f"{first} button.save"))
    assert "不是合法的 JSON" in browser.text(css(f"{first} .notice-error"))
    assert web_app.variable(lifecycle, "totalInvestmentYuan") == "六百万元"
    browser.goto(f"/operate/instances/{lifecycle}")

    def correct(scope: str) -> None:
        row = f"tr[data-variable='totalInvestmentYuan'][data-scope='{scope}']"
        browser.click(css(f"{row} button.edit"))
        browser.fill(css(f"{row} textarea"), "6000000")
        browser.click(css(f"{row} button.save"))
        browser.wait(text("已修改变量 totalInvestmentYuan"))

    # corrected in the instance's scope only, the job still reads its own copy: it fails again
    correct(str(lifecycle))
    assert web_app.variable(lifecycle, "totalInvestmentYuan") == 6_000_000
    browser.click(css(f"tr[data-incident-key='{incident['incidentKey']}'] button.retry"))
    browser.wait(text("重试后仍然失败：登记项目"))
    assert "请在该作用域中修改" in browser.text(css(".notice-error"))
    again = wait_until(
        lambda: [i for i in _incidents(web_app, lifecycle) if i["incidentKey"] != incident["incidentKey"]],
        "the incident raised again",
    )[0]
    assert again["elementInstanceKey"] == element_scope
    browser.wait(css(f"tr[data-incident-key='{again['incidentKey']}']"))
    browser.screenshot("operate-retry-failed-again")

    # corrected where the job reads it, the retry goes through
    correct(element_scope)
    browser.click(css(f"tr[data-incident-key='{again['incidentKey']}'] button.retry"))
    browser.wait(text("已重试：登记项目"))
    browser.wait(text("等待子流程「立项申请与审批」办结"))
    assert "期间可接收「申请撤回」：建设单位撤回立项申请（application-withdrawn）" in browser.text(
        css("ul.waits")
    )
    assert browser.count(css("tr[data-incident-key]")) == 0
    assert browser.count(css(".djs-element.op-incident")) == 0
    browser.screenshot("operate-instance-moved-on")
    assert _incidents(web_app, lifecycle) == []
    assert web_app.variable(lifecycle, "projectId")

    # a fact the instance lacks is added where it is chosen to live, checked first
    browser.fill(css("input[name='new-variable-name']"), "1st")
    browser.click(role("button", "添加变量"))
    assert "变量名须以字母或下划线开头" in browser.text(css(".add-variable-box .notice-error"))
    browser.fill(css("input[name='new-variable-name']"), "opsNote")
    browser.fill(css("input[name='new-variable-value']"), '"金额已按申报书更正"')
    browser.click(role("button", "添加变量"))
    browser.wait(text("已添加变量 opsNote（流程实例）"))
    assert web_app.variable(lifecycle, "opsNote") == "金额已按申报书更正"
    assert browser.console_errors() == []


def _construction_waiting_for_the_contract(web_app: WebApp) -> tuple[int, str, str]:
    """A project that entered construction (its 立项 is the task pages' test; here the lifecycle is
    moved on to the construction phase as an ops modification would), the implementing body named:
    lg-construction now waits for contract-signed. Returns lifecycle, construction and project id."""
    lifecycle, _ = web_app.start_sample()
    project_id = str(wait_until(lambda: web_app.variable(lifecycle, "projectId"), "the project's id"))
    application = wait_until(lambda: _active(web_app, str(lifecycle), "application"), "立项申请")[0]
    web_app.post(
        f"/v2/process-instances/{lifecycle}/modification",
        {
            "activateInstructions": [{"elementId": "construction"}],
            "terminateInstructions": [{"elementInstanceKey": application["elementInstanceKey"]}],
        },
    )
    task = web_app.task_of_project(project_id, "implementation_start")
    web_app.complete(
        task["userTaskKey"],
        {
            "implementingBody": "区城管局信息中心",
            "projectLeader": "张三",
            "supervisorName": "深圳某监理公司",
            "onDistrictSoftwareCloud": True,
        },
    )

    def construction() -> str | None:
        found = web_app.post(
            "/v2/process-instances/search",
            {
                "filter": {
                    "parentProcessInstanceKey": str(lifecycle),
                    "processDefinitionId": "lg-construction",
                }
            },
        )
        return found["items"][0]["processInstanceKey"] if found["items"] else None

    construction_key = wait_until(construction, "lg-construction")
    wait_until(lambda: _active(web_app, construction_key, "contract_signed"), "the wait for contract-signed")
    return lifecycle, construction_key, project_id


def _correlated(web_app: WebApp, construction_key: str) -> list[dict[str, Any]]:
    found = web_app.post(
        "/v2/correlated-message-subscriptions/search", {"filter": {"processInstanceKey": construction_key}}
    )
    return [item for item in found["items"] if item.get("messageName") == "contract-signed"]


def test_contract_signed_is_recorded_from_the_instance_page_and_refused_without_its_date(
    web_app: WebApp, browser: Browser, ops_user: str
) -> None:
    lifecycle, construction, project_id = _construction_waiting_for_the_contract(web_app)

    # from the lifecycle down into the construction process it called
    _signed_in_ops(browser, f"/operate/instances/{lifecycle}")
    browser.wait(css(f"table.children tr[data-instance-key='{construction}']"))
    # the call activity picked in the diagram names the process it called
    browser.click(css(".djs-element[data-element-id='construction']"))
    browser.wait(css(f".selected-element tr[data-instance-key='{construction}']"))
    assert "建设实施" in browser.text(css(".selected-element h3"))
    browser.click(css(f"table.children tr[data-instance-key='{construction}'] a.child"))
    browser.wait_url(rf"/operate/instances/{construction}$")
    browser.wait(css("ul.waits"))
    waits = browser.text(css("ul.waits"))
    event = "合同已签订（采购系统或建设单位报送）（contract-signed）"
    assert f"等待消息「合同已签订」：{event}，关联键 {project_id}" in waits
    assert browser.text(css(".breadcrumb a.parent")) == "龙岗区政务信息化项目全生命周期"
    browser.wait(css(".djs-element.op-active"))
    browser.screenshot("operate-instance-waiting-for-contract")

    card = "form.event-card[data-message='contract-signed']"
    browser.fill(css(f"{card} input[name='contractAmountYuan']"), "4800000")
    browser.click(css(f"{card} button[type='submit']"))
    browser.wait(css(f"{card} .notice-error"))
    refusal = browser.text(css(f"{card} .notice-error"))
    assert refusal == (
        "未发送：消息 contract-signed（合同已签订（采购系统或建设单位报送））："
        "缺少 contractSignedOn（合同签订日期，日期 YYYY-MM-DD）"
    )
    browser.fill(css(f"{card} input[name='contractSignedOn']"), "2026年3月5日")
    browser.click(css(f"{card} button[type='submit']"))
    assert "contractSignedOn（合同签订日期）应为日期 YYYY-MM-DD，收到 '2026年3月5日'" in browser.text(
        css(f"{card} .notice-error")
    )
    browser.screenshot("operate-event-refused")
    assert _correlated(web_app, construction) == []
    assert _active(web_app, construction, "contract_signed")

    browser.fill(css(f"{card} input[name='contractSignedOn']"), "2026-03-05")
    browser.click(css(f"{card} button[type='submit']"))
    browser.wait(text("已记录事件：合同已签订（采购系统或建设单位报送）"))
    browser.wait(text("等待人工任务「合同条款核查」：待建设单位（lg-owner）办理"))
    browser.screenshot("operate-event-recorded")
    assert web_app.variable(int(construction), "contractSignedOn") == "2026-03-05"
    assert web_app.variable(int(construction), "contractAmountYuan") == 4_800_000
    assert len(_correlated(web_app, construction)) == 1

    # the contract checked, its filing waits in the shared review, with the deadline it runs against
    check = web_app.task_of_project(project_id, "contract_check")
    web_app.complete(
        check["userTaskKey"],
        {
            "contractAmountYuan": 4_800_000,
            "formatContractWithAcceptanceClause": True,
            "resultsOwnershipClause": True,
            "warrantyYears": 2,
        },
    )
    review = web_app.task_of_project(project_id, "review")
    browser.goto(f"/operate/instances/{review['processInstanceKey']}")
    browser.wait(text("等待人工任务「审核」"))
    waits = browser.text(css("ul.waits"))
    assert "期限「到期未办结」：到期时间 2026/03/" in waits, waits
    assert "合同备案（中标通知书、合同复印件）" in browser.text(css("dl.task-facts"))
    browser.screenshot("operate-shared-review-deadline")
    assert browser.console_errors() == []


def test_cancelling_an_instance_asks_first_and_then_ends_it(
    web_app: WebApp, browser: Browser, ops_user: str
) -> None:
    lifecycle, _ = web_app.start_sample()
    wait_until(lambda: web_app.variable(lifecycle, "projectId"), "the project's id")
    _signed_in_ops(browser, f"/operate/instances/{lifecycle}")
    browser.click(role("button", "取消流程实例"))
    browser.wait(css(".cancel-box .notice-warn"))
    assert "不可恢复" in browser.text(css(".cancel-box .notice-warn"))
    browser.click(role("button", "返回"))
    assert web_app.rest.get(f"/v2/process-instances/{lifecycle}").json()["state"] == "ACTIVE"
    browser.click(role("button", "取消流程实例"))
    browser.click(role("button", "确认取消"))
    browser.wait(text("流程实例已取消（"))
    assert browser.text(css("h1 .state")) == "已取消"
    assert web_app.rest.get(f"/v2/process-instances/{lifecycle}").json()["state"] == "TERMINATED"
    browser.goto("/operate?state=canceled")
    browser.wait(css(f"tr[data-instance-key='{lifecycle}']"))
    browser.screenshot("operate-canceled")
    # filtered by another region, the Longgang instance is not listed
    browser.goto("/operate?state=canceled&jurisdiction=HY")
    browser.wait(text("没有符合条件的流程实例。"))
    browser.goto("/operate?state=canceled&jurisdiction=LG&process=lg-project-lifecycle")
    browser.wait(css(f"tr[data-instance-key='{lifecycle}']"))


def test_a_person_without_the_ops_role_has_no_operate_link_and_sees_no_instance(
    web_app: WebApp, browser: Browser
) -> None:
    lifecycle, _ = web_app.start_sample()
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks")
    sign_in(browser, "expertA")
    browser.wait(css("h1"))
    assert browser.count(css(".topbar nav a[href='/operate']")) == 0
    browser.goto("/operate?state=all")
    browser.wait(text("没有符合条件的流程实例。"))
    browser.goto("/operate/instances/2251799813999999")
    browser.wait(css(".notice-error"))
    assert browser.text(css(".notice-error")) == "流程实例 2251799813999999 不存在或您无权查看。"
    # nor is an existing instance the person may not read
    browser.goto(f"/operate/instances/{lifecycle}")
    browser.wait(css(".notice-error"))
    assert (
        browser.text(css(".notice-error")) == f"您无权查看流程实例 {lifecycle}（流程监控需要运维人员角色）。"
    )


def test_a_finished_process_says_which_end_it_reached(
    web_app: WebApp, browser: Browser, ops_user: str
) -> None:
    # funded from above: the application only files the project (LG-14-1) and ends there
    lifecycle, _ = web_app.start_sample(upperLevelFunded=True)

    def application() -> str | None:
        found = web_app.post(
            "/v2/process-instances/search",
            {
                "filter": {
                    "parentProcessInstanceKey": str(lifecycle),
                    "processDefinitionId": "lg-project-application",
                    "state": "COMPLETED",
                }
            },
        )
        return found["items"][0]["processInstanceKey"] if found["items"] else None

    child = wait_until(application, "the completed application")
    _signed_in_ops(browser, f"/operate/instances/{child}")
    browser.wait(text("已到达结束事件「上级统筹项目已备案」"))
    assert browser.text(css("h1 .state")) == "已完成"
    assert browser.count(css(".djs-element.op-completed")) > 3
    assert browser.count(css("form.event-card")) == 0
    browser.screenshot("operate-instance-completed")
