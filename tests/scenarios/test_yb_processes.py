"""YB (重庆市渝北区) processes end to end: engine, gateway, real workers (渝北府办发〔2019〕26号)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp, region

PROJECT = {"projectName": "渝北区城市运行监测平台", "unit": "区大数据发展局"}


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("yb")
    ) as running:
        yield running


def declaration(total_wan: float, **extra: Any) -> dict[str, Any]:
    """附件1 as the applicant submits it (amounts in 万元)."""
    return {
        **PROJECT,
        "reportingUnit": "区大数据发展局",
        "contactPerson": "张三",
        "contactPhone": "13800000000",
        "periodStart": "2027-01",
        "periodEnd": "2027-12",
        "projectCategory": "CONSTRUCTION",
        "procurementCategory": ["SERVICES"],
        "budget": {"totalWan": total_wan, "districtFiscalWan": total_wan},
        "isFixedAsset": False,
        "isPhasedMultiYear": False,
        "excludedType": False,
        "classified": False,
        **extra,
    }


def review(app: ProcessApp, decision: str = "APPROVED", reason: str | None = None) -> None:
    app.complete(
        "review", decision=decision, opinion="意见：" + decision, reason=reason, checklistConfirmed=[]
    )


def expert_panel(app: ProcessApp, conclusion: str = "PASSED") -> None:
    app.complete("select_experts", expertIds="expertA, expertB")
    for task in [t for t in app.open_tasks() if t.element_id == "expert_opinion"]:
        app.complete_task(
            task,
            {"expertConclusion": conclusion, "expertOpinion": "评审意见"},
        )
    app.settle()
    app.complete("panel_conclusion", panelConclusion=conclusion, panelSummary="专家组意见：" + conclusion)


def decide(app: ProcessApp, element: str, decision: str = "APPROVED", reason: str | None = None) -> None:
    app.complete(element, decision=decision, opinion="意见", reason=reason)


def declare(app: ProcessApp, process: str, total_wan: float, **extra: Any) -> int:
    materials = ["yb_demand_form", "yb_demand_spec"]
    instance = app.start(
        process, {"applicationRef": "YB-2026-7", "documents": app.documents.submit(materials)}
    )
    app.complete("fill_demand_declaration", **declaration(total_wan, **extra))
    return instance


def test_YB_6_2_YB_7_1_YB_7_2_YB_10_2_happy_path_of_a_fixed_asset_construction_project(
    app: ProcessApp,
) -> None:
    instance = declare(app, "yb-application", 300, isFixedAsset=True)
    assert app.task("review").candidate_groups == ["yb-ita-reviewers"]
    review(app)  # YB-6-2 preliminary review
    expert_panel(app)  # YB-7-1
    decide(app, "gov_deliberation")  # YB-7-2
    assert app.task("drc_approval").candidate_groups == ["yb-drc"]
    decide(app, "drc_approval")  # YB-10-2
    app.instance(instance).is_completed().has_passed("record_approval")
    variables = app.variables(instance)
    assert variables["totalInvestmentYuan"] == 3_000_000 and variables["applicationOutcome"] == "APPROVED"


def test_YB_6_2_return_for_correction_then_resubmission(app: ProcessApp) -> None:
    instance = declare(app, "yb-application", 80)
    review(app, "RETURNED", reason="未说明政务云使用方案")
    app.complete("revise_application", actionNote="已补充上云方案", actionConfirmed=True)
    app.instance(instance).has_passed("check_documents", times=2).is_waiting_at("prelim_review")
    review(app)
    assert app.task("select_experts").candidate_groups == ["yb-ita-reviewers"]


def test_YB_6_3_rejected_preliminary_review_never_reaches_the_experts(app: ProcessApp) -> None:
    instance = declare(app, "yb-project-lifecycle", 80)
    review(app, "REJECTED", reason="与现有系统重复建设")
    app.instance(instance).is_completed().has_passed("end_rejected").has_not_passed("select_experts")


def test_A_YB_1_review_without_a_measured_deadline_reminds_and_escalates_after_the_internal_target(
    app: ProcessApp,
) -> None:
    instance = declare(app, "yb-application", 80)
    app.advance("P30D")
    templates = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert ("ita1", "REMINDER") in templates and ("itaLead", "OVERDUE_ESCALATION") in templates
    app.instance(instance).is_waiting_at("prelim_review")


def approved_project(app: ProcessApp, total_wan: float = 100, **extra: Any) -> str:
    instance = declare(app, "yb-application", total_wan, **extra)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    if extra.get("isFixedAsset"):
        decide(app, "drc_approval")
    return str(app.variables(instance)["projectId"])


def start_change(app: ProcessApp, changed_wan: float, *, fixed_asset: bool = False) -> int:
    project_id = approved_project(app, 100, isFixedAsset=fixed_asset)
    instance = app.start(
        "yb-change",
        {
            **PROJECT,
            "jurisdiction": "YB",
            "projectId": project_id,
            "totalInvestmentYuan": 1_000_000,
            "isFixedAsset": fixed_asset,
            "documents": app.documents.submit(["change_note"]),
        },
    )
    app.complete(
        "fill_change_request",
        changeContent="增加移动端功能模块",
        changeReason="业务需要",
        changedAmountWan=changed_wan,
    )
    return instance


def test_YB_11_2_change_of_exactly_10_percent_is_approved_by_the_ITA_and_the_DRC_for_fixed_assets(
    app: ProcessApp,
) -> None:
    instance = start_change(app, 10, fixed_asset=True)
    assert app.variables(instance)["change"]["outcome"] == "ITA_AND_DRC_APPROVAL_WITH_CHANGE_NOTE"
    review(app)
    decide(app, "drc_change_approval")
    app.instance(instance).is_completed().has_passed("record_change_approval")
    assert app.variables(instance)["changeOutcome"] == "APPROVED"


def test_YB_11_3_change_above_10_percent_requires_full_reapplication(app: ProcessApp) -> None:
    instance = start_change(app, 10.0001)
    assert app.variables(instance)["change"]["outcome"] == "REAPPLY_FULL_PROCEDURE"
    app.complete("notify_reapplication", actionNote="重新编制方案", actionConfirmed=True)
    app.instance(instance).is_completed().has_not_passed("ita_change_review")
    assert app.variables(instance)["changeOutcome"] == "REAPPLY"


def test_YB_14_2_failed_test_report_blocks_handover(app: ProcessApp) -> None:
    project_id = approved_project(app)
    instance = app.start(
        "yb-acceptance",
        {
            **PROJECT,
            "jurisdiction": "YB",
            "projectId": project_id,
            "isPhasedMultiYear": False,
            "documents": app.documents.submit(["data_catalog"]),
        },
    )
    result = {
        "dataCatalogCompiled": True,
        "connectedToSharingPlatform": True,
        "acceptanceConclusion": "PASSED",
        "acceptanceOpinion": "意见",
        "experts": "专家甲",
    }
    app.complete("organize_acceptance", **result, testReportConclusion="FAILED", issues="安全测评不通过")
    app.instance(instance).is_waiting_at("rectify").has_not_passed("handover")
    app.complete("rectify", actionNote="已整改并复测", actionConfirmed=True)
    app.complete("organize_acceptance", **result, testReportConclusion="PASSED")
    app.instance(instance).has_passed("handover").is_waiting_at("submit_dossier")


def test_YB_15_1_dossier_archive_overdue_after_10_working_days_is_escalated(app: ProcessApp) -> None:
    project_id = approved_project(app)
    instance = app.start(
        "yb-acceptance",
        {
            **PROJECT,
            "jurisdiction": "YB",
            "projectId": project_id,
            "isPhasedMultiYear": False,
            "documents": app.documents.submit(["data_catalog"]),
        },
    )
    app.complete(
        "organize_acceptance",
        dataCatalogCompiled=True,
        connectedToSharingPlatform=True,
        acceptanceConclusion="PASSED",
        testReportConclusion="PASSED",
        acceptanceOpinion="合格",
        experts="专家甲",
    )
    app.advance("P30D")
    app.instance(instance).has_passed("escalate_archive").is_waiting_at("submit_dossier")
    app.complete("submit_dossier", actionNote="已报送", actionConfirmed=True)
    filings = app.registry("SELECT kind, rule_id, filed_on FROM filings WHERE rule_id = 'YB-15-1'")
    assert len(filings) == 1 and filings[0]["filed_on"] is not None


def test_YB_lifecycle_happy_path_with_contract_filing_within_7_working_days(app: ProcessApp) -> None:
    instance = declare(app, "yb-project-lifecycle", 100)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    app.complete("procure_per_plan", actionNote="已按批复方案完成公开招标", actionConfirmed=True)  # YB-10-1
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id, contractSignedAt="2026-10-09T10:00:00+08:00")
    assert app.task("file_contract").due_date is not None
    app.complete("file_contract", actionNote="已报送合同复印件", actionConfirmed=True)
    app.publish("construction-completed", project_id, documents=app.documents.submit(["data_catalog"]))
    app.complete(
        "organize_acceptance",
        dataCatalogCompiled=True,
        connectedToSharingPlatform=True,
        acceptanceConclusion="PASSED",
        testReportConclusion="PASSED",
        acceptanceOpinion="合格",
        experts="专家甲",
    )
    app.complete("submit_dossier", actionNote="已报送", actionConfirmed=True)
    app.publish("system-go-live", project_id)
    app.publish("system-retired", project_id)
    app.instance(instance).is_completed().has_passed("end_retired").has_not_passed("escalate_contract_filing")
    kinds = [row["kind"] for row in app.registry("SELECT kind FROM milestones ORDER BY id")]
    assert kinds == ["CONSTRUCTION_COMPLETED", "ACCEPTANCE_PASSED", "GO_LIVE"]


def test_YB_5_1_yearly_om_declaration_is_evaluated_by_experts_and_budgeted(app: ProcessApp) -> None:
    project_id = approved_project(app)
    instance = app.start(
        "yb-om-declaration",
        {**PROJECT, "jurisdiction": "YB", "projectId": project_id, "applicationOutcome": "APPROVED"},
    )
    task = app.task("declare_om_needs")
    assert task.due_date is not None and task.due_date.startswith("2026-12-31")
    app.complete("declare_om_needs", **declaration(30, projectCategory="OM"))
    expert_panel(app)
    decide(app, "fin_budget")
    app.complete("om_procurement", actionNote="按批复方案采购运维服务", actionConfirmed=True)  # YB-9-1
    app.instance(instance).is_completed().has_passed("record_om_approved")


def test_YB_18_1_no_om_funds_for_a_project_not_approved_under_the_measure(app: ProcessApp) -> None:
    instance = app.start("yb-om-declaration", {**PROJECT, "jurisdiction": "YB", "projectId": "YB-X"})
    app.instance(instance).is_completed().has_passed("end_blocked").has_not_passed("declare_om_needs")


def test_YB_8_1_each_later_phase_is_declared_and_reviewed_again(app: ProcessApp) -> None:
    instance = declare(app, "yb-project-lifecycle", 500, isPhasedMultiYear=True)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    app.complete("procure_per_plan", actionNote="一期采购完成", actionConfirmed=True)
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id, contractSignedAt="2026-10-09T10:00:00+08:00")
    app.complete("file_contract", actionNote="已备案", actionConfirmed=True)
    app.publish("construction-completed", project_id, documents=app.documents.submit(["data_catalog"]))
    app.complete(
        "organize_acceptance",
        dataCatalogCompiled=True,
        connectedToSharingPlatform=True,
        acceptanceConclusion="PASSED",
        testReportConclusion="PASSED",
        acceptanceOpinion="一期合格",
        experts="专家甲",
    )
    app.complete("submit_dossier", actionNote="已报送", actionConfirmed=True)
    app.complete("plan_next_phase", nextPhase=True, actionNote="申报二期", actionConfirmed=True)
    app.complete(
        "fill_demand_declaration",
        **declaration(300, isPhasedMultiYear=True),
        documents=app.documents.submit(["yb_demand_form", "yb_demand_spec"]),
    )
    assert app.task("review").candidate_groups == ["yb-ita-reviewers"]  # YB-6 again for phase 2
    app.instance(instance).has_passed("application", times=1).has_passed("start_next_phase")
    assert app.variables(instance)["phaseNumber"] == 2
    assert len(app.registry("SELECT id FROM projects")) == 1


def test_YB_12_1_contract_not_filed_within_7_working_days_is_escalated(app: ProcessApp) -> None:
    instance = declare(app, "yb-project-lifecycle", 100)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    app.complete("procure_per_plan", actionNote="采购完成", actionConfirmed=True)
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id, contractSignedAt="2026-10-09T10:00:00+08:00")
    due = app.task("file_contract").due_date
    # 7 WD after Fri 9 Oct: Sat 10 Oct is a 调休 working day in 2026
    assert due is not None and due.startswith("2026-10-19")
    app.advance("P25D")
    app.instance(instance).has_passed("escalate_contract_filing").is_waiting_at("file_contract")
    assert ("itaLead", "OVERDUE_ESCALATION") in {(row["user_id"], row["template"]) for row in app.outbox()}
    filings = app.registry("SELECT kind, rule_id, due_on, filed_on FROM filings")
    assert filings == [{"kind": "CONTRACT", "rule_id": "YB-12-1", "due_on": "2026-10-19", "filed_on": None}]


def test_YB_2_2_office_equipment_purchase_is_out_of_scope(app: ProcessApp) -> None:
    instance = declare(app, "yb-application", 20, excludedType=True)
    app.instance(instance).is_completed().has_passed("end_out_of_scope").has_not_passed("register_project")


def test_YB_12_1_a_malformed_contract_date_from_the_procurement_system_is_an_incident_naming_it(
    app: ProcessApp,
) -> None:
    """A message sent past govit publish (the procurement system over gRPC) with a date that is no
    calendar day: the incident names the business fact and where it is recorded, in words."""
    instance = declare(app, "yb-project-lifecycle", 100)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    app.complete("procure_per_plan", actionNote="已按批复方案完成公开招标", actionConfirmed=True)
    app.publish("contract-signed", app.variables(instance)["projectId"], contractSignedAt="2026-13-01")
    incidents = [
        incident
        for key in app.instance_tree()
        for incident in app.rest.incidents(processInstanceKey=str(key), state="ACTIVE")
    ]
    assert [(i["elementId"], i["errorMessage"]) for i in incidents] == [
        (
            "compute_contract_due",
            "合同签订日期 (contractSignedAt) 应为日期 YYYY-MM-DD（或日期时间），收到 '2026-13-01'"
            "：发送“合同已签订”消息（contract-signed）时须携带，或在“补录合同签订日期”中填写",
        )
    ]


def test_YB_12_1_contract_signed_without_its_date_asks_the_owner_instead_of_counting_from_today(
    app: ProcessApp,
) -> None:
    instance = declare(app, "yb-project-lifecycle", 100)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    app.complete("procure_per_plan", actionNote="已按批复方案完成公开招标", actionConfirmed=True)
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id)
    assert app.task("record_contract_date").candidate_groups == ["yb-owner"]
    app.instance(instance).has_not_passed("compute_contract_due")
    app.complete("record_contract_date", contractSignedAt="2026-10-09")
    assert app.task("file_contract").due_date is not None
    # 7 working days after the signature on the PRC calendar (`python -m workers deadline 2026-10-09 7WD`)
    assert app.variables(instance)["contractFilingDueDay"] == "2026-10-19"


def contracted_project(app: ProcessApp) -> tuple[int, str]:
    """A YB project under construction: approved, procured, its contract signed and filed."""
    instance = declare(app, "yb-project-lifecycle", 100)
    review(app)
    expert_panel(app)
    decide(app, "gov_deliberation")
    app.complete("procure_per_plan", actionNote="已按批复方案完成公开招标", actionConfirmed=True)
    project_id = str(app.variables(instance)["projectId"])
    app.publish("contract-signed", project_id, contractSignedAt="2026-10-09T10:00:00+08:00")
    app.complete("file_contract", actionNote="已备案", actionConfirmed=True)
    return instance, project_id


def decide_delay(app: ProcessApp, decision: str, **extra: Any) -> None:
    task = app.task("delay_measures")
    assert task.candidate_groups == ["yb-ita-leaders"]
    app.complete_task(
        task,
        {
            "consultedDepartments": ["FIN"],
            "delayDecision": decision,
            "delayDecisionReason": "工程严重逾期，决定" + decision,
            **extra,
        },
    )
    app.settle()


def decision_notices(app: ProcessApp) -> list[dict[str, Any]]:
    return app.registry(
        "SELECT user_id, subject, body_html FROM notification_outbox WHERE template = 'DECISION' ORDER BY id"
    )


def test_YB_13_1_rectification_is_told_to_the_unit_and_asked_of_it_by_its_deadline(app: ProcessApp) -> None:
    instance, project_id = contracted_project(app)
    app.publish("serious-delay-reported", project_id)
    decide_delay(app, "RECTIFY", rectificationDueDate="2026-12-31")
    [notice] = decision_notices(app)
    assert notice["user_id"] == "owner1" and "限期整改" in notice["subject"]
    assert "工程严重逾期，决定RECTIFY" in notice["body_html"] and "2026年12月31日" in notice["body_html"]
    task = app.task("delay_rectification")
    assert task.candidate_groups == ["yb-owner"] and str(task.due_date).startswith("2026-12-31")
    app.complete("delay_rectification", actionNote="已完成整改", actionConfirmed=True)
    app.instance(instance).has_passed("delay_rectified").is_waiting_at("construction_completed")


def test_YB_13_1_no_measure_is_told_to_the_unit_and_construction_goes_on(app: ProcessApp) -> None:
    instance, project_id = contracted_project(app)
    app.publish("serious-delay-reported", project_id)
    decide_delay(app, "CONTINUE")
    [notice] = decision_notices(app)
    assert "继续实施" in notice["subject"] and "工程严重逾期，决定CONTINUE" in notice["body_html"]
    app.instance(instance).has_passed("delay_continued").is_waiting_at("construction_completed")


def test_YB_13_1_suspension_stops_construction_until_the_authority_lets_it_resume(app: ProcessApp) -> None:
    instance, project_id = contracted_project(app)
    app.publish("serious-delay-reported", project_id)
    decide_delay(app, "SUSPEND")
    [notice] = decision_notices(app)
    assert notice["user_id"] == "owner1" and "暂停项目建设" in notice["subject"]
    app.instance(instance).is_waiting_at("suspension")
    assert app.task("suspension").candidate_groups == ["yb-ita-leaders"]
    app.publish("construction-completed", project_id, documents=app.documents.submit(["data_catalog"]))
    app.instance(instance).is_waiting_at("suspension").has_not_passed("record_construction_completed")
    app.complete("suspension", resumeOpinion="整改到位，恢复建设")
    notices = decision_notices(app)
    assert len(notices) == 2 and "恢复项目建设" in notices[1]["subject"]
    assert "整改到位，恢复建设" in notices[1]["body_html"]
    app.instance(instance).is_waiting_at("construction_completed")
