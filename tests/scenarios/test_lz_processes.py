"""LZ (莱州市) processes end to end: engine, gateway, real workers (莱政办发〔2022〕6号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp, region

IN_FORCE = "2024-06-01"  # within LZ-42-1's validity (2022-09-29 … 2024-09-28)
APPLICATION_MATERIALS = [
    "proposal",
    "fsr",
    "prelim_design",
    "cost_eval",
    "resource_list",
    "safe_reliable_stmt",
    "crypto_plan",
]
ACCEPTANCE_MATERIALS = ["tp_test_report", "crypto_assessment", "mlps_report", "archive"]
# below A-LZ-2's 500万元 there is no third-party software test, so no test report
UNTESTED_ACCEPTANCE_MATERIALS = ["crypto_assessment", "mlps_report", "archive"]
UNIT = "莱州市行政审批服务局"


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("lz")
    ) as running:
        yield running


def application_form(total_wan: float, **extra: Any) -> dict[str, Any]:
    return {
        "projectName": "莱州市一网通办平台",
        "unit": UNIT,
        "demandUnit": UNIT,
        "lzCategory": "GOVERNANCE",
        "totalInvestmentWan": total_wan,
        "constructionContent": "建设一网通办受理、审批和评价系统",
        "crossDepartment": False,
        "jointlyReviewed": True,
        "inCityPlan": False,
        "urgentMandated": False,
        "involvesGovInvestment": False,
        "involvesSoftwareDev": True,
        "hasCivilWorks": False,
        "highEnergy": False,
        "classified": False,
        "excludedType": False,
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "inCatalog": True,
        "usesUnifiedInfrastructure": True,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "performanceScore": 90,
        "platformInfoUpToDate": True,
        "townComprehensive": False,
        "basedOnInfrastructureCatalog": True,
        "ownDataRoomOrPrivateNetwork": False,
        "cityBrainProject": False,
        "contactPerson": "张三",
        "mobilePhone": "13800000000",
        **extra,
    }


def review(app: ProcessApp, decision: str = "APPROVED", reason: str | None = None) -> None:
    app.complete(
        "review", decision=decision, opinion="意见：" + decision, reason=reason, checklistConfirmed=[]
    )


def submit(app: ProcessApp, total_wan: float = 600, process: str = "lz-application", **extra: Any) -> int:
    variables = {"applicationDate": IN_FORCE, "documents": app.documents.submit(APPLICATION_MATERIALS)}
    instance = app.start(process, variables)
    app.complete("fill_application", **application_form(total_wan, **extra))
    return instance


def approved_project(app: ProcessApp, total_wan: float = 600) -> str:
    instance = submit(app, total_wan)
    review(app)  # LZ-9-2 joint review
    review(app)  # LZ-9-1 approval
    app.instance(instance).is_completed()
    return str(app.variables(instance)["projectId"])


def test_LZ_9_1_LZ_9_2_happy_path_governance_project_is_reviewed_approved_and_filed(app: ProcessApp) -> None:
    instance = submit(app, 600)
    assert sorted(app.task("review").candidate_groups) == ["lz-fin", "lz-ita-reviewers"]  # LZ-9-2 ITA + FIN
    review(app)
    assert app.task("review").candidate_groups == ["lz-ita-leaders"]
    review(app)
    app.instance(instance).is_completed().has_passed("record_central_filing").has_not_passed(
        "drc_review", "record_local_filing", "confirm_successor"
    )
    variables = app.variables(instance)
    assert variables["totalInvestmentYuan"] == 6_000_000 and variables["applicationOutcome"] == "APPROVED"
    assert variables["route"]["route"] == "LZ_GOVERNANCE"
    assert [row["kind"] for row in app.registry("SELECT kind FROM filings")] == ["PROJECT"]


def test_LZ_4_1_LZ_9_3_public_service_with_government_investment_goes_through_DRC_and_APPRV(
    app: ProcessApp,
) -> None:
    instance = submit(app, 300, lzCategory="PUBLIC_SERVICE", involvesGovInvestment=True)
    assert app.task("review").candidate_groups == ["lz-drc"]
    review(app)  # LZ-4-1 DRC review
    review(app)  # joint review
    assert app.task("review").candidate_groups == ["lz-apprv"]  # 市行政审批服务局
    review(app)
    app.instance(instance).is_completed().has_passed("drc_review")


@pytest.mark.parametrize(
    ("category", "groups", "owner_and_procurement"),
    [
        ("GOVERNANCE", ["lz-fin", "lz-ita-reviewers"], ("DEMAND_UNIT", "GOV_PROCUREMENT_IN_BATCHES")),
        (
            "PUBLIC_SERVICE",
            ["lz-drc", "lz-fin", "lz-ita-reviewers"],
            ("OPERATING_COMPANY", "PUBLIC_TENDER_AT_TRADING_CENTRE"),
        ),
        ("MARKET_OPERATION", ["lz-fin", "lz-ita-reviewers"], ("OPERATING_COMPANY", "TENDER")),
    ],
)
def test_LZ_9_2_LZ_9_3_LZ_9_4_joint_review_panel_follows_the_category(
    app: ProcessApp, category: str, groups: list[str], owner_and_procurement: tuple[str, str]
) -> None:
    """第九条: the DRC joins the joint review of a 公共服务类 project only; the owner and the way it is
    built come from the same decision."""
    instance = submit(app, 300, lzCategory=category)
    task = app.task("review")
    assert sorted(task.candidate_groups) == groups
    route = app.variables(instance)["route"]
    assert (route["projectOwner"], route["procurementMethod"]) == owner_and_procurement
    review(app)  # the joint review passes
    app.instance(instance).has_passed("joint_review")


def test_LZ_42_1_A_LZ_1_application_after_2024_09_28_asks_for_the_confirmed_successor(
    app: ProcessApp,
) -> None:
    instance = app.start("lz-application", {"applicationDate": "2024-09-29"})
    task = app.task("confirm_successor")
    assert task.candidate_groups == ["lz-ita-leaders"]
    validity = app.variables(instance)["validity"]
    assert validity["status"] == "EXPIRED" and validity["needsConfirmedSuccessor"] is True
    app.complete(
        "confirm_successor",
        successorConfirmed=True,
        successorTitle="莱州市政务信息化项目管理办法",
        successorNumber="莱政办发〔2024〕1号",
        successorEffectiveDate="2024-09-29",
    )
    app.instance(instance).is_waiting_at("fill_application")


def test_LZ_42_1_A_LZ_1_without_a_confirmed_successor_the_project_is_not_handled(app: ProcessApp) -> None:
    lifecycle = app.start("lz-project-lifecycle", {})  # today, 2026-09-30: expired
    app.complete("confirm_successor", successorConfirmed=False, successorNote="尚无接续文件")
    app.instance(lifecycle).is_completed().has_passed("end_not_in_force").has_not_passed(
        "fill_application", "decide_requirements"
    )


def test_LZ_42_1_application_on_the_last_day_is_under_the_measure(app: ProcessApp) -> None:
    instance = app.start("lz-application", {"applicationDate": "2024-09-28"})
    app.instance(instance).is_waiting_at("fill_application").has_not_passed("confirm_successor")


def test_LZ_10_1_return_for_correction_rechecks_documents_then_resumes_the_review(app: ProcessApp) -> None:
    instance = submit(app)
    review(app, "RETURNED", reason="资源使用清单未依据基础设施资源目录")
    assert app.task("revise_application").candidate_groups == ["lz-owner"]
    app.complete("revise_application", actionNote="已修改资源使用清单", actionConfirmed=True)
    app.instance(instance).has_passed("check_documents", times=2).is_waiting_at("joint_review")


def test_LZ_9_2_missed_review_target_reminds_and_escalates_but_never_decides(app: ProcessApp) -> None:
    instance = submit(app)
    app.advance("P30D")
    sent = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert ("ita1", "REMINDER") in sent and ("itaLead", "OVERDUE_ESCALATION") in sent
    app.instance(instance).is_waiting_at("joint_review")
    review(app)
    assert app.variables(instance)["jointReview"]["slaBreached"] is True


def test_LZ_9_1_rejection_ends_the_lifecycle(app: ProcessApp) -> None:
    lifecycle = submit(app, process="lz-project-lifecycle")
    review(app, "REJECTED", reason="与已建系统重复")
    app.instance(lifecycle).is_completed().has_passed("end_rejected").has_not_passed("procurement")
    assert app.registry("SELECT outcome, note FROM decisions") == [
        {"outcome": "REJECTED", "note": "与已建系统重复"}
    ]


def test_LZ_26_5_poor_performance_blocks_a_new_project_without_override(app: ProcessApp) -> None:
    lifecycle = submit(app, process="lz-project-lifecycle", performanceScore=79.9)
    app.instance(lifecycle).is_completed().has_passed("end_rejected").has_not_passed(
        "review_restrictions", "joint_review"
    )


def test_LZ_13_2_soft_restriction_needs_a_recorded_override(app: ProcessApp) -> None:
    instance = submit(app, basedOnInfrastructureCatalog=False, independentBuildRequired=False)
    assert app.task("review_restrictions").candidate_groups == ["lz-ita-leaders"]
    app.complete(
        "review_restrictions",
        decision="APPROVED",
        opinion="同意",
        reason="领导小组批准试点",
        approver="itaLead",
    )
    app.instance(instance).is_waiting_at("joint_review")


def change(app: ProcessApp, changed_wan: float) -> int:
    instance = app.start(
        "lz-change", {"projectId": approved_project(app), "projectName": "莱州市一网通办平台", "unit": UNIT}
    )
    app.complete(
        "fill_change_request",
        approvedEstimateWan=1000,
        changedAmountWan=changed_wan,
        withinApprovedEstimate=True,
        objectiveUnchanged=True,
        beforeProcurement=True,
        changeReason="TECH_OPTIMISATION",
        changeContent="优化技术方案，调整部分功能模块",
    )
    return instance


@pytest.mark.parametrize("changed_wan", [150, 149.99])
def test_LZ_19_2_adjustment_up_to_15_percent_is_reviewed_and_recorded(
    app: ProcessApp, changed_wan: float
) -> None:
    instance = change(app, changed_wan)
    assert app.variables(instance)["change"]["outcome"] == "OWNER_ADJUSTMENT_APPLICATION"
    review(app)
    app.instance(instance).is_completed().has_passed("record_stage_filing")
    assert app.variables(instance)["changeOutcome"] == "APPROVED"


def test_LZ_19_3_adjustment_above_15_percent_must_be_reapplied(app: ProcessApp) -> None:
    instance = change(app, 150.01)
    assert app.variables(instance)["change"]["outcome"] == "REAPPLY_AND_BUDGET_ADJUSTMENT"
    app.instance(instance).is_completed().has_passed("record_reapply").has_not_passed("change_review")
    assert app.variables(instance)["changeOutcome"] == "REAPPLY"


def acceptance_result(conclusion: str, test: str = "PASSED") -> dict[str, Any]:
    return {
        "testReportConclusion": test,
        "acceptanceConclusion": conclusion,
        "acceptanceOpinion": "意见",
        "issues": "问题",
    }


def start_acceptance(
    app: ProcessApp,
    project_id: str,
    total_yuan: int = 3_000_000,
    materials: list[str] = UNTESTED_ACCEPTANCE_MATERIALS,
) -> int:
    return app.start(
        "lz-acceptance",
        {
            "projectId": project_id,
            "projectName": "莱州市一网通办平台",
            "unit": UNIT,
            "totalInvestmentYuan": total_yuan,
            "involvesSoftwareDev": True,
            "documents": app.documents.submit(materials),
        },
    )


def test_LZ_23_2_failed_software_test_report_blocks_acceptance_until_retested(app: ProcessApp) -> None:
    instance = start_acceptance(app, approved_project(app), 6_000_000, ACCEPTANCE_MATERIALS)
    app.complete("software_test", **acceptance_result("FAILED", test="FAILED"))
    app.instance(instance).is_waiting_at("rectify_software_test").has_not_passed(
        "archive_on_platform", "record_accepted"
    )
    app.complete("rectify_software_test", actionNote="已修复缺陷并复测", actionConfirmed=True)
    app.complete("software_test", **acceptance_result("PASSED"))
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("PASSED", test="NOT_APPLICABLE"))
    app.instance(instance).is_completed().has_passed("record_accepted").has_passed("record_stage_filing")
    assert [r["kind"] for r in app.registry("SELECT kind FROM milestones")] == ["ACCEPTANCE_PASSED"]


def test_LZ_23_5_LZ_23_6_acceptance_not_done_in_6_months_asks_for_an_extension(app: ProcessApp) -> None:
    instance = start_acceptance(app, approved_project(app))
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.instance(instance).has_not_passed("software_test")  # < 500万元: A-LZ-2 narrow reading
    app.advance("P7M")
    assert app.task("request_extension").candidate_groups == ["lz-owner"]
    app.instance(instance).is_waiting_at("organize_acceptance")


@pytest.mark.parametrize(
    ("decision", "told", "end"),
    [
        ("APPROVED", "批准延期验收", "extension_granted"),
        ("REJECTED", "不予批准延期验收", "extension_refused"),
    ],
)
def test_LZ_23_6_the_approval_department_decides_an_acceptance_extension_and_the_unit_is_told(
    app: ProcessApp, decision: str, told: str, end: str
) -> None:
    instance = start_acceptance(app, approved_project(app))
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    first_due = app.variables(instance)["acceptanceDue"]
    app.advance("P7M")
    wanted = (app.now() + dt.timedelta(days=60)).date()
    app.complete(
        "request_extension", requestedAcceptanceDate=wanted.isoformat(), extensionReason="第三方测评尚未完成"
    )
    task = app.task("review_acceptance_extension")
    assert task.candidate_groups == ["lz-ita-leaders"]  # 政务治理类: ITA as the approval department (A-LZ-5)
    app.complete(
        "review_acceptance_extension",
        acceptanceExtensionDecision=decision,
        approvedAcceptanceDate=wanted.isoformat() if decision == "APPROVED" else None,
        acceptanceExtensionOpinion="审批意见：" + decision,
    )
    [notice] = app.registry(
        "SELECT user_id, subject, body_html FROM notification_outbox WHERE template = 'DECISION'"
    )
    assert notice["user_id"] == "owner1" and told in notice["subject"]
    assert "审批意见：" + decision in notice["body_html"]
    due = wanted if decision == "APPROVED" else dt.date.fromisoformat(first_due[:10])
    assert f"{due.year}年{due.month}月{due.day}日" in notice["body_html"]
    variables = app.variables(instance)
    assert variables["acceptanceDue"][:10] == due.isoformat()
    app.instance(instance).has_passed(end).is_waiting_at("organize_acceptance")
    escalated = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert (("itaLead", "OVERDUE_ESCALATION") in escalated) == (decision == "REJECTED")


def test_LZ_23_6_a_public_service_project_asks_the_administrative_approval_bureau(app: ProcessApp) -> None:
    """A-LZ-5: the approval department is the one that approved the 立项 (route.approvalAuthority)."""
    project_id = approved_project(app)
    instance = app.start(
        "lz-acceptance",
        {
            "projectId": project_id,
            "projectName": "莱州市一网通办平台",
            "unit": UNIT,
            "totalInvestmentYuan": 3_000_000,
            "involvesSoftwareDev": True,
            "route": {"approvalAuthority": "APPRV"},
            "documents": app.documents.submit(UNTESTED_ACCEPTANCE_MATERIALS),
        },
    )
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.advance("P7M")
    app.complete(
        "request_extension", requestedAcceptanceDate="2025-03-31", extensionReason="第三方测评尚未完成"
    )
    assert app.task("review_acceptance_extension").candidate_groups == ["lz-apprv"]
    app.instance(instance).is_waiting_at("organize_acceptance")


def test_LZ_22_1_crypto_assessment_is_recorded_as_a_filing_with_the_crypto_administration(
    app: ProcessApp,
) -> None:
    """LZ-22-1: the crypto assessment is filed with the 市密码管理局, beside the stage filing (LZ-4-3)."""
    project_id = approved_project(app, total_wan=300)
    instance = start_acceptance(app, project_id)
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("PASSED", test="NOT_APPLICABLE"))
    app.instance(instance).is_completed().has_passed_in_order(
        "record_accepted", "record_crypto_filing", "record_stage_filing"
    )
    [crypto] = app.registry(
        "SELECT authority, rule_id, due_on, filed_on FROM filings"
        " WHERE project_id = :p AND kind = 'CRYPTO_ASSESSMENT'",
        p=project_id,
    )
    assert crypto == {
        "authority": "CRYPTO",
        "rule_id": "LZ-22-1",
        "due_on": None,  # A-GEN-4: the text sets no deadline
        "filed_on": app.now().date().isoformat(),
    }
    assert app.variables(instance)["cryptoFilingStatus"] == "FILED"
    kinds = [
        r["kind"]
        for r in app.registry("SELECT kind FROM filings WHERE project_id = :p ORDER BY id", p=project_id)
    ]
    assert kinds == ["PROJECT", "CRYPTO_ASSESSMENT", "STAGE_RECORD"]


def test_LZ_22_1_no_crypto_filing_while_the_acceptance_has_not_passed(app: ProcessApp) -> None:
    project_id = approved_project(app, total_wan=300)
    instance = start_acceptance(app, project_id)
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("FAILED", test="NOT_APPLICABLE"))
    app.instance(instance).is_waiting_at("rectify_organize_acceptance").has_not_passed("record_crypto_filing")
    assert app.registry("SELECT id FROM filings WHERE kind = 'CRYPTO_ASSESSMENT'") == []


def test_LZ_24_1_LZ_34_1_LZ_15_1_LZ_29_2_lifecycle_reports_self_evaluation_standard_and_om_funding(
    app: ProcessApp,
) -> None:
    documents = app.documents.submit(APPLICATION_MATERIALS + ACCEPTANCE_MATERIALS)
    lifecycle = app.start("lz-project-lifecycle", {"applicationDate": IN_FORCE, "documents": documents})
    app.complete("fill_application", **application_form(600))
    review(app)
    review(app)
    app.complete("procurement", actionNote="已公开招标并签订合同", actionConfirmed=True)
    project_id = app.variables(lifecycle)["projectId"]
    app.publish("contract-signed", project_id)
    app.complete("public_disclosure", actionNote="已在政府网站公开", actionConfirmed=True)  # LZ-32-2
    app.advance_to("2026-12-01T09:00:00+08:00")
    report = app.task("performance_report")  # LZ-24-1: before year end
    assert report.candidate_groups == ["lz-owner"] and report.due_date.startswith("2026-12-31")
    app.complete("performance_report", reportDate="2026-12-10", progress="按计划推进", summary="年度绩效良好")
    app.publish("construction-completed", project_id)
    app.complete("software_test", **acceptance_result("PASSED"))
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("PASSED", test="NOT_APPLICABLE"))
    app.publish("system-go-live", project_id)
    assert app.task("self_evaluation").candidate_groups == ["lz-owner"]  # LZ-34-1, 12 months
    assert app.task("publish_standard").candidate_groups == ["lz-owner"]  # LZ-15-1, >= 500万元
    app.complete("self_evaluation", reportDate="2027-06-01", summary="自评良好", selfScore=88)
    app.complete(
        "publish_standard", reportDate="2027-06-01", standardName="T/LZ 001-2027", summary="已发布团体标准"
    )
    app.advance("P1Y")
    app.complete(
        "om_application",
        requestedAnnualOmFeeWan=50,  # 8.3% of 600万元: within LZ-29-2's 10%
        dataSharedAsRequired=True,
        duplicateCollection=False,
        securityCompliant=True,
        majorHiddenDanger=False,
        freeMaintenanceActive=False,
        inCatalog=True,
        usesUnifiedInfrastructure=True,
        performanceScore=88,
        platformInfoUpToDate=True,
        lzCategory="GOVERNANCE",
        omContent="年度运维",
    )
    assert app.variables(lifecycle)["omRoute"]["route"] == "LZ_GOVERNANCE_OM_FEE"
    assert app.task("review").candidate_groups == ["lz-ita-reviewers"]
    review(app)
    assert app.task("review").candidate_groups == ["lz-lead"]  # LZ-29-2: leading group approves
    review(app)
    assert app.task("review").candidate_groups == ["lz-fin"]
    review(app)
    app.publish("system-retired", project_id)
    app.complete("decommission", reportDate="2030-01-01", summary="停用方案及资产处置", reportFiles=[])
    app.instance(lifecycle).is_completed().has_passed("end_retired")
    milestones = [row["kind"] for row in app.registry("SELECT kind FROM milestones ORDER BY id")]
    assert milestones == ["CONSTRUCTION_COMPLETED", "ACCEPTANCE_PASSED", "GO_LIVE"]


def test_LZ_6_1_LZ_6_4_annual_plan_units_reviewed_jointly_reviewed_and_approved_by_the_leading_group(
    app: ProcessApp,
) -> None:
    instance = app.start("lz-annual-plan", {"planYear": 2027, "units": ["市公安局", "市教体局"]})
    for task in app.tasks("submit_unit_plan", count=2):
        projects = [{"name": "项目A", "lzCategory": "GOVERNANCE", "amountWan": 100, "need": "业务需要"}]
        app.complete_task(task, {"plannedProjects": projects, "planFile": []})
    app.settle()
    for task in app.tasks("review", count=2):  # LZ-6-4: the ITA reviews each department's plan
        assert task.candidate_groups == ["lz-ita-reviewers"]
        app.complete_task(
            task, {"decision": "APPROVED", "opinion": "同意", "reason": None, "checklistConfirmed": []}
        )
    app.settle()
    assert sorted(app.task("review").candidate_groups) == ["lz-drc", "lz-fin", "lz-ita-reviewers"]
    review(app)  # LZ-6-1 joint review
    assert app.task("review").candidate_groups == ["lz-lead"]
    review(app)
    app.instance(instance).is_completed().has_passed("plan_approved")
    plans = app.variables(instance)["unitPlans"]
    assert sorted(p["unit"] for p in plans) == ["市公安局", "市教体局"]
    assert all(p["review"]["decision"] == "APPROVED" for p in plans)
    assert all(p["projects"][0]["name"] == "项目A" for p in plans)


def test_LZ_35_1_failed_rectification_cancels_the_project(app: ProcessApp) -> None:
    documents = app.documents.submit(APPLICATION_MATERIALS)
    lifecycle = app.start("lz-project-lifecycle", {"applicationDate": IN_FORCE, "documents": documents})
    app.complete("fill_application", **application_form(600))
    review(app)
    review(app)
    app.complete("procurement", actionNote="已签订合同", actionConfirmed=True)
    project_id = app.variables(lifecycle)["projectId"]
    app.publish("contract-signed", project_id)
    app.complete("public_disclosure", actionNote="已公开", actionConfirmed=True)
    app.publish("supervision-finding", project_id, findingDescription="未按批复方案建设")
    assert app.task("rectify_finding").candidate_groups == ["lz-owner"]
    app.complete("rectify_finding", actionNote="已整改", actionConfirmed=True)
    review(app, "REJECTED", reason="整改不到位")
    app.instance(lifecycle).is_completed().has_passed("end_cancelled").has_not_passed("acceptance")
    outcomes = [r["outcome"] for r in app.registry("SELECT outcome FROM decisions ORDER BY id")]
    assert outcomes == ["APPROVED", "RETURNED", "REJECTED"]  # approval, payments suspended, cancelled


def test_LZ_9_4_market_operation_project_is_filed_with_the_local_approval_authority(app: ProcessApp) -> None:
    instance = submit(app, 200, lzCategory="MARKET_OPERATION")
    review(app)
    assert app.task("review").candidate_groups == ["lz-ita-leaders"]  # ITA + FIN 核准
    review(app)
    app.instance(instance).is_completed().has_passed("record_local_filing")
    assert app.variables(instance)["route"]["needsLocalAuthorityFiling"] is True
    # The central filing (LZ-9-1) and the local one (LZ-9-4) go to different authorities: two filings.
    filings = app.registry("SELECT kind, authority FROM filings ORDER BY id")
    assert [r["kind"] for r in filings] == ["PROJECT", "PROJECT"]
    assert len({r["authority"] for r in filings}) == 2


def test_LZ_10_2_project_in_the_city_plan_may_skip_the_proposal(app: ProcessApp) -> None:
    materials = [m for m in APPLICATION_MATERIALS if m != "proposal"]
    instance = app.start(
        "lz-application", {"applicationDate": IN_FORCE, "documents": app.documents.submit(materials)}
    )
    app.complete("fill_application", **application_form(300, inCityPlan=True))
    assert app.variables(instance)["route"]["needsProposal"] is False
    app.instance(instance).is_waiting_at("joint_review")  # no correction asked for


def test_LZ_10_1_missing_proposal_on_the_standard_path_is_corrected_first(app: ProcessApp) -> None:
    materials = [m for m in APPLICATION_MATERIALS if m != "proposal"]
    instance = app.start(
        "lz-application", {"applicationDate": IN_FORCE, "documents": app.documents.submit(materials)}
    )
    app.complete("fill_application", **application_form(300))
    assert app.task("correct_documents").candidate_groups == ["lz-owner"]
    app.instance(instance).is_not_waiting_at("joint_review")


def in_operation(app: ProcessApp, category: str = "GOVERNANCE") -> tuple[int, str]:
    """A governance project accepted and live, its first O&M year just passed."""
    documents = app.documents.submit(APPLICATION_MATERIALS + ACCEPTANCE_MATERIALS)
    lifecycle = app.start("lz-project-lifecycle", {"applicationDate": IN_FORCE, "documents": documents})
    app.complete("fill_application", **application_form(600, lzCategory=category))
    review(app)
    review(app)
    app.complete("procurement", actionNote="已签订合同", actionConfirmed=True)
    project_id = str(app.variables(lifecycle)["projectId"])
    app.publish("contract-signed", project_id)
    app.complete("public_disclosure", actionNote="已公开", actionConfirmed=True)
    app.publish("construction-completed", project_id)
    app.complete("software_test", **acceptance_result("PASSED"))
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("PASSED", test="NOT_APPLICABLE"))
    app.publish("system-go-live", project_id)
    app.complete("self_evaluation", reportDate="2027-06-01", summary="自评良好", selfScore=88)
    app.complete("publish_standard", reportDate="2027-06-01", standardName="T/LZ 001-2027", summary="已发布")
    app.advance("P1Y")
    return lifecycle, project_id


def om_request(fee_wan: float, **extra: Any) -> dict[str, Any]:
    return {
        "requestedAnnualOmFeeWan": fee_wan,
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "freeMaintenanceActive": False,
        "inCatalog": True,
        "usesUnifiedInfrastructure": True,
        "performanceScore": 88,
        "platformInfoUpToDate": True,
        "omContent": "年度运维",
        **extra,
    }


def test_LZ_29_2_om_fee_of_exactly_10_percent_goes_to_review_without_override(app: ProcessApp) -> None:
    lifecycle, _ = in_operation(app)
    app.complete("om_application", **om_request(60))  # 600,000 of 6,000,000 yuan
    assert app.variables(lifecycle)["omBlocks"] is None
    assert app.task("review").candidate_groups == ["lz-ita-reviewers"]


def test_LZ_29_2_om_fee_above_10_percent_needs_a_recorded_override(app: ProcessApp) -> None:
    lifecycle, _ = in_operation(app)
    app.complete("om_application", **om_request(60.01))
    assert [b["reason"] for b in app.variables(lifecycle)["omBlocks"]] == ["OM_FEE_OVER_10_PERCENT"]
    assert app.task("om_override").candidate_groups == ["lz-ita-leaders"]
    app.complete(
        "om_override", decision="APPROVED", opinion="同意", reason="新增安全运维内容", approver="itaLead"
    )
    assert app.task("review").candidate_groups == ["lz-ita-reviewers"]


def test_LZ_29_2_free_om_period_running_gets_no_om_funds(app: ProcessApp) -> None:
    lifecycle, _ = in_operation(app)
    app.complete("om_application", **om_request(30, freeMaintenanceActive=True))
    assert [b["reason"] for b in app.variables(lifecycle)["omBlocks"]] == ["FREE_OM_PERIOD_RUNNING"]
    app.instance(lifecycle).has_not_passed("om_ita_review").has_not_passed("om_override")


def test_LZ_29_3_public_service_project_gets_an_operating_subsidy_through_ITA_LEAD_FIN(
    app: ProcessApp,
) -> None:
    lifecycle, _ = in_operation(app, "PUBLIC_SERVICE")
    app.complete("om_application", **om_request(80))  # no 10% cap for the subsidy
    assert app.variables(lifecycle)["omRoute"]["route"] == "LZ_PUBLIC_SERVICE_SUBSIDY"
    for group in ("lz-ita-reviewers", "lz-lead", "lz-fin"):
        assert app.task("review").candidate_groups == [group]
        review(app)
    app.instance(lifecycle).has_passed("om_fin_review").is_waiting_at("year_passed")


def test_LZ_29_2_fin_refusing_the_om_funds_tells_the_unit_why(app: ProcessApp) -> None:
    lifecycle, _ = in_operation(app)
    app.complete("om_application", **om_request(50))
    review(app)  # ITA
    assert app.task("review").candidate_groups == ["lz-lead"]
    review(app)  # the leading group
    assert app.task("review").candidate_groups == ["lz-fin"]
    app.complete(
        "review", decision="REJECTED", opinion="不予安排", reason="运维内容与上年重复", checklistConfirmed=[]
    )
    [notice] = app.registry(
        "SELECT user_id, subject, body_html FROM notification_outbox WHERE template = 'DECISION'"
    )
    assert notice["user_id"] == "owner1" and "不予安排" in notice["subject"]
    assert "运维内容与上年重复" in notice["body_html"]
    app.instance(lifecycle).has_passed("notify_om_fin_decision").is_waiting_at("year_passed")


def test_LZ_8_1_market_operation_project_has_no_fiscal_om_route(app: ProcessApp) -> None:
    lifecycle, _ = in_operation(app, "MARKET_OPERATION")
    app.complete("om_application", **om_request(30))
    assert app.variables(lifecycle)["omRoute"]["route"] == "LZ_MARKET_FUNDED"
    app.instance(lifecycle).has_not_passed("om_ita_review").is_waiting_at("year_passed")
