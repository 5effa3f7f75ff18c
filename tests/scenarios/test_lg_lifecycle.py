"""One LG project from application to O&M (bpmn/lg/lifecycle.bpmn and the processes it calls)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import Backend, ProcessApp
from lg_scenarios import (
    build_and_sign_contract,
    lg_project,
    pass_acceptance,
    preliminary_design_approved,
    running_lg_app,
    stage,
)


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with running_lg_app(tmp_path, registry_template, scenario_backend) as running:
        yield running


def test_LG_happy_path_from_application_to_om_funding(app: ProcessApp) -> None:
    """LG-12-8 approval, LG-19-3 contract filing, LG-26 … LG-30 acceptance, LG-46-1 O&M funding."""
    # The O&M review falls in 2028, a year the holiday calendar does not know yet.
    lifecycle = app.start("lg-project-lifecycle", lg_project(app, allowProvisionalCalendar=True))
    project_id = app.variables(lifecycle)["projectId"]
    preliminary_design_approved(app)
    build_and_sign_contract(app, project_id)
    app.publish("construction-completed", project_id)
    pass_acceptance(app)
    # Two years pass as a calendar passes them: each six-monthly security assessment (LG-48-1) falls
    # due on its own date, the fourth with the end of the free warranty (LG-45-1). A single jump
    # of two years would fire the six-monthly timer once, as Zeebe fires a late cycle once.
    for _ in range(4):
        app.advance("P6M")
    app.complete(
        "om_confirmations",
        completionAcceptanceFiled=True,
        dataSharedAsRequired=True,
        securityCompliant=True,
        majorHiddenDanger=False,
        coordinatedAndSharing=True,
    )
    app.complete(
        "review", decision="APPROVED", opinion="纳入部门年度预算", reason=None, checklistConfirmed=[]
    )
    notices = app.registry(
        "SELECT user_id, subject, body_html FROM notification_outbox WHERE template = 'DECISION'"
    )
    assert [(n["user_id"], "同意纳入年度预算" in n["subject"]) for n in notices] == [("owner1", True)]
    assert "纳入部门年度预算" in notices[0]["body_html"]
    # LG-48-1: the security assessment every six months (four in the two warranty years)
    for task in app.tasks("security_assessment", count=4):
        app.complete_task(
            task,
            {
                "assessedOn": "2028-03-01",
                "assessmentScope": "网络、主机、应用、数据库",
                "securityCompliant": True,
            },
        )
        app.settle()
    app.publish("system-retired", project_id)

    app.instance(lifecycle).is_completed().has_passed("lifecycle_ended")
    filings = app.registry("SELECT kind, filed_on, due_on FROM filings ORDER BY id")
    assert [f["kind"] for f in filings] == ["CONTRACT", "COMPLETION_ACCEPTANCE"]
    contract = filings[0]
    assert contract["filed_on"] is not None and contract["filed_on"] <= contract["due_on"]  # LG-19-3 in time
    milestones = [m["kind"] for m in app.registry("SELECT kind FROM milestones ORDER BY id")]
    assert milestones == ["CONSTRUCTION_COMPLETED", "ACCEPTANCE_PASSED", "GO_LIVE"]
    assert len(app.registry("SELECT * FROM compliance_flags")) >= 1


def test_LG_27_2_LG_30_3_failed_test_report_blocks_acceptance_and_go_live(app: ProcessApp) -> None:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    project_id = app.variables(lifecycle)["projectId"]
    preliminary_design_approved(app)
    build_and_sign_contract(app, project_id)
    app.publish("construction-completed", project_id)
    stage(app, "self_test")
    stage(app, "preliminary_acceptance")
    stage(app, "third_party_test", passed=False)

    app.task("rectify")
    app.instance(lifecycle).is_waiting_at("rectify").has_not_passed("operation")
    assert app.registry("SELECT kind FROM milestones WHERE kind = 'GO_LIVE'") == []
    assert ("owner1", "RETURNED_FOR_CORRECTION") in [(r["user_id"], r["template"]) for r in app.outbox()]
    app.complete("rectify", rectificationNote="第三方测评问题已整改并复测通过", documents=[])
    stage(app, "self_test")
    app.instance(lifecycle).is_waiting_at("acceptance")


def test_LG_24_1_LG_24_2_changes_during_construction_count_cumulatively(app: ProcessApp) -> None:
    """A first change of 6% is confirmed jointly; a second of 5% brings the sum over 10% of the contract
    price (A-LG-15), so it needs the ITA's review before implementation; refused, it is not implemented."""
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    project_id = app.variables(lifecycle)["projectId"]
    preliminary_design_approved(app)
    build_and_sign_contract(app, project_id, contract_amount_yuan=5_000_000)

    app.publish("change-requested", project_id)
    app.complete(
        "submit_change",
        changeReason="TECH_UPDATE",
        changedAmountYuan=300_000,
        withinApprovedEstimate=True,
        changeDescription="更换停产设备",
    )
    app.complete(
        "joint_confirmation",
        confirmedBy=["DESIGNER", "SUPERVISOR", "CONTRACTOR"],
        confirmationDocumentId="doc-change-001.pdf",
    )
    app.publish("change-requested", project_id)
    app.complete(
        "submit_change",
        changeReason="BUSINESS_ADJUSTMENT",
        changedAmountYuan=250_000,
        withinApprovedEstimate=True,
        changeDescription="新增业务模块",
    )
    app.complete(
        "review", decision="REJECTED", opinion="不同意", reason="超出建设目标", checklistConfirmed=[]
    )

    app.instance(lifecycle).is_waiting_at("construction")
    construction = app.instance(lifecycle).called_instances("lg-construction")[0]
    app.instance(construction).has_passed("change_done").has_passed("change_not_implemented")
    assert app.variables(construction)["cumulativeChangedAmountYuan"] == 300_000


def test_LG_26_4_contract_of_10_million_needs_expert_preliminary_acceptance(app: ProcessApp) -> None:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    project_id = app.variables(lifecycle)["projectId"]
    preliminary_design_approved(app)
    build_and_sign_contract(app, project_id, contract_amount_yuan=10_000_000)
    app.publish("construction-completed", project_id)
    stage(app, "self_test")
    experts = app.tasks("expert_opinion", count=2)
    assert sorted(t.assignee for t in experts) == ["expertA", "expertB"]
    acceptance = app.instance(lifecycle).called_instances("lg-acceptance")[0]
    app.instance(acceptance).is_waiting_at("prelim_expert_review")


def test_LG_26_4_contract_below_10_million_has_no_expert_preliminary_acceptance(app: ProcessApp) -> None:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    project_id = app.variables(lifecycle)["projectId"]
    preliminary_design_approved(app)
    build_and_sign_contract(app, project_id, contract_amount_yuan=9_999_999)
    app.publish("construction-completed", project_id)
    stage(app, "self_test")
    app.task("preliminary_acceptance")
    acceptance = app.instance(lifecycle).called_instances("lg-acceptance")[0]
    app.instance(acceptance).has_not_passed("prelim_expert_review")


def test_withdrawn_application_ends_every_open_review(app: ProcessApp) -> None:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    project_id = app.variables(lifecycle)["projectId"]
    app.task("pd_formal_acceptance")
    app.publish("application-withdrawn", project_id)
    app.instance(lifecycle).is_completed().has_passed("application_withdrawn")
    assert app.open_tasks() == []
    assert [d["outcome"] for d in app.registry("SELECT outcome FROM decisions")] == ["RETURNED"]
