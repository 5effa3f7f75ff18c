"""TH (盐城市亭湖区) processes end to end: engine, gateway, real workers (亭湖区管理办法（试行）)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from harness import Backend, ProcessApp, region
from sla_breaches import sla_breaches

APPLICATION_MATERIALS = ["request_doc", "fsr", "cost_eval", "data_catalog", "crypto_plan"]
ACCEPTANCE_MATERIALS = [
    "construction_summary",
    "financial_audit",
    "mlps_report",
    "crypto_assessment",
    "archive",
]
UNIT = "亭湖区行政审批局"
JOINT_REVIEWERS = ["th-party-office", "th-cac", "th-fin", "th-aud"]


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("th")
    ) as running:
        yield running


def application_form(total_wan: float = 300, **extra: Any) -> dict[str, Any]:
    return {
        "projectName": "亭湖区政务服务一体化平台",
        "unit": UNIT,
        "totalInvestmentWan": total_wan,
        "approvedCompletionDate": "2027-06-30",
        "constructionContent": "建设政务服务受理和数据共享系统",
        "classified": False,
        "excludedType": False,
        "socialCapital": False,
        "crossDepartment": False,
        "crossLevel": False,
        "dataCatalog": [
            {"dataName": "办件信息", "shareType": "UNCONDITIONAL", "shareChannel": "区数据共享交换平台"}
        ],
        "shareRestrictedToSome": False,
        "inPlan": True,
        "meetsPolicyAndNeed": True,
        "intensiveShared": True,
        "unitSystemsIntegrated": True,
        "unitSystemsOnDistrictCloud": True,
        "securityCompliant": True,
        "contactPerson": "李四",
        "mobilePhone": "13900000000",
        **extra,
    }


def review(app: ProcessApp, decision: str = "APPROVED", reason: str | None = None) -> None:
    app.complete(
        "review", decision=decision, opinion="意见：" + decision, reason=reason, checklistConfirmed=[]
    )


def submit(
    app: ProcessApp,
    process: str = "th-application",
    materials: list[str] = APPLICATION_MATERIALS,
    **extra: Any,
) -> int:
    instance = app.start(process, {"documents": app.documents.submit(materials)})
    app.complete("fill_application", **application_form(**extra))
    return instance


def joint_review(app: ProcessApp, decision: str = "APPROVED") -> None:
    tasks = app.tasks("review", count=4)
    assert sorted(group for t in tasks for group in t.candidate_groups) == sorted(JOINT_REVIEWERS)
    for task in tasks:
        app.complete_task(
            task, {"decision": decision, "opinion": "会审意见", "reason": None, "checklistConfirmed": []}
        )
    app.settle()


def expert_review(app: ProcessApp, conclusion: str = "PASSED") -> None:
    for task in app.tasks("expert_opinion", count=2):
        app.complete_task(task, {"expertConclusion": "PASSED", "expertOpinion": "同意"})
    app.settle()
    app.complete("panel_conclusion", panelConclusion=conclusion, panelSummary="联合评审小组意见")


def approve_all(app: ProcessApp) -> None:
    review(app)  # TH-11-2 pre-review
    joint_review(app)  # TH-11-5
    expert_review(app)  # TH-11-6
    review(app)  # TH-11-7 fiscal review
    app.complete("obtain_project_code", projectCode="2609-320902-04-01-123456")  # TH-14-1
    review(app)  # TH-14-1 approval


def test_TH_11_2_to_TH_14_1_happy_path_prereview_joint_expert_fiscal_review_and_approval(
    app: ProcessApp,
) -> None:
    instance = submit(app)
    assert app.task("review").candidate_groups == ["th-ita-reviewers"]
    approve_all(app)
    app.instance(instance).is_completed().has_passed("record_approval").has_not_passed(
        "record_social_capital_filing", "revise_application"
    )
    variables = app.variables(instance)
    assert variables["totalInvestmentYuan"] == 3_000_000 and variables["applicationOutcome"] == "APPROVED"
    assert [o["decision"] for o in variables["jointOpinions"]] == ["APPROVED"] * 4
    assert app.registry("SELECT outcome FROM decisions") == [{"outcome": "APPROVED"}]


def test_TH_39_1_social_capital_project_is_filed_before_construction(app: ProcessApp) -> None:
    instance = submit(app, materials=[*APPLICATION_MATERIALS, "social_capital_filing"], socialCapital=True)
    approve_all(app)
    app.instance(instance).is_completed().has_passed("record_social_capital_filing")
    assert [r["kind"] for r in app.registry("SELECT kind FROM filings")] == ["SOCIAL_CAPITAL"]


def test_TH_11_3_TH_15_3_missing_catalog_not_corrected_in_15_working_days_returns_the_application(
    app: ProcessApp,
) -> None:
    lifecycle = submit(
        app, process="th-project-lifecycle", materials=["request_doc", "fsr", "cost_eval", "crypto_plan"]
    )
    assert app.task("correct_within_window").candidate_groups == ["th-owner"]
    app.advance("P14D")  # 10 working days (National Day week is a holiday): still open
    app.instance(lifecycle).is_active()
    app.advance("P16D")
    app.instance(lifecycle).is_completed().has_passed("end_returned").has_not_passed("prereview")
    assert app.registry("SELECT outcome, note FROM decisions") == [
        {"outcome": "RETURNED", "note": "15个工作日内未修改完善"}
    ]


def test_TH_11_3_revision_after_the_opinion_within_15_working_days_resumes_the_review(
    app: ProcessApp,
) -> None:
    instance = submit(app)
    review(app, "RETURNED", reason="投资估算依据不足")
    task = app.task("revise_application")
    assert task.candidate_groups == ["th-owner"] and task.due_date is not None
    app.complete("revise_application", actionNote="已补充估算依据", actionConfirmed=True)
    app.instance(instance).has_passed("check_documents", times=2).is_waiting_at("prereview")


def test_TH_11_3_no_revision_within_15_working_days_after_the_opinion_returns_the_application(
    app: ProcessApp,
) -> None:
    lifecycle = submit(app, process="th-project-lifecycle")
    review(app, "RETURNED", reason="投资估算依据不足")
    app.advance("P30D")
    app.instance(lifecycle).is_completed().has_passed("end_returned")


def test_TH_11_2_missed_5_working_day_prereview_reminds_and_escalates(app: ProcessApp) -> None:
    instance = submit(app)
    app.advance("P15D")
    sent = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert ("ita1", "REMINDER") in sent and ("itaLead", "OVERDUE_ESCALATION") in sent
    app.instance(instance).is_waiting_at("prereview")
    review(app)
    assert app.variables(instance)["prereview"]["slaBreached"] is True


def test_TH_11_2_missed_prereview_deadline_is_recorded_as_a_HARD_breach_and_decides_nothing(
    app: ProcessApp,
) -> None:
    """A missed HARD review deadline is caught by the calling process and recorded in ``slaBreaches``;
    the review stays open and the deadline decides nothing (A-GEN-3)."""
    instance = submit(app)
    app.advance("P15D")  # past the 5 working days, National Day week included
    app.instance(instance).has_passed("prereview_overdue").has_passed(
        "prereview_record_breach"
    ).is_waiting_at("prereview")
    [breach] = sla_breaches(app, instance)
    assert breach | {"recordedAt": None} == {
        "ruleId": "TH-11-2",
        "step": "ITA_PREREVIEW",
        "force": "HARD",
        "recordedAt": None,
    }
    assert breach["recordedAt"] > app.task("review").due_date  # both ISO date-times at +08:00
    assert app.registry("SELECT id FROM unit_issues") == []  # recorded, not held against the unit
    review(app)
    app.instance(instance).is_waiting_at("joint_review")  # the review itself decides


def test_TH_11_2_prereview_within_5_working_days_records_no_breach(app: ProcessApp) -> None:
    instance = submit(app)
    review(app)
    app.advance("P15D")
    app.instance(instance).has_not_passed("prereview_overdue", "prereview_record_breach")
    assert "TH-11-2" not in {b["ruleId"] for b in sla_breaches(app, instance)}  # TH-11-5's may follow


def test_TH_11_5_each_department_missing_the_3_working_days_is_recorded(app: ProcessApp) -> None:
    instance = submit(app)
    review(app)  # TH-11-2 in time
    app.advance("P15D")  # past the 3 working days, National Day week included
    app.instance(instance).is_waiting_at("joint_review")
    recorded = sla_breaches(app, instance)
    assert [b["ruleId"] for b in recorded] == ["TH-11-5"] * len(JOINT_REVIEWERS)
    assert {b["step"] for b in recorded} == {"DEPT_JOINT_REVIEW"}
    assert len(app.tasks("review", count=len(JOINT_REVIEWERS))) == len(JOINT_REVIEWERS)  # all still open


def test_TH_8_1_prereview_rejection_ends_the_lifecycle(app: ProcessApp) -> None:
    lifecycle = submit(app, process="th-project-lifecycle")
    review(app, "REJECTED", reason="与省级系统重复建设")
    app.instance(lifecycle).is_completed().has_passed("end_rejected").has_not_passed("joint_review")


def test_TH_12_3_unit_not_on_district_cloud_may_not_apply(app: ProcessApp) -> None:
    lifecycle = submit(app, process="th-project-lifecycle", unitSystemsOnDistrictCloud=False)
    app.instance(lifecycle).is_completed().has_passed("end_rejected")
    rows = app.registry("SELECT outcome, note FROM decisions")
    assert rows == [{"outcome": "REJECTED", "note": "UNIT_SYSTEMS_NOT_ON_DISTRICT_CLOUD"}]


def test_TH_12_2_open_unit_issue_in_the_registry_blocks_a_new_project(app: ProcessApp) -> None:
    engine = sqlalchemy.create_engine(app.database_url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO unit_issues (jurisdiction, unit, rule_id, force, description, opened_on) "
                "VALUES ('TH', :unit, 'TH-12-2', 'HARD', '政务信息系统未按要求整合', :opened)"
            ),
            {"unit": UNIT, "opened": date(2026, 9, 1)},
        )
    engine.dispose()
    lifecycle = submit(app, process="th-project-lifecycle")
    app.instance(lifecycle).is_completed().has_passed("end_rejected")
    [row] = app.registry("SELECT outcome, note FROM decisions")
    assert row["outcome"] == "REJECTED" and "政务信息系统未按要求整合" in row["note"]


def change(app: ProcessApp, changed_wan: float, **extra: Any) -> int:
    project = submit(app)
    approve_all(app)
    instance = app.start(
        "th-change",
        {
            "projectId": app.variables(project)["projectId"],
            "projectName": "亭湖区政务服务一体化平台",
            "unit": UNIT,
        },
    )
    app.complete(
        "fill_change_request",
        approvedEstimateWan=300,
        changedAmountWan=changed_wan,
        withinApprovedEstimate=True,
        objectiveUnchanged=True,
        changeReason="BUSINESS_NEED",
        changeContent="按业务需要调整部分功能模块",
        **extra,
    )
    return instance


@pytest.mark.parametrize("changed_wan", [30, 29.99])
def test_TH_26_1_adjustment_up_to_10_percent_is_reviewed_and_filed_with_the_DRC(
    app: ProcessApp, changed_wan: float
) -> None:
    instance = change(app, changed_wan)
    assert app.variables(instance)["change"]["outcome"] == "ITA_FIN_REVIEW_THEN_DRC_FILING"
    assert sorted(app.task("review").candidate_groups) == ["th-fin", "th-ita-reviewers"]
    review(app)
    app.instance(instance).is_completed().has_passed("record_drc_filing")
    assert [r["kind"] for r in app.registry("SELECT kind FROM filings")] == ["CHANGE_ADJUSTMENT"]


def test_TH_26_2_adjustment_above_10_percent_needs_re_approval(app: ProcessApp) -> None:
    instance = change(app, 30.01)
    assert app.variables(instance)["change"]["outcome"] == "PER_LAW_REAPPROVAL"
    app.instance(instance).is_completed().has_passed("record_reapply").has_not_passed("change_review")


def test_TH_19_2_major_change_is_filed_with_the_ITA(app: ProcessApp) -> None:
    instance = change(app, 10, majorChange=True)
    review(app)
    app.instance(instance).is_completed().has_passed("record_major_change")
    kinds = sorted(r["kind"] for r in app.registry("SELECT kind FROM filings"))
    assert kinds == ["CHANGE_ADJUSTMENT", "MAJOR_CHANGE"]


def result(conclusion: str, test: str = "PASSED") -> dict[str, Any]:
    return {
        "testReportConclusion": test,
        "acceptanceConclusion": conclusion,
        "acceptanceOpinion": "意见",
        "issues": "问题",
    }


def test_TH_27_2_failed_MLPS_report_blocks_completion_acceptance_TH_27_4_final_accounts_follow(
    app: ProcessApp,
) -> None:
    project = submit(app)
    approve_all(app)
    instance = app.start(
        "th-acceptance",
        {
            "projectId": app.variables(project)["projectId"],
            "projectName": "亭湖区政务服务一体化平台",
            "unit": UNIT,
            "classified": False,
            "documents": app.documents.submit(ACCEPTANCE_MATERIALS),
        },
    )
    app.complete("security_reports", **result("FAILED", test="FAILED"))
    app.instance(instance).is_waiting_at("rectify_security_reports").has_not_passed(
        "archive_acceptance", "completion_acceptance"
    )
    app.complete("rectify_security_reports", actionNote="已整改并复测", actionConfirmed=True)
    app.complete("security_reports", **result("PASSED"))
    app.complete("archive_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    app.complete("completion_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    task = app.task("final_accounts")
    assert task.candidate_groups == ["th-owner"] and task.due_date is not None
    filings = app.registry("SELECT rule_id FROM filings WHERE kind = 'COMPLETION_ACCEPTANCE'")
    assert filings == [{"rule_id": "TH-27-1"}]
    submit_final_accounts(app)
    app.instance(instance).is_completed().has_not_passed("secrecy_review")


def submit_final_accounts(app: ProcessApp) -> None:
    app.complete("final_accounts", finalAccountsAction="SUBMITTED", actionNote="已报送决算")


def accepted_project(app: ProcessApp, classified: bool = False) -> int:
    """An acceptance process of an approved project, at its completion acceptance."""
    project = submit(app)
    approve_all(app)
    instance = app.start(
        "th-acceptance",
        {
            "projectId": app.variables(project)["projectId"],
            "projectName": "亭湖区政务服务一体化平台",
            "unit": UNIT,
            "classified": classified,
            "documents": app.documents.submit(ACCEPTANCE_MATERIALS),
        },
    )
    app.complete("security_reports", **result("PASSED"))
    app.complete("archive_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    return instance


def test_TH_27_4_final_accounts_are_due_3_months_after_the_acceptance_date_not_after_later_steps(
    app: ProcessApp,
) -> None:
    instance = accepted_project(app, classified=True)
    accepted_on = app.now().date()
    app.complete("completion_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    app.advance("P20D")  # the secrecy review (TH-29-1) takes 20 days
    app.complete(
        "secrecy_review",
        testReportConclusion="NOT_APPLICABLE",
        acceptanceConclusion="PASSED",
        acceptanceOpinion="符合保密要求",
    )
    variables = app.variables(instance)
    assert variables["acceptancePassedAt"] == accepted_on.isoformat()
    assert (
        variables["finalAccountsSla"]["period"] == "3M" and variables["finalAccountsSla"]["maxPeriod"] == "6M"
    )
    due = dt.date.fromisoformat(variables["finalAccountsDue"][:10])
    cap = dt.date.fromisoformat(variables["finalAccountsCap"][:10])
    assert (due - accepted_on).days in range(89, 93), (accepted_on, due)  # 3 months from the acceptance
    assert (cap - accepted_on).days in range(181, 185), (accepted_on, cap)  # 6 months from the acceptance
    assert app.task("final_accounts").due_date is not None


def test_TH_27_4_final_accounts_extension_needs_FIN_approval_and_stays_within_6_months(
    app: ProcessApp,
) -> None:
    instance = accepted_project(app)
    app.complete("completion_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    first_due = app.variables(instance)["finalAccountsDue"]
    app.complete(
        "final_accounts",
        finalAccountsAction="EXTENSION_REQUESTED",
        requestedTotalMonths=5,
        extensionReason="审计报告尚未出具，需延期",
        actionNote="申请延期",
    )
    task = app.task("review_final_accounts_extension")
    assert task.candidate_groups == ["th-fin"]
    app.complete(  # beyond the cap of the decision: back to FIN
        "review_final_accounts_extension",
        finalAccountsExtensionDecision="APPROVED",
        approvedTotalMonths=7,
        finalAccountsExtensionOpinion="同意",
    )
    app.instance(instance).is_waiting_at("review_final_accounts_extension").has_not_passed(
        "extended_final_accounts_due"
    )
    assert app.variables(instance)["finalAccountsDue"] == first_due
    app.complete(  # no longer than the 3 months the unit has anyway: not an extension, back to FIN
        "review_final_accounts_extension",
        finalAccountsExtensionDecision="APPROVED",
        approvedTotalMonths=3,
        finalAccountsExtensionOpinion="同意",
    )
    app.instance(instance).is_waiting_at("review_final_accounts_extension").has_not_passed(
        "extended_final_accounts_due"
    )
    assert app.variables(instance)["finalAccountsDue"] == first_due
    app.complete(
        "review_final_accounts_extension",
        finalAccountsExtensionDecision="APPROVED",
        approvedTotalMonths=5,
        finalAccountsExtensionOpinion="同意延长至5个月",
    )
    variables = app.variables(instance)
    accepted_on = dt.date.fromisoformat(variables["acceptancePassedAt"])
    extended = dt.date.fromisoformat(variables["finalAccountsDue"][:10])
    assert (extended - accepted_on).days in range(150, 155)
    assert app.task("final_accounts").due_date is not None
    [notice] = decision_notices(app)  # the unit learns the decision, its reason and the new due date
    assert notice["user_id"] == "owner1"
    assert "批准延期" in notice["subject"] and "同意延长至5个月" in notice["body_html"]
    assert f"{extended.year}年{extended.month}月{extended.day}日" in notice["body_html"]
    submit_final_accounts(app)
    app.instance(instance).is_completed().has_passed("extended_final_accounts_due")


def decision_notices(app: ProcessApp) -> list[dict[str, Any]]:
    return app.registry(
        "SELECT user_id, subject, body_html FROM notification_outbox WHERE template = 'DECISION' ORDER BY id"
    )


def test_TH_27_4_refused_extension_keeps_the_3_month_deadline(app: ProcessApp) -> None:
    instance = accepted_project(app)
    app.complete("completion_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    first_due = app.variables(instance)["finalAccountsDue"]
    app.complete(
        "final_accounts",
        finalAccountsAction="EXTENSION_REQUESTED",
        requestedTotalMonths=4,
        extensionReason="审计报告尚未出具，需延期",
        actionNote="申请延期",
    )
    app.complete(
        "review_final_accounts_extension",
        finalAccountsExtensionDecision="REJECTED",
        finalAccountsExtensionOpinion="不属于特殊情况",
    )
    app.instance(instance).is_waiting_at("final_accounts").has_not_passed("extended_final_accounts_due")
    assert app.variables(instance)["finalAccountsDue"] == first_due
    [notice] = decision_notices(app)  # refused: the unit learns why, and that the first due date stands
    due = dt.date.fromisoformat(first_due[:10])
    assert notice["user_id"] == "owner1" and "不予批准" in notice["subject"]
    assert "不属于特殊情况" in notice["body_html"]
    assert f"{due.year}年{due.month}月{due.day}日" in notice["body_html"]


def test_TH_23_1_TH_30_1_TH_11_8_lifecycle_reports_acceptance_self_evaluation_and_om_plan(
    app: ProcessApp,
) -> None:
    lifecycle = submit(
        app, process="th-project-lifecycle", materials=APPLICATION_MATERIALS + ACCEPTANCE_MATERIALS
    )
    approve_all(app)
    app.complete("procurement", actionNote="已依法采购", actionConfirmed=True)
    project_id = app.variables(lifecycle)["projectId"]
    app.publish("contract-signed", project_id)
    app.publish("construction-started", project_id)
    app.advance_to("2026-12-01T09:00:00+08:00")
    assert app.task("performance_report").candidate_groups == ["th-owner"]  # TH-23-1
    app.complete("performance_report", reportDate="2026-12-10", progress="按计划推进", summary="年度绩效良好")
    app.publish("construction-completed", project_id)
    app.complete("security_reports", **result("PASSED"))
    app.complete("archive_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    app.complete("completion_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    submit_final_accounts(app)
    app.publish("system-go-live", project_id)
    assert app.task("self_evaluation").candidate_groups == ["th-owner"]  # TH-30-1
    app.complete("self_evaluation", reportDate="2027-06-01", summary="自评良好", selfScore=90)
    app.advance("P1Y")
    app.complete(
        "om_application",
        requestedAnnualOmFeeWan=20,
        dataSharedAsRequired=True,
        securityCompliant=True,
        majorHiddenDanger=False,
        omContent="单位政务信息系统整体运维方案",
    )
    assert app.variables(lifecycle)["omRoute"]["route"] == "TH_YEARLY_OM_PLAN"
    assert app.task("review").candidate_groups == ["th-ita-reviewers"]  # TH-11-8: ITA reviews
    review(app)
    assert app.task("review").candidate_groups == ["th-fin"]  # then FIN re-checks
    review(app)
    [notice] = decision_notices(app)  # the unit learns FIN's decision on its O&M funds
    assert notice["user_id"] == "owner1" and "同意纳入年度预算" in notice["subject"]
    assert "意见：APPROVED" in notice["body_html"]
    app.publish("operation-incident-reported", project_id)  # TH-39-3
    app.publish("system-retired", project_id)
    app.instance(lifecycle).is_completed().has_passed("end_retired").has_passed("record_operation_incident")


def test_TH_12_4_public_data_not_shared_gets_no_om_funds(app: ProcessApp) -> None:
    lifecycle = submit(
        app, process="th-project-lifecycle", materials=APPLICATION_MATERIALS + ACCEPTANCE_MATERIALS
    )
    approve_all(app)
    app.complete("procurement", actionNote="已依法采购", actionConfirmed=True)
    project_id = app.variables(lifecycle)["projectId"]
    for name in ("contract-signed", "construction-started", "construction-completed"):
        app.publish(name, project_id)
    app.complete("security_reports", **result("PASSED"))
    app.complete("archive_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    app.complete("completion_acceptance", **result("PASSED", test="NOT_APPLICABLE"))
    submit_final_accounts(app)
    app.publish("system-go-live", project_id)
    app.advance("P1Y")
    app.complete(
        "om_application",
        requestedAnnualOmFeeWan=20,
        dataSharedAsRequired=False,
        securityCompliant=True,
        majorHiddenDanger=False,
        omContent="运维",
    )
    assert [b["reason"] for b in app.variables(lifecycle)["omBlocks"]] == ["DATA_NOT_SHARED"]
    app.instance(lifecycle).has_not_passed("om_ita_review").has_not_passed("om_override")


def test_TH_11_5_joint_review_return_sends_the_application_back_to_the_unit(app: ProcessApp) -> None:
    instance = submit(app)
    review(app)
    tasks = app.tasks("review", count=4)
    for task in tasks:
        decision = "RETURNED" if task.candidate_groups == ["th-cac"] else "APPROVED"
        app.complete_task(
            task,
            {
                "decision": decision,
                "opinion": "会审意见",
                "reason": "补充数据安全方案",
                "checklistConfirmed": [],
            },
        )
    app.settle()
    assert app.task("revise_application").candidate_groups == ["th-owner"]
    app.instance(instance).has_not_passed("expert_review")


def started_project(app: ProcessApp) -> tuple[int, str]:
    lifecycle = submit(app, process="th-project-lifecycle")
    approve_all(app)
    app.complete("procurement", actionNote="已依法采购", actionConfirmed=True)
    project_id = str(app.variables(lifecycle)["projectId"])
    app.publish("contract-signed", project_id)
    return lifecycle, project_id


def test_TH_24_2_not_started_more_than_6_months_after_approval_is_reported(app: ProcessApp) -> None:
    lifecycle, _ = started_project(app)
    app.advance_to("2027-03-30T10:00:00+08:00")  # exactly 6 months: not yet (A-TH-3, strictly more)
    assert not [t for t in app.open_tasks() if t.element_id == "not_started_report"]
    app.advance_to("2027-03-31T10:00:00+08:00")
    assert app.task("not_started_report").candidate_groups == ["th-owner"]
    sent = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert ("drc1", "OVERDUE_ESCALATION") in sent and ("fin1", "OVERDUE_ESCALATION") in sent
    app.instance(lifecycle).is_waiting_at("construction_started")


def severely_delayed_project(app: ProcessApp) -> tuple[int, str]:
    """A project more than 6 months beyond its approved construction period, its report made."""
    lifecycle, project_id = started_project(app)
    app.publish("construction-started", project_id)
    app.advance_to("2027-12-30T10:00:00+08:00")  # approved completion 2027-06-30 + 6 months: not yet
    assert not [t for t in app.open_tasks() if t.element_id == "delay_report"]
    app.advance_to("2027-12-31T10:00:00+08:00")
    app.complete(
        "delay_report",
        reportDate="2027-12-31",
        progress="滞后",
        rectificationPlan="增加人力",
        summary="逾期报告",
    )
    return lifecycle, project_id


def decide_delay(app: ProcessApp, decision: str, **extra: Any) -> None:
    task = app.task("delay_decision")
    assert task.candidate_groups == ["th-ita-leaders"]
    app.complete_task(
        task,
        {
            "consultedDepartments": ["DRC", "FIN", "AUD"],
            "delayDecision": decision,
            "delayDecisionReason": "进度严重滞后，需" + decision,
            **extra,
        },
    )
    app.settle()


def test_TH_24_1_rectification_within_a_deadline_is_told_to_the_unit_and_asked_of_it(
    app: ProcessApp,
) -> None:
    lifecycle, _ = severely_delayed_project(app)
    decide_delay(app, "RECTIFY", rectificationDueDate="2028-02-29")
    [notice] = decision_notices(app)
    assert notice["user_id"] == "owner1" and "限期整改" in notice["subject"]
    assert "进度严重滞后，需RECTIFY" in notice["body_html"] and "2028年2月29日" in notice["body_html"]
    task = app.task("delay_rectification")
    assert task.candidate_groups == ["th-owner"] and task.due_date is not None
    assert task.due_date.startswith("2028-02-29")
    app.complete("delay_rectification", actionNote="已按整改方案完成整改", actionConfirmed=True)
    app.instance(lifecycle).has_passed("delay_rectified").is_waiting_at("construction_completed")


def test_TH_24_1_suspension_stops_the_implementation_until_the_ITA_lets_it_resume(app: ProcessApp) -> None:
    lifecycle, project_id = severely_delayed_project(app)
    decide_delay(app, "SUSPEND")
    [notice] = decision_notices(app)
    assert notice["user_id"] == "owner1" and "暂停项目实施" in notice["subject"]
    assert "进度严重滞后，需SUSPEND" in notice["body_html"]
    app.instance(lifecycle).is_waiting_at("suspension").has_not_passed("delay_rectification")
    assert app.task("suspension").candidate_groups == ["th-ita-leaders"]
    app.publish("construction-completed", project_id)  # a suspended project does not complete
    app.instance(lifecycle).is_waiting_at("suspension").has_not_passed("record_construction_completed")
    app.complete("suspension", approvedCompletionDate="2028-12-31", resumeOpinion="整改到位，恢复实施")
    notices = decision_notices(app)
    assert len(notices) == 2 and "恢复项目实施" in notices[1]["subject"]
    assert "整改到位，恢复实施" in notices[1]["body_html"]
    app.instance(lifecycle).is_waiting_at("construction_completed")
    assert not [t for t in app.open_tasks() if t.element_id == "delay_report"]  # counted from 2028-12-31
    app.publish("construction-completed", project_id)
    app.instance(lifecycle).has_passed("record_construction_completed")


def test_TH_11_4_classified_project_applies_under_the_secrecy_rules(app: ProcessApp) -> None:
    instance = submit(app, classified=True)
    app.instance(instance).is_completed().has_passed("end_secrecy").has_not_passed("register_project")


def test_TH_11_6_expert_panel_past_5_working_days_is_escalated_but_not_decided(app: ProcessApp) -> None:
    instance = submit(app)
    review(app)
    joint_review(app)
    app.tasks("expert_opinion", count=2)
    app.advance("P20D")  # 5 working days after 2026-09-30 fall after the National Day holidays
    sent = {(row["user_id"], row["template"]) for row in app.outbox()}
    assert ("itaLead", "OVERDUE_ESCALATION") in sent
    app.instance(instance).is_waiting_at("expert_review").has_passed("notify_expert_overdue")
    expert_review(app)
    assert app.task("review").candidate_groups == ["th-fin"]


def test_TH_22_1_refused_digital_asset_request_tells_the_unit_why(app: ProcessApp) -> None:
    lifecycle = submit(
        app, process="th-project-lifecycle", materials=APPLICATION_MATERIALS + ACCEPTANCE_MATERIALS
    )
    approve_all(app)
    app.complete("procurement", actionNote="已依法采购", actionConfirmed=True)
    project_id = app.variables(lifecycle)["projectId"]
    app.publish("contract-signed", project_id)
    app.publish("construction-started", project_id)
    app.publish("digital-assets-requested", project_id)
    app.complete(
        "review", decision="REJECTED", opinion="不予分配", reason="已有同类资源可共享", checklistConfirmed=[]
    )
    bodies = [
        row["body_html"]
        for row in app.registry("SELECT body_html FROM notification_outbox WHERE template = 'REJECTED'")
    ]
    assert any("已有同类资源可共享" in body for body in bodies), bodies
    assert any(
        app.instance(key).completed_element_ids().count("assets_review_refused")
        for key in app.instance_tree()
    )
