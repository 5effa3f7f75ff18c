"""LG 立项: application and approval (bpmn/lg/application.bpmn), through the real workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import Backend, ProcessApp
from lg_scenarios import (
    EXPERTS,
    accept_submission,
    approve,
    breached_deadlines,
    drc_approves,
    expert_panel_passes,
    lg_project,
    preliminary_design_approved,
    running_lg_app,
)


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with running_lg_app(tmp_path, registry_template, scenario_backend) as running:
        yield running


def start_application(app: ProcessApp, **facts: object) -> int:
    return app.start("lg-project-application", {"projectId": None, **lg_project(app, **facts)})


def test_LG_12_1_LG_12_8_standard_project_approved_through_preliminary_design(app: ProcessApp) -> None:
    instance = start_application(app)
    preliminary_design_approved(app)
    app.instance(instance).is_completed().has_passed("approved").has_not_passed(
        "fsr_formal_acceptance", "topic_meeting", "proposal_review"
    )
    variables = app.variables(instance)
    assert variables["route"]["route"] == "LG_STANDARD"
    assert variables["pdExpertReview"]["conclusion"] == "PASSED"


def test_LG_10_5_new_initiative_of_10_million_goes_through_the_topic_meeting(app: ProcessApp) -> None:
    instance = start_application(app, isNewInitiative=True, totalInvestmentYuan=10_000_000)
    app.complete(
        "topic_meeting",
        topicMeetingDate="2026-02-20",
        topicMeetingMinutesId="doc-minutes-2026-02.pdf",
        topicMeetingAgreed=True,
    )
    approve(app, opinion="建议书必要性充分")  # LG-10-2 ITA opinion
    drc_approves(app, "drc_project_approval")  # LG-10-3 立项
    preliminary_design_approved(app)
    app.instance(instance).is_completed().has_passed_in_order(
        "topic_meeting", "check_materials", "proposal_review", "drc_project_approval", "pd_formal_acceptance"
    ).has_not_passed("fsr_formal_acceptance")
    assert app.variables(instance)["route"]["route"] == "LG_NEW_INITIATIVE"


def test_LG_10_5_new_initiative_below_10_million_skips_the_topic_meeting(app: ProcessApp) -> None:
    instance = start_application(app, isNewInitiative=True, totalInvestmentYuan=9_999_999)
    app.task("review")
    app.instance(instance).has_not_passed("topic_meeting").is_waiting_at("proposal_review")


def test_LG_11_1_LG_11_3_LG_11_4_fifty_million_goes_through_the_feasibility_study(app: ProcessApp) -> None:
    instance = start_application(app, totalInvestmentYuan=50_000_000)
    accept_submission(app, "fsr_formal_acceptance")  # LG-11-2
    review = app.task("review")
    assert review.due_date is not None and review.due_date.startswith("2026-03-09")  # 5 WD (LG-11-3)
    approve(app)
    expert_panel_passes(app)  # LG-11-4
    drc_approves(app, "drc_fsr_approval")
    preliminary_design_approved(app)  # LG-11-5: then the preliminary design
    app.instance(instance).is_completed().has_passed_in_order(
        "fsr_formal_acceptance", "fsr_review", "fsr_expert_review", "drc_fsr_approval", "pd_formal_acceptance"
    )
    assert app.variables(instance)["fsrExpertReview"]["conclusion"] == "PASSED"


def test_LG_11_1_just_below_fifty_million_has_no_feasibility_study(app: ProcessApp) -> None:
    instance = start_application(app, totalInvestmentYuan=49_999_999)
    app.task("pd_formal_acceptance")
    app.instance(instance).has_not_passed("fsr_formal_acceptance")


def test_LG_11_2_LG_11_3_returned_feasibility_study_is_corrected_and_resubmitted(app: ProcessApp) -> None:
    instance = start_application(app, totalInvestmentYuan=60_000_000)
    app.complete("fsr_formal_acceptance", accepted=False, refusalReason="可研深度不足，缺信息安全章节")
    app.complete("revise_fsr", revisionNote="补充信息安全章节", authenticityDeclared=True)
    accept_submission(app, "fsr_formal_acceptance")
    app.complete(
        "review",
        decision="RETURNED",
        opinion="投资估算依据不足",
        reason="补充三家询价",
        checklistConfirmed=[],
    )
    app.complete("revise_fsr", revisionNote="补充询价", authenticityDeclared=True)
    accept_submission(app, "fsr_formal_acceptance")
    approve(app)
    app.instance(instance).has_passed("revise_fsr", times=2).is_waiting_at("fsr_expert_review")
    assert app.variables(instance)["fsrReview"]["decision"] == "APPROVED"


def test_LG_12_3_missing_quotations_are_corrected_before_review(app: ProcessApp) -> None:
    """Documents: fewer materials than required → the owner corrects, the portal resubmits."""
    facts = lg_project(app, equipmentPurchase=True)
    facts["documents"] = [d for d in facts["documents"] if d["material"] != "quotations"]
    instance = app.start("lg-project-application", {"projectId": None, **facts})
    app.task("correct_documents")
    assert ("owner1", "RETURNED_FOR_CORRECTION") in [(r["user_id"], r["template"]) for r in app.outbox()]
    project_id = app.variables(instance)["projectId"]
    app.publish(
        "documents-resubmitted",
        project_id,
        documents=facts["documents"] + app.documents.submit(["quotations"]),
    )
    app.task("pd_formal_acceptance")
    assert app.variables(instance)["documentCheck"]["complete"] is True


def test_LG_12_5_missed_prereview_deadline_reminds_and_escalates_without_deciding(app: ProcessApp) -> None:
    instance = start_application(app)
    accept_submission(app, "pd_formal_acceptance")
    review = app.task("review")
    app.advance_to(review.due_date)
    app.advance("PT1H")
    outbox = [(r["user_id"], r["template"]) for r in app.outbox()]
    assert ("ita1", "REMINDER") in outbox and ("itaLead", "OVERDUE_ESCALATION") in outbox
    assert app.task("review").key == review.key  # still open: never auto-decided (A-GEN-3)
    app.instance(instance).is_waiting_at("pd_prereview")
    approve(app)
    assert app.variables(instance)["pdPreReview"]["slaBreached"] is True


def test_LG_12_5_missed_pre_review_deadline_is_recorded_and_the_review_goes_on(app: ProcessApp) -> None:
    """LG-12-5 (HARD): the breach is recorded where the lifecycle called the application; the ITA
    still decides (A-GEN-3)."""
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    accept_submission(app, "pd_formal_acceptance")  # LG-12-4: the 5 WD run from here
    due_date = app.task("review").due_date
    assert due_date is not None
    app.advance_to(due_date)
    app.advance("P1D")
    application = app.instance(lifecycle).called_instances("lg-project-application")[0]
    app.instance(application).has_passed("pd_prereview_record_breach").is_waiting_at("pd_prereview")
    assert breached_deadlines(app, application) == [("LG-12-5", "PD_ITA_PREREVIEW", "HARD")]
    assert app.registry("SELECT id FROM unit_issues") == []
    approve(app)  # the ITA still decides; the expert review follows (LG-12-6)
    assert len(app.tasks("expert_opinion", count=len(EXPERTS))) == len(EXPERTS)


def test_LG_47_1_hard_block_rejects_the_application(app: ProcessApp) -> None:
    instance = app.start("lg-project-lifecycle", lg_project(app, dataSharedAsRequired=False))
    app.instance(instance).is_completed().has_passed("application_rejected")
    decisions = app.registry("SELECT outcome FROM decisions")
    assert [d["outcome"] for d in decisions] == ["REJECTED"]
    [notice] = app.registry("SELECT user_id, body_html FROM notification_outbox WHERE template = 'REJECTED'")
    assert notice["user_id"] == "owner1" and "存在不得立项的情形" in notice["body_html"]
    assert "本单位信息系统数据未按要求与区政务服务数据管理局共享（LG-47-1）" in notice["body_html"]


def test_LG_33_1_soft_block_needs_an_approved_exception(app: ProcessApp) -> None:
    instance = start_application(app, isPhased=True, previousPhaseCompletionAccepted=False)
    app.complete(
        "override_soft_block", overrideApproved=True, overrideJustification="上期已初验，区政府会议同意续建"
    )
    app.task("pd_formal_acceptance")
    assert app.variables(instance)["blockOverride"]["approved"] is True


def test_LG_10_2_rejected_proposal_ends_the_lifecycle(app: ProcessApp) -> None:
    lifecycle = app.start(
        "lg-project-lifecycle", lg_project(app, isNewInitiative=True, totalInvestmentYuan=3_000_000)
    )
    app.complete(
        "review",
        decision="REJECTED",
        opinion="与现有系统重复建设",
        reason="LG-6-1 重复建设",
        checklistConfirmed=[],
    )
    app.instance(lifecycle).is_completed().has_passed("application_rejected").has_not_passed("construction")
    [notice] = app.registry("SELECT user_id, body_html FROM notification_outbox WHERE template = 'REJECTED'")
    assert notice["user_id"] == "owner1" and "LG-6-1 重复建设" in notice["body_html"]  # the reviewer's reason


def test_LG_55_1_application_after_the_measure_expired_is_not_processed(app: ProcessApp) -> None:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app, applicationDate="2026-07-06"))
    app.instance(lifecycle).is_completed().has_passed("measure_expired").has_not_passed("construction")


def test_LG_14_1_upper_level_funded_project_is_filed(app: ProcessApp) -> None:
    instance = start_application(app, upperLevelFunded=True)
    app.instance(instance).is_completed().has_passed("filed_upper_level")
    assert [f["kind"] for f in app.registry("SELECT kind FROM filings")] == ["PROJECT"]


def test_LG_12_6_expert_review_not_organized_within_5_working_days_is_escalated(app: ProcessApp) -> None:
    instance = start_application(app)
    accept_submission(app, "pd_formal_acceptance")
    approve(app)
    app.tasks("expert_opinion", count=2)
    app.advance_to(app.variables(instance)["pdExpertReviewDueDate"])
    app.advance("PT1H")
    app.instance(instance).has_passed("pd_expert_escalation").is_waiting_at("pd_expert_review")
    assert ("itaLead", "OVERDUE_ESCALATION") in [(r["user_id"], r["template"]) for r in app.outbox()]
