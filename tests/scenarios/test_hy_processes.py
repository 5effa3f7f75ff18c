"""HY (河源市市级) processes end to end: engine, gateway, real workers (河府办〔2021〕30号)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp, region
from sla_breaches import sla_breaches

APPLICATION_MATERIALS = [
    "application_form_hy",
    "plan",
    "data_checklist_hy",
    "necessity_docs",
    "safe_reliable_stmt",
]
CRYPTO_MATERIALS = ["crypto_plan", "crypto_plan_eval", "crypto_opinion"]
UNIT_CONFIRMATIONS = {
    "annualListSubmittedOnTime": True,
    "inCatalog": True,
    "dataSharedAsRequired": True,
    "duplicateCollection": False,
    "securityCompliant": True,
    "majorHiddenDanger": False,
    "digitalGovConformant": True,
    "safeReliableProducts": True,
}


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("hy")
    ) as running:
        yield running


def application_form(total_wan: float, **extra: Any) -> dict[str, Any]:
    """附表1 as the applicant submits it (amounts in 万元)."""
    return {
        "projectName": "河源市智慧政务服务平台",
        "unit": "市政务服务数据管理局",
        "applicantUnit": "市政务服务数据管理局",
        "userUnit": "市行政服务中心",
        "plannedLocation": "河源市",
        "constructionNature": "NEW",
        "plannedStart": "2027-01",
        "plannedCompletion": "2027-12",
        "totalInvestmentWan": total_wan,
        "hyCategory": "PROFESSIONAL",
        "serviceType": "SOFTWARE_DEV",
        "involvesCrypto": False,
        "classified": False,
        "isFixedAssetGovInvestment": False,
        **UNIT_CONFIRMATIONS,
        **extra,
    }


def review(app: ProcessApp, decision: str = "APPROVED", reason: str | None = None) -> None:
    app.complete(
        "review", decision=decision, opinion="审核意见：" + decision, reason=reason, checklistConfirmed=[]
    )


def submit_application(app: ProcessApp, total_wan: float, *, crypto: bool = False, **extra: Any) -> int:
    materials = APPLICATION_MATERIALS + (CRYPTO_MATERIALS if crypto else [])
    instance = app.start("hy-application", {"documents": app.documents.submit(materials)})
    app.complete("fill_application", **application_form(total_wan, involvesCrypto=crypto, **extra))
    app.complete(
        "fill_data_checklist",
        unitName="市政务服务数据管理局",
        projectName="河源市智慧政务服务平台",
        dataContent=[],
    )
    return instance


def test_HY_11_1_HY_11_8_happy_path_approval_regime_runs_prelim_fund_and_approval_reviews(
    app: ProcessApp,
) -> None:
    instance = submit_application(app, 120)
    assert app.task("review").candidate_groups == ["hy-ita-reviewers"]
    review(app)  # HY-11-6 preliminary review
    assert app.task("review").candidate_groups == ["hy-fin"]
    review(app)  # HY-11-7 fund review
    assert app.task("review").candidate_groups == ["hy-ita-leaders"]
    review(app)  # HY-11-8 立项批复
    app.instance(instance).is_completed().has_passed("record_approval").has_not_passed(
        "record_project_filing"
    )
    variables = app.variables(instance)
    assert variables["budgetYuan"] == 1_200_000 and variables["applicationOutcome"] == "APPROVED"
    decisions = app.registry("SELECT outcome FROM decisions")
    assert [row["outcome"] for row in decisions] == ["APPROVED"]


def test_HY_12_1_A_HY_2_budget_of_exactly_500000_yuan_is_filed_not_approved(app: ProcessApp) -> None:
    instance = submit_application(app, 50)
    task = app.task("review")
    assert task.candidate_groups == ["hy-ita-reviewers"]
    review(app)  # HY-12-2 filing review, no FIN fund review
    app.instance(instance).is_completed().has_passed("record_project_filing").has_not_passed(
        "prelim_review", "fund_review", "approval_decision"
    )
    variables = app.variables(instance)
    assert variables["budgetYuan"] == 500_000 and variables["applicationOutcome"] == "FILED"
    assert [row["kind"] for row in app.registry("SELECT kind FROM filings")] == ["PROJECT"]


def test_HY_12_1_budget_just_above_500000_yuan_takes_the_approval_route(app: ProcessApp) -> None:
    instance = submit_application(app, 50.0001)
    review(app)
    app.instance(instance).has_passed("prelim_review").has_not_passed("filing_review")
    assert app.variables(instance)["route"]["route"] == "HY_APPROVAL"
    assert app.task("review").candidate_groups == ["hy-fin"]


def test_HY_11_6_return_for_correction_resubmits_and_rechecks_documents(app: ProcessApp) -> None:
    instance = submit_application(app, 200)
    review(app, "RETURNED", reason="需求分析不充分，请补充现状分析")
    task = app.task("revise_application")
    assert task.candidate_groups == ["hy-owner"]
    assert app.variables(instance)["prelimReview"]["decision"] == "RETURNED"
    app.complete("revise_application", actionNote="已补充现状及需求分析", actionConfirmed=True)
    app.instance(instance).has_passed("check_documents", times=2).is_waiting_at("prelim_review")
    review(app)
    assert app.task("review").candidate_groups == ["hy-fin"]


def test_HY_11_6_missed_soft_sla_reminds_and_escalates_but_never_decides(app: ProcessApp) -> None:
    instance = submit_application(app, 200)
    due = app.task("review").due_date
    assert due is not None
    app.advance("P30D")  # past the 10 WD of HY-11-6 (原则上), National Day holidays included
    templates = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert ("ita1", "REMINDER") in templates and ("itaLead", "OVERDUE_ESCALATION") in templates
    app.instance(instance).is_waiting_at("prelim_review")
    review(app)
    assert app.variables(instance)["prelimReview"]["slaBreached"] is True


def test_HY_11_6_A_GEN_3_missed_soft_prelim_review_deadline_is_recorded_and_decides_nothing(
    app: ProcessApp,
) -> None:
    """HY-11-6 (SOFT, 原则上, A-HY-5): the calling process records the missed deadline after the
    escalation, and the breach never decides the application (A-GEN-3)."""
    instance = submit_application(app, 200)
    app.advance("P30D")  # past the 10 WD of HY-11-6, National Day holidays included
    assert ("itaLead", "OVERDUE_ESCALATION") in {(r["user_id"], r["template"]) for r in app.outbox()}
    app.instance(instance).has_passed("prelim_review_record_breach").is_waiting_at("prelim_review")
    assert [(b["ruleId"], b["step"], b["force"]) for b in sla_breaches(app, instance)] == [
        ("HY-11-6", "ITA_PRELIM_REVIEW", "SOFT")
    ]
    # a SOFT deadline blocks nothing: no unit issue, no compliance flag, no decision in the registry
    assert app.registry("SELECT id FROM unit_issues") == []
    assert app.registry("SELECT flag FROM compliance_flags") == []
    assert app.registry("SELECT id FROM decisions") == []
    review(app)
    assert app.task("review").candidate_groups == ["hy-fin"]  # HY-11-7 fund review follows as usual


def test_HY_11_6_reviews_in_time_record_no_breach(app: ProcessApp) -> None:
    instance = submit_application(app, 200)
    review(app)  # HY-11-6 on the first day
    review(app)  # HY-11-7
    app.instance(instance).has_not_passed(
        "prelim_review_overdue", "fund_review_overdue", "prelim_review_record_breach"
    )
    assert sla_breaches(app, instance) == []


def test_HY_11_7_missed_fund_review_deadline_is_recorded_and_the_review_goes_on(app: ProcessApp) -> None:
    instance = submit_application(app, 200)
    review(app)  # HY-11-6 in time
    app.advance("P30D")  # past the 12 WD of HY-11-7 (原则上, A-HY-5)
    assert [(b["ruleId"], b["force"]) for b in sla_breaches(app, instance)] == [("HY-11-7", "SOFT")]
    app.instance(instance).is_waiting_at("fund_review")
    review(app)  # the reviewer decides, not the deadline
    app.instance(instance).has_passed("fund_review").has_passed("fund_review_record_breach", times=1)


def test_HY_11_4_crypto_project_passes_crypto_review_first(app: ProcessApp) -> None:
    instance = submit_application(app, 300, crypto=True)
    assert app.task("review").candidate_groups == ["hy-crypto"]
    review(app)
    app.instance(instance).has_passed("crypto_review").is_waiting_at("prelim_review")


def test_HY_6_2_HY_9_1_soft_restriction_needs_a_recorded_override(app: ProcessApp) -> None:
    instance = submit_application(app, 200, inCatalog=False)
    task = app.task("review_restrictions")
    assert task.candidate_groups == ["hy-ita-leaders"]
    app.complete(
        "review_restrictions",
        decision="APPROVED",
        opinion="同意例外办理",
        reason="系统正在纳入目录",
        approver="itaLead",
    )
    assert app.variables(instance)["restrictionReview"]["approver"] == "itaLead"
    app.instance(instance).is_waiting_at("prelim_review")


def lifecycle_until_application(app: ProcessApp, total_wan: float, **extra: Any) -> int:
    materials = APPLICATION_MATERIALS
    instance = app.start(
        "hy-project-lifecycle",
        {"applicationRef": "HY-2026-001", "documents": app.documents.submit(materials)},
    )
    app.complete("fill_application", **application_form(total_wan, **extra))
    app.complete(
        "fill_data_checklist",
        unitName="市政务服务数据管理局",
        projectName="河源市智慧政务服务平台",
        dataContent=[],
    )
    return instance


def test_HY_11_8_rejection_ends_the_lifecycle_through_the_APPLICATION_REJECTED_error(app: ProcessApp) -> None:
    instance = lifecycle_until_application(app, 200)
    review(app)
    review(app, "REJECTED", reason="资金来源未落实")
    app.instance(instance).is_completed().has_passed("end_rejected").has_not_passed("decide_requirements")
    [notice] = app.registry(
        "SELECT user_id, body_html FROM notification_outbox WHERE template = 'REJECTED'"
    )  # the unit learns that and why its project was not approved
    assert notice["user_id"] == "owner1" and "资金来源未落实" in notice["body_html"]
    rows = app.registry("SELECT outcome, note FROM decisions")
    assert rows == [{"outcome": "REJECTED", "note": "资金来源未落实"}]


def test_HY_lifecycle_happy_path_from_application_to_retirement(app: ProcessApp) -> None:
    instance = lifecycle_until_application(app, 40, hyCategory="PUBLIC")
    review(app)  # filing review (HY-12-2)
    app.complete("ita_procurement", actionNote="已牵头完成采购", actionConfirmed=True)  # HY-15-1
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id, contractAmountYuan=380_000, contractSignedAt="2026-10-20")
    app.publish("construction-completed", project_id)
    for step in ("preliminary_acceptance", "archive_acceptance", "organize_acceptance"):
        app.complete(
            step, testReportConclusion="PASSED", acceptanceConclusion="PASSED", acceptanceOpinion="同意"
        )
    app.publish("system-go-live", project_id)
    app.publish("system-retired", project_id)
    app.instance(instance).is_completed().has_passed("end_retired").has_not_passed("conformity_review")
    steps = [s["step"] for s in app.variables(instance)["acceptanceSteps"]]
    assert "CONFORMITY_REVIEW" not in steps and "ARCHIVE_ACCEPTANCE" in steps  # HY-24-3, HY-22-1
    milestones = [row["kind"] for row in app.registry("SELECT kind FROM milestones ORDER BY id")]
    assert milestones == ["CONSTRUCTION_COMPLETED", "ACCEPTANCE_PASSED", "GO_LIVE"]


CHANGE_BASE = {
    "jurisdiction": "HY",
    "projectId": None,
    "projectName": "河源市智慧政务服务平台",
    "unit": "市政务服务数据管理局",
    "contractAmountYuan": 1_000_000,
    "priorChangeCount": 0,
    "regime": "APPROVAL",
}


def change_line(orig: float, new: float) -> dict[str, Any]:
    return {"seq": 1, "origQty": 1, "origUnitPrice": orig, "newQty": 1, "newUnitPrice": new}


def start_change(app: ProcessApp, delta: float) -> int:
    """One module dearer by ``delta`` and another cheaper by as much: the total stays within the contract
    (HY-21-2) while the gross changed amount (A-HY-10) is twice ``delta``."""
    variables = dict(CHANGE_BASE, projectId=register(app), documents=app.documents.submit(["change_form_hy"]))
    instance = app.start("hy-change", variables)
    app.complete(
        "fill_change_order",
        projectName="河源市智慧政务服务平台",
        contractorUnit="承建公司",
        changeBasis="业务调整",
        changeContent="增加统一身份认证模块",
        softwareChanges=[change_line(200_000, 200_000 + delta), change_line(300_000, 300_000 - delta)],
    )
    return instance


def register(app: ProcessApp) -> str:
    """A project in the registry, as hy-application leaves it."""
    instance = submit_application(app, 40)
    review(app)
    return str(app.variables(instance)["projectId"])


def test_HY_21_3_change_of_exactly_10_percent_goes_to_ITA_and_FIN_review(app: ProcessApp) -> None:
    instance = start_change(app, 50_000)  # gross 100,000 = 10% of 1,000,000
    assert app.variables(instance)["change"]["outcome"] == "ITA_APPROVAL_AND_FIN_BUDGET_REVIEW"
    assert app.task("review").candidate_groups == ["hy-ita-reviewers"]
    review(app)
    assert app.task("review").candidate_groups == ["hy-fin"]
    review(app)
    app.instance(instance).is_completed().has_not_passed("legal_review")
    assert (
        app.variables(instance)["changedAmountYuan"] == 100_000
        and app.variables(instance)["netChangeYuan"] == 0
    )
    assert app.variables(instance)["changeOutcome"] == "APPROVED"


def test_HY_21_3_HY_21_5_change_beyond_10_percent_needs_a_legal_review(app: ProcessApp) -> None:
    instance = start_change(app, 50_000.5)  # gross 100,001
    variables = app.variables(instance)
    assert (
        variables["change"]["outcome"] == "MANUAL_LEGAL_REVIEW"
        and variables["change"]["softLimitExceeded"] is True
    )
    assert app.task("legal_review").candidate_groups == ["hy-ita-leaders"]
    app.complete(
        "legal_review", decision="REJECTED", opinion="超出合同金额10%", reason="应重新采购", approver=None
    )
    app.instance(instance).is_completed().has_passed("record_change_rejection")
    assert app.variables(instance)["changeOutcome"] == "REJECTED"


def test_HY_22_1_HY_25_2_failed_test_report_blocks_acceptance_until_rectified(app: ProcessApp) -> None:
    project_id = register(app)
    instance = app.start(
        "hy-acceptance",
        {
            "jurisdiction": "HY",
            "projectId": project_id,
            "projectName": "河源市智慧政务服务平台",
            "unit": "市政务服务数据管理局",
            "regime": "APPROVAL",
            "involvesCrypto": False,
            "documents": app.documents.submit(["conformity_pack", "archive"]),
        },
    )
    app.complete(
        "preliminary_acceptance",
        testReportConclusion="FAILED",
        acceptanceConclusion="PASSED",
        acceptanceOpinion="测评未通过",
        issues="性能测试不达标",
    )
    app.instance(instance).is_waiting_at("rectify").has_not_passed("archive_acceptance", "record_accepted")
    assert not app.registry("SELECT * FROM milestones WHERE kind = 'ACCEPTANCE_PASSED'")
    app.complete("rectify", actionNote="已完成性能优化并复测", actionConfirmed=True)
    app.complete(
        "preliminary_acceptance",
        testReportConclusion="PASSED",
        acceptanceConclusion="PASSED",
        acceptanceOpinion="通过",
    )
    app.complete(
        "archive_acceptance",
        testReportConclusion="NOT_APPLICABLE",
        acceptanceConclusion="PASSED",
        acceptanceOpinion="档案齐全",
    )
    review(app)  # HY-24-1 conformity review
    app.complete(
        "organize_acceptance",
        testReportConclusion="PASSED",
        acceptanceConclusion="PASSED",
        acceptanceOpinion="同意验收",
        experts="专家甲、专家乙",
    )
    app.instance(instance).is_completed().has_passed("send_acceptance_report").has_not_passed(
        "copy_report_to_crypto"
    )


def test_HY_19_1_public_infrastructure_is_applied_for_reviewed_and_allocated(app: ProcessApp) -> None:
    base = {
        "jurisdiction": "HY",
        "projectId": "HY-P-1",
        "projectName": "河源市智慧政务服务平台",
        "unit": "市政务服务数据管理局",
    }
    instance = app.start("hy-infrastructure", base)
    app.complete("apply", actionNote="申请政务云资源 16 核 64G", actionConfirmed=True)
    review(app, "RETURNED", reason="请说明存储需求")
    app.complete("apply", actionNote="补充存储需求 2TB", actionConfirmed=True)
    review(app)
    app.complete("allocate", actionNote="已分配", actionConfirmed=True)
    app.instance(instance).is_completed().has_passed("ita_review", times=2)
    assert app.variables(instance)["infrastructureOutcome"] == "ALLOCATED"


def test_HY_6_1_HY_6_2_late_project_list_is_recorded_and_restricts_the_units_next_application(
    app: ProcessApp,
) -> None:
    plan = app.start("hy-annual-plan", {})
    app.complete("name_units", unitNames="市政务服务数据管理局")
    task = app.task("submit_annual_plan")
    assert task.due_date is not None and task.due_date.startswith("2026-06-30")  # before Q3 (A-HY-1)
    app.complete("submit_annual_plan", projectList=[], note="逾期报送")
    app.complete("compile_plan", actionNote="已汇总", actionConfirmed=True)
    app.instance(plan).is_completed().has_passed("record_late_list").has_passed("remind_late_unit")
    issues = app.registry("SELECT unit, rule_id, force FROM unit_issues")
    assert issues == [{"unit": "市政务服务数据管理局", "rule_id": "HY-6-2", "force": "SOFT"}]
    instance = submit_application(app, 200)
    assert app.task("review_restrictions").candidate_groups == ["hy-ita-leaders"]
    assert [b["ruleId"] for b in app.variables(instance)["unitEligibility"]["blockers"]] == ["HY-6-2"]


def test_HY_applicant_withdraws_the_application_by_message(app: ProcessApp) -> None:
    instance = lifecycle_until_application(app, 200)
    app.task("review")
    app.publish("application-withdrawn", "HY-2026-001")
    app.instance(instance).is_completed().has_passed("end_withdrawn")
    assert not [t for t in app.open_tasks() if t.element_id == "review"]


def test_HY_6_1_the_yearly_project_list_cycle_opens_every_january(app: ProcessApp) -> None:
    app.advance("P100D")  # 2026-09-30 → past 2027-01-04
    task = app.task("name_units")
    assert task.candidate_groups == ["hy-ita-reviewers"]
    app.complete("name_units", unitNames="市教育局、市卫生健康局")
    due_dates = {t.due_date[:10] for t in app.open_tasks() if t.element_id == "submit_annual_plan"}
    assert due_dates == {"2027-06-30"}  # A-HY-1: before Q3
    assert len([t for t in app.open_tasks() if t.element_id == "submit_annual_plan"]) == 2


def test_HY_31_1_fixed_asset_government_investment_goes_to_the_external_procedure(app: ProcessApp) -> None:
    instance = submit_application(app, 800, isFixedAssetGovInvestment=True)
    assert app.variables(instance)["applicability"]["regime"] == "GOV_INVESTMENT_EXTERNAL"
    app.complete(
        "external_gov_investment", decision="APPROVED", opinion="转发展改革局按政府投资条例办理", reason=None
    )
    app.instance(instance).is_completed().has_passed("end_external").has_not_passed("register_project")


def test_HY_5_1_classified_project_leaves_the_measure(app: ProcessApp) -> None:
    instance = submit_application(app, 800, classified=True)
    app.instance(instance).is_completed().has_passed("end_out_of_scope").has_not_passed("register_project")


def test_HY_21_4_second_change_request_of_a_project_needs_the_legal_review(app: ProcessApp) -> None:
    instance = lifecycle_until_application(app, 40, hyCategory="PUBLIC")
    review(app)
    app.complete("ita_procurement", actionNote="已牵头完成采购", actionConfirmed=True)
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id, contractAmountYuan=380_000, contractSignedAt="2026-10-20")
    change_order = {
        "projectName": "河源市智慧政务服务平台",
        "contractorUnit": "承建公司",
        "changeBasis": "业务调整",
        "changeContent": "调整统一身份认证模块",
        "softwareChanges": [change_line(100_000, 110_000), change_line(50_000, 40_000)],
    }
    app.publish("change-requested", project_id, documents=app.documents.submit(["change_form_hy"]))
    app.complete("fill_change_order", **change_order)
    review(app)  # ITA technical review
    review(app)  # FIN budget review
    variables = app.variables(instance)
    assert variables["changeOutcome"] == "APPROVED" and variables["priorChangeCount"] == 1
    app.publish("change-requested", project_id, documents=app.documents.submit(["change_form_hy"]))
    app.complete("fill_change_order", **change_order)
    assert app.task("legal_review").candidate_groups == ["hy-ita-leaders"]  # HY-21-4 → HY-21-5
    app.instance(instance).is_waiting_at("construction_completed")


def test_HY_21_3_contract_signed_without_its_amount_asks_the_owner_to_record_it(app: ProcessApp) -> None:
    """The contract amount is the base of the 10% change limit (HY-21-3): a message that does not
    carry it is completed by the owner before implementation, not discovered at the first change."""
    instance = lifecycle_until_application(app, 40, hyCategory="PUBLIC")
    review(app)
    app.complete("ita_procurement", actionNote="已牵头完成采购", actionConfirmed=True)
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id)
    assert app.task("record_contract").candidate_groups == ["hy-owner"]
    app.instance(instance).is_not_waiting_at("implementation")
    app.complete("record_contract", contractAmountYuan=380_000, contractSignedAt="2026-10-20")
    app.instance(instance).is_waiting_at("implementation")
    assert app.variables(instance)["contractAmountYuan"] == 380_000


def test_HY_21_1_contract_signed_with_its_facts_goes_straight_to_implementation(app: ProcessApp) -> None:
    instance = lifecycle_until_application(app, 40, hyCategory="PUBLIC")
    review(app)
    app.complete("ita_procurement", actionNote="已牵头完成采购", actionConfirmed=True)
    project_id = app.variables(instance)["projectId"]
    app.publish("contract-signed", project_id, contractAmountYuan=380_000, contractSignedAt="2026-10-20")
    app.instance(instance).is_waiting_at("implementation").has_not_passed("record_contract")
