"""LG construction-period events and the termination of a project (lg-construction, lg-termination)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import Backend, ProcessApp
from lg_scenarios import (
    approve,
    breached_deadlines,
    build_and_sign_contract,
    lg_project,
    preliminary_design_approved,
    running_lg_app,
    sign_contract,
)


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with running_lg_app(tmp_path, registry_template, scenario_backend) as running:
        yield running


def approved_project(app: ProcessApp) -> tuple[int, str]:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    preliminary_design_approved(app)
    return lifecycle, str(app.variables(lifecycle)["projectId"])


def signed_contract(app: ProcessApp) -> int:
    """An approved project whose contract was signed today; returns the lg-construction instance."""
    lifecycle, project_id = approved_project(app)
    sign_contract(app, project_id)
    return app.instance(lifecycle).called_instances("lg-construction")[0]


def test_LG_31_1_fund_plan_waits_for_the_contract_filing(app: ProcessApp) -> None:
    lifecycle, project_id = approved_project(app)
    app.complete(
        "implementation_start",
        implementingBody="信息中心",
        projectLeader="张三",
        supervisorName="某监理",
        onDistrictSoftwareCloud=True,
    )
    app.publish("payment-due", project_id)
    assert ("owner1", "FILING_DUE") in [(r["user_id"], r["template"]) for r in app.outbox()]
    assert [t.element_id for t in app.open_tasks()] == []  # no fund plan before the filing

    app.publish("contract-signed", project_id, contractSignedOn=app.now().date().isoformat())
    app.complete(
        "contract_check",
        contractAmountYuan=5_000_000,
        formatContractWithAcceptanceClause=True,
        resultsOwnershipClause=True,
        warrantyYears=2,
    )
    approve(app, opinion="合同已备案")
    app.publish("payment-due", project_id)
    app.complete("fund_plan_application", paymentAmountYuan=1_500_000, paymentMilestone="首付款")
    construction = app.instance(lifecycle).called_instances("lg-construction")[0]
    app.instance(construction).has_passed("fund_plan_blocked").has_passed("fund_plan_applied")


def test_LG_42_2_LG_43_1_security_equipment_approved_then_registered(app: ProcessApp) -> None:
    lifecycle, project_id = approved_project(app)
    build_and_sign_contract(app, project_id)
    app.publish("security-equipment-requested", project_id)
    approve(app, opinion="统一平台无法提供，同意自购")
    app.complete(
        "register_equipment",
        equipment=[{"model": "FW-3000", "serialNumber": "SN001", "category": "SECURITY"}],
        connectsToGovNetwork=True,
    )
    construction = app.instance(lifecycle).called_instances("lg-construction")[0]
    app.instance(construction).has_passed("equipment_registered")


def test_LG_34_1_approved_termination_ends_the_project_wherever_it_stands(app: ProcessApp) -> None:
    lifecycle, project_id = approved_project(app)
    build_and_sign_contract(app, project_id)
    app.publish("termination-requested", project_id)
    app.complete("industry_review", terminationApproved=True, terminationOpinion="业务需求已取消")
    app.complete("leader_approval", terminationApproved=True, terminationOpinion="同意终止")
    app.complete("audit_settlement", settledAmountYuan=800_000, auditReportId="doc-audit-001.pdf")
    app.instance(lifecycle).is_completed().has_passed("lifecycle_terminated").has_not_passed("acceptance")


def test_LG_34_1_refused_termination_lets_construction_continue(app: ProcessApp) -> None:
    lifecycle, project_id = approved_project(app)
    build_and_sign_contract(app, project_id)
    app.publish("termination-requested", project_id)
    app.complete("industry_review", terminationApproved=False, terminationOpinion="项目仍有必要")
    app.instance(lifecycle).is_active().is_waiting_at("construction").has_not_passed("lifecycle_terminated")


def test_LG_20_2_LG_22_1_monthly_progress_and_yearly_performance_reports(app: ProcessApp) -> None:
    lifecycle, project_id = approved_project(app)
    build_and_sign_contract(app, project_id)
    app.advance("P1M")
    report = app.task("progress_report")
    assert report.candidate_groups == ["lg-owner"] and report.due_date is not None
    app.complete(
        "progress_report",
        progressPercent=20,
        fundsUsedYuan=1_000_000,
        progressNote="按计划推进",
        statisticsReported=True,
    )
    app.advance_to("2026-12-01T09:00:00+08:00")
    performance = app.task("performance_report")
    assert performance.due_date is not None and performance.due_date.startswith("2026-12-31")
    construction = app.instance(lifecycle).called_instances("lg-construction")[0]
    app.instance(construction).has_passed("progress_reported").is_waiting_at("performance_report")


def test_LG_19_3_contract_filed_late_is_escalated_and_recorded_late(app: ProcessApp) -> None:
    lifecycle, project_id = approved_project(app)
    app.complete(
        "implementation_start",
        implementingBody="信息中心",
        projectLeader="张三",
        supervisorName="某监理",
        onDistrictSoftwareCloud=True,
    )
    app.publish("contract-signed", project_id, contractSignedOn=app.now().date().isoformat())
    app.complete(
        "contract_check",
        contractAmountYuan=5_000_000,
        formatContractWithAcceptanceClause=True,
        resultsOwnershipClause=True,
        warrantyYears=2,
    )
    filing = app.task("review")
    app.advance_to(filing.due_date)
    app.advance("P3D")
    assert ("itaLead", "OVERDUE_ESCALATION") in [(r["user_id"], r["template"]) for r in app.outbox()]
    approve(app, opinion="逾期备案")
    [row] = app.registry("SELECT filed_on, due_on FROM filings WHERE kind = 'CONTRACT'")
    assert row["filed_on"] > row["due_on"]
    construction = app.instance(lifecycle).called_instances("lg-construction")[0]
    assert app.variables(construction)["contractFiling"]["slaBreached"] is True


def test_LG_19_3_overdue_contract_filing_is_opened_in_the_registry_on_its_due_day(app: ProcessApp) -> None:
    """LG-19-3 (HARD, sla onBreach ESCALATE): the calling process records the breach and opens the
    overdue filing in the registry; the filing review stays open and decides alone (A-GEN-3)."""
    construction = signed_contract(app)
    due_date = app.task("review").due_date
    assert due_date is not None
    app.advance_to(due_date)
    app.advance("P2D")
    app.instance(construction).has_passed("contract_filing_open_overdue_filing").is_waiting_at(
        "contract_filing"
    )
    assert breached_deadlines(app, construction) == [("LG-19-3", "CONTRACT_FILING", "HARD")]
    [overdue] = app.registry("SELECT rule_id, due_on, filed_on FROM filings WHERE kind = 'CONTRACT'")
    assert overdue == {"rule_id": "LG-19-3", "due_on": due_date[:10], "filed_on": None}
    # LG-31-1: the payment gate still waits for the filing itself, not for the overdue record
    assert app.variables(construction).get("contractFilingStatus") is None
    approve(app, opinion="逾期备案")
    [filed] = app.registry("SELECT due_on, filed_on FROM filings WHERE kind = 'CONTRACT'")
    assert filed["due_on"] == due_date[:10] and filed["filed_on"] > filed["due_on"]
    assert app.variables(construction)["contractFilingStatus"] == "FILED_LATE"


def test_LG_19_3_contract_filed_in_time_opens_no_overdue_filing(app: ProcessApp) -> None:
    construction = signed_contract(app)
    approve(app, opinion="合同备案材料齐全")
    app.advance("P30D")
    app.instance(construction).has_not_passed("contract_filing_overdue", "contract_filing_record_breach")
    assert breached_deadlines(app, construction) == []
    [filing] = app.registry("SELECT due_on, filed_on FROM filings WHERE kind = 'CONTRACT'")
    assert filing["filed_on"] <= filing["due_on"]


def test_LG_19_3_returned_contract_filing_tells_the_owner_why_and_waits_for_the_corrected_filing(
    app: ProcessApp,
) -> None:
    construction = signed_contract(app)
    app.complete(
        "review", decision="RETURNED", opinion="材料不全", reason="缺少中标通知书", checklistConfirmed=[]
    )
    task = app.task("correct_contract_filing")
    assert task.candidate_groups == ["lg-owner"]
    app.instance(construction).has_not_passed("record_contract_filing")
    [notice] = app.registry(
        "SELECT user_id, body_html FROM notification_outbox WHERE template = 'RETURNED_FOR_CORRECTION'"
    )
    assert notice["user_id"] == "owner1" and "缺少中标通知书" in notice["body_html"]
    assert app.registry("SELECT * FROM filings WHERE kind = 'CONTRACT'") == []
    app.complete(
        "correct_contract_filing",
        correctedDocuments=[
            {"material": "award_notice", "documentId": "award-1.pdf", "fileName": "中标通知书.pdf"}
        ],
        correctionNote="已补充中标通知书",
    )
    approve(app, opinion="补正后材料齐全")
    app.instance(construction).has_passed("record_contract_filing").has_passed("correct_contract_filing")
    assert app.variables(construction)["contractFilingDocuments"][0]["material"] == "award_notice"
    [filing] = app.registry("SELECT rule_id FROM filings WHERE kind = 'CONTRACT'")
    assert filing == {"rule_id": "LG-19-3"}


def test_LG_19_3_contract_signed_without_its_date_asks_the_owner_for_it_instead_of_an_incident(
    app: ProcessApp,
) -> None:
    """A contract-signed message that does not carry contractSignedOn: the contract check asks for
    the signature date (required on the form), and the 10 working days count from the date entered."""
    lifecycle, project_id = approved_project(app)
    app.complete(
        "implementation_start",
        implementingBody="信息中心",
        projectLeader="张三",
        supervisorName="某监理",
        onDistrictSoftwareCloud=True,
    )
    app.publish("contract-signed", project_id)
    construction = app.instance(lifecycle).called_instances("lg-construction")[0]
    assert app.task("contract_check").candidate_groups == ["lg-owner"]
    signed_on = (app.now() - dt.timedelta(days=3)).date().isoformat()
    app.complete(
        "contract_check",
        contractSignedOn=signed_on,
        contractAmountYuan=5_000_000,
        formatContractWithAcceptanceClause=True,
        resultsOwnershipClause=True,
        warrantyYears=2,
    )
    filing = app.task("review")
    assert filing.due_date is not None
    assert app.variables(construction)["contractSignedOn"] == signed_on
    incidents = [
        i
        for key in app.instance_tree()
        for i in app.rest.incidents(processInstanceKey=str(key), state="ACTIVE")
    ]
    assert incidents == []


@pytest.mark.parametrize(
    ("decision", "reason", "template", "end"),
    [
        ("APPROVED", None, "APPROVED", "platform_decided"),
        ("RETURNED", "未说明资源规模", "REJECTED", "platform_review_refused"),
    ],
)
def test_LG_40_1_platform_resource_decision_reaches_the_applying_unit(
    app: ProcessApp, decision: str, reason: str | None, template: str, end: str
) -> None:
    construction = signed_contract(app)
    approve(app, opinion="合同备案材料齐全")
    project_id = app.variables(construction)["projectId"]
    app.publish("platform-resources-requested", project_id)
    app.complete("review", decision=decision, opinion="审核意见", reason=reason, checklistConfirmed=[])
    app.instance(construction).has_passed(end)
    [notice] = app.registry(
        "SELECT user_id, body_html FROM notification_outbox WHERE template = :template"
        " AND process_instance_key = :key",
        template=template,
        key=construction,
    )
    assert notice["user_id"] == "owner1"
    if reason:
        assert reason in notice["body_html"]
