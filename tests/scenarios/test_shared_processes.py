"""The shared call activities on their own: SLA review, document correction, expert review."""

from __future__ import annotations

from harness import ProcessApp

PROJECT = {"jurisdiction": "LG", "projectId": "P-1", "projectName": "智慧城管平台", "unit": "区城管局"}


def review_variables(**extra: object) -> dict[str, object]:
    return {
        **PROJECT,
        "slaStep": "FSR_ITA_REVIEW",
        "slaRuleId": "LG-11-3",
        "reviewTaskName": "可行性研究报告审核",
        "reviewerGroups": ["lg-ita-reviewers"],
        "escalationGroups": ["lg-ita-leaders"],
        **extra,
    }


def test_LG_11_3_sla_review_approved_within_its_deadline(app: ProcessApp) -> None:
    instance = app.start("shared-sla-review", review_variables())
    task = app.task("review")
    assert task.candidate_groups == ["lg-ita-reviewers"]
    assert task.due_date is not None and task.due_date.startswith("2026-10-")
    app.complete("review", decision="APPROVED", opinion="同意", reason=None, checklistConfirmed=[])
    outcome = app.variables(instance)["reviewOutcome"]
    assert outcome["decision"] == "APPROVED" and outcome["slaBreached"] is False
    app.instance(instance).is_completed().has_not_passed("send_reminder", "send_escalation")


def test_LG_11_3_missed_sla_reminds_then_escalates_and_never_decides(app: ProcessApp) -> None:
    instance = app.start("shared-sla-review", review_variables())
    app.task("review")
    due = app.variables(instance)["reviewDueDate"]
    app.advance_to(app.variables(instance)["reviewReminderDate"])
    app.instance(instance).has_passed("send_reminder").has_not_passed("send_escalation")
    app.advance_to(due)
    app.instance(instance).has_passed("send_escalation").is_waiting_at("review")
    templates = [(row["user_id"], row["template"]) for row in app.outbox()]
    assert ("ita1", "REMINDER") in templates and ("itaLead", "OVERDUE_ESCALATION") in templates
    app.complete("review", decision="RETURNED", opinion="深度不足", reason="投资估算依据不足")
    outcome = app.variables(instance)["reviewOutcome"]
    assert outcome == outcome | {"decision": "RETURNED", "reason": "投资估算依据不足", "slaBreached": True}


def test_document_correction_loop_until_complete_by_task_and_by_message(app: ProcessApp) -> None:
    required = [
        {"material": "fsr", "name": "可行性研究报告", "mandatory": True, "ruleIds": "LG-11-1"},
        {"material": "prelim_design", "name": "初步设计方案及概算", "mandatory": True, "ruleIds": "LG-12-1"},
    ]
    first = app.documents.submit(required[:1])
    instance = app.start(
        "shared-document-correction",
        {**PROJECT, "requiredMaterials": required, "documents": first, "applicantGroups": ["lg-owner"]},
    )
    task = app.task("correct_documents")
    assert task.candidate_groups == ["lg-owner"]
    check = app.variables(instance)["documentCheck"]
    assert check["complete"] is False and [m["material"] for m in check["missing"]] == ["prelim_design"]
    [notice] = app.registry(
        "SELECT body_html FROM notification_outbox WHERE template = 'RETURNED_FOR_CORRECTION'"
    )
    assert "退回原因：材料不齐全或不符合要求：缺少必需材料：初步设计方案及概算" in notice["body_html"]
    app.complete("correct_documents", documents=first, correctionDeclared=True)
    app.task("correct_documents")
    app.publish("documents-resubmitted", "P-1", documents=app.documents.submit(required))
    app.instance(instance).is_completed().has_passed("documents_complete")
    assert app.variables(instance)["documentCheck"]["complete"] is True


def test_TH_11_3_correction_window_expires_and_the_application_is_returned(app: ProcessApp) -> None:
    required = [{"material": "fsr", "name": "可行性研究报告", "mandatory": True, "ruleIds": "TH-11-3"}]
    instance = app.start(
        "shared-document-correction",
        {
            **PROJECT,
            "jurisdiction": "TH",
            "requiredMaterials": required,
            "documents": [],
            "applicantGroups": ["lg-owner"],
            "correctionPeriod": "15WD",
        },
    )
    app.task("correct_within_window")
    app.advance_to(app.variables(instance)["correctionDueDate"])
    # Started on its own, the error has no catcher: an incident, as in Zeebe; callers catch RETURNED.
    app.instance(instance).has_passed("window_expired").has_incident("UNHANDLED_ERROR_EVENT")


def test_expert_review_collects_one_opinion_per_expert(app: ProcessApp) -> None:
    instance = app.start(
        "shared-expert-review",
        {
            **PROJECT,
            "reviewSubject": "初步设计方案及概算",
            "experts": ["expertA", "expertB", "expertC"],
            "organizerGroups": ["lg-ita-reviewers"],
        },
    )
    tasks = app.tasks("expert_opinion", count=3)
    assert sorted(t.assignee for t in tasks) == ["expertA", "expertB", "expertC"]
    for task, conclusion in zip(tasks, ["PASSED", "PASSED", "PASSED_WITH_CONDITIONS"], strict=True):
        opinion = {"expertConclusion": conclusion, "expertOpinion": f"{task.assignee}意见"}
        app.complete_task(task, opinion)
    app.complete("panel_conclusion", panelConclusion="PASSED", panelSummary="专家组同意，按意见修改后报批")
    review = app.variables(instance)["expertReview"]
    assert review["conclusion"] == "PASSED"
    assert sorted((o["expert"], o["conclusion"]) for o in review["opinions"]) == [
        ("expertA", "PASSED"),
        ("expertB", "PASSED"),
        ("expertC", "PASSED_WITH_CONDITIONS"),
    ]
