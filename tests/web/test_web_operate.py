"""Operate in the browser: an ops user finds an incident, corrects the variable that caused it,
retries, and sees the instance move on. The incident is the deadlines worker's refusal to count
working days in a year the holiday calendar does not know (the shared SLA review started in 2027
without the provisional weekends-only rule); the correction asks for that rule explicitly, in the
scope the stuck job reads it from (the input mapping of 计算到期日) and in the instance's, which
the later steps read."""

from __future__ import annotations

from tests.web.browser import Browser, css, role
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in


def test_ops_finds_the_incident_corrects_the_variable_retries_and_the_review_opens(
    web_app: WebApp, browser: Browser
) -> None:
    variables = {
        "jurisdiction": "LG",
        "projectId": "LG-2027-OPS",
        "projectName": "龙岗区智慧城管平台（运维）",
        "unit": "龙岗区城市管理和综合执法局",
        "slaStep": None,
        "slaStartDate": "2027-03-01T09:00:00+08:00",
        "defaultPeriod": "5WD",
        "slaRuleId": "LG-12-5",
        "reviewTaskName": "初步设计方案及概算预审",
        "reviewerGroups": ["lg-ita-reviewers"],
        "allowProvisionalCalendar": False,
    }
    created = web_app.post(
        "/v2/process-instances", {"processDefinitionId": "shared-sla-review", "variables": variables}
    )
    key = str(created["processInstanceKey"])
    wait_until(
        lambda: web_app.post(
            "/v2/incidents/search", {"filter": {"processInstanceKey": key, "state": "ACTIVE"}}
        )["items"],
        "the calendar incident",
    )

    browser.open(fixed_time=LG_START)
    browser.goto("/operate")
    sign_in(browser, "ops-clerk")
    browser.wait_url(r"/operate$")
    browser.click(role("tab", "有故障"))
    row = css(f"tr[data-instance-key='{key}']")
    browser.wait(row)
    assert "有故障" in browser.text(row)
    assert "时限审核（共用）" in browser.text(row)
    browser.screenshot("operate-incidents")

    browser.click(css(f"tr[data-instance-key='{key}'] a"))
    browser.wait_url(f"/operate/instances/{key}$")
    browser.wait(css("#diagram[data-ready=true]"))
    incident = css("table.incidents tbody tr")
    assert "作业重试次数已用完" in browser.text(incident)
    assert "does not know 2027" in browser.text(incident)
    assert browser.count(css("#diagram .op-incident")) == 1
    assert browser.count(css("#diagram .op-completed")) >= 1
    browser.screenshot("operate-instance-incident")

    # the job reads its input mapping, a variable of the element 计算到期日, not the instance's
    scope = browser.text(css("tr[data-variable=allowProvisional] td.muted"))
    assert scope == "环节：计算到期日", scope
    # a value that is not JSON is refused before anything is sent
    browser.click(css("tr[data-variable=allowProvisional] button.edit"))
    browser.fill(css("tr[data-variable=allowProvisional] textarea"), "是")
    browser.click(css("tr[data-variable=allowProvisional] button.save"))
    browser.wait(css("tr[data-variable=allowProvisional] .field-error"))
    assert web_app.local_variable(int(key), "allowProvisional") is False

    browser.fill(css("tr[data-variable=allowProvisional] textarea"), "true")
    browser.click(css("tr[data-variable=allowProvisional] button.save"))
    browser.wait(css(".notice-info:has-text('已修改变量 allowProvisional')"))
    assert web_app.local_variable(int(key), "allowProvisional") is True
    assert browser.text(css("tr[data-variable=allowProvisional] td.value")) == "true"

    # and the instance's own, which the steps after it (the reminder date) map in the same way
    browser.click(css("tr[data-variable=allowProvisionalCalendar] button.edit"))
    browser.fill(css("tr[data-variable=allowProvisionalCalendar] textarea"), "true")
    browser.click(css("tr[data-variable=allowProvisionalCalendar] button.save"))
    browser.wait(css(".notice-info:has-text('已修改变量 allowProvisionalCalendar')"))
    assert web_app.variable(int(key), "allowProvisionalCalendar") is True

    browser.click(css("table.incidents button.retry"))
    browser.wait(css(".notice-info:has-text('已重试')"))
    # the worker computes the due date now, and the review waits for the reviewers
    task = wait_until(lambda: web_app.open_tasks(processInstanceKey=key), "the review task")[0]
    assert task["elementId"] == "review"
    browser.goto(f"/operate/instances/{key}")
    browser.wait(css("#diagram[data-ready=true]"))
    assert browser.text(css("h2:has-text('故障')")) == "故障（0）"
    assert "等待人工办理：" in browser.text(css(".waits"))
    assert browser.count(css("#diagram .op-active")) >= 1
    browser.screenshot("operate-instance-retried")
    assert browser.console_errors() == []


def test_ops_cancels_an_instance_after_confirming(web_app: WebApp, browser: Browser) -> None:
    variables = {
        "jurisdiction": "LG",
        "projectId": "LG-2026-CANCEL",
        "projectName": "龙岗区智慧城管平台（取消）",
        "unit": "龙岗区城市管理和综合执法局",
        "defaultPeriod": "5WD",
        "slaRuleId": "LG-12-5",
        "reviewTaskName": "初步设计方案及概算预审",
        "reviewerGroups": ["lg-ita-reviewers"],
    }
    created = web_app.post(
        "/v2/process-instances", {"processDefinitionId": "shared-sla-review", "variables": variables}
    )
    key = str(created["processInstanceKey"])
    wait_until(lambda: web_app.open_tasks(processInstanceKey=key), "the review task")
    browser.open(fixed_time=LG_START)
    browser.goto(f"/operate/instances/{key}")
    sign_in(browser, "ops-clerk")
    browser.click(css("button.cancel"))
    browser.wait(css("button.confirm-cancel"))
    assert (
        web_app.post("/v2/process-instances/search", {"filter": {"processInstanceKey": key}})["items"][0][
            "state"
        ]
        == "ACTIVE"
    )
    browser.click(css("button.confirm-cancel"))
    browser.wait(css(".notice-info:has-text('已取消流程实例')"))
    assert browser.text(css(".instance-state")) == "已取消"
    assert browser.count(css("button.cancel")) == 0
    assert web_app.open_tasks(processInstanceKey=key) == []
