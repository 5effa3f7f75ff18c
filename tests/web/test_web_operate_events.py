"""Recording an outside event from the instance page: after 立项 and the implementation start, the
LG construction waits for the message `contract-signed` (LG-19-3 counts the filing deadline from
the signature); ops records it with the signing date the process needs, and a missing or malformed
date is refused in words before anything is sent."""

from __future__ import annotations

from typing import Any

from tests.web.browser import Browser, css
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in

APPROVAL = [
    ("pd_formal_acceptance", {"accepted": True, "refusalReason": None, "experts": ["expertA", "expertB"]}),
    ("review", {"decision": "APPROVED", "opinion": "同意", "reason": None, "checklistConfirmed": ["LG-6-1"]}),
    ("expert_opinion", {"expertConclusion": "PASSED", "expertOpinion": "同意按方案实施"}),
    ("expert_opinion", {"expertConclusion": "PASSED", "expertOpinion": "同意按方案实施"}),
    ("panel_conclusion", {"panelConclusion": "PASSED", "panelSummary": "专家组同意，建议按意见完善后报批"}),
    ("ita_pd_opinion", {"itaSupports": True, "itaOpinionText": "同意初步设计方案及概算，报发改审批"}),
    (
        "drc_pd_approval",
        {"drcDecision": "APPROVED", "drcOpinion": "同意", "approvalDocumentNo": "深龙发改〔2026〕12号"},
    ),
    (
        "implementation_start",
        {
            "implementingBody": "区城管局信息中心",
            "projectLeader": "张三",
            "supervisorName": "深圳某监理公司",
            "onDistrictSoftwareCloud": True,
        },
    ),
]


def complete_through_implementation_start(web_app: WebApp, lifecycle: int) -> str:
    for element_id, variables in APPROVAL:
        task: dict[str, Any] = web_app.task_of(lifecycle, element_id)
        web_app.complete(task["userTaskKey"], variables)
        wait_until(lambda key=task["userTaskKey"]: web_app.task(key)["state"] == "COMPLETED", element_id)
    return str(web_app.variable(lifecycle, "projectId"))


def test_ops_records_contract_signed_from_the_instance_page(web_app: WebApp, browser: Browser) -> None:
    lifecycle, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（合同）")
    project_id = complete_through_implementation_start(web_app, lifecycle)
    construction = wait_until(
        lambda: web_app.post(
            "/v2/message-subscriptions/search",
            {"filter": {"messageName": "contract-signed", "correlationKey": project_id}},
        )["items"],
        "the construction waiting for contract-signed",
    )[0]
    key = construction["processInstanceKey"]

    browser.open(fixed_time=LG_START)
    browser.goto(f"/operate/instances/{key}")
    sign_in(browser, "ops-clerk")
    event = css("div.event[data-message='contract-signed']")
    browser.wait(event)
    assert "合同已签订（采购系统或建设单位报送）" in browser.text(event)
    assert f"关联键 {project_id}" in browser.text(event)
    assert "等待外部事件：合同已签订" in browser.text(css(".waits"))

    browser.click(css("div.event[data-message='contract-signed'] button.record"))
    browser.wait(css("div.event[data-message='contract-signed'] .field-error li"))
    refused = browser.text(css("div.event[data-message='contract-signed'] .field-error"))
    assert "请填写“合同签订日期”" in refused and "未发送" in refused
    browser.fill(css("input[name=contractAmountYuan]"), "五百万")
    browser.fill(css("input[name=contractSignedOn]"), "2026-03-02")
    browser.click(css("div.event[data-message='contract-signed'] button.record"))
    browser.wait(css(".field-error:has-text('合同金额（元）')"))
    assert web_app.open_tasks(elementId="contract_check", processInstanceKey=key) == []
    browser.screenshot("operate-event-refused")

    browser.fill(css("input[name=contractAmountYuan]"), "5000000")
    browser.click(css("div.event[data-message='contract-signed'] button.record"))
    browser.wait(css(".notice-info:has-text('已记录：合同已签订')"))
    # the construction moves on to the contract check, with the date it was given
    wait_until(
        lambda: web_app.open_tasks(elementId="contract_check", processInstanceKey=key), "the contract check"
    )
    assert web_app.variable(int(key), "contractSignedOn") == "2026-03-02"
    browser.screenshot("operate-event-recorded")
    assert browser.console_errors() == []
