"""Facts and steps shared by the LG scenarios: an in-scope Longgang project and the clerk's moves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import Backend, ProcessApp
from sla_breaches import sla_breaches

# A Monday inside the LG measure's validity (LG-55-1: 2021-07-06 … 2026-07-05).
LG_START = "2026-03-02T09:00:00+08:00"
EXPERTS = ["expertA", "expertB"]
LG_RESOURCES = ("bpmn/shared/", "bpmn/lg/", "decisions/", "forms/shared/", "forms/lg/")


@contextmanager
def running_lg_app(tmp_path: Path, registry_template: Path, backend: Backend) -> Iterator[ProcessApp]:
    """The application with the shared and LG processes, on a clock inside the LG measure's validity."""
    with ProcessApp.running(
        tmp_path, backend=backend, start=LG_START, registry_template=registry_template, only=LG_RESOURCES
    ) as running:
        yield running


def lg_project(app: ProcessApp, **facts: Any) -> dict[str, Any]:
    """An in-scope LG project with every new-project confirmation given and its documents submitted."""
    project: dict[str, Any] = {
        "jurisdiction": "LG",
        "projectName": "龙岗区智慧城管平台",
        "unit": "龙岗区城市管理和综合执法局",
        "totalInvestmentYuan": 6_000_000,
        "isNewInitiative": False,
        "inScopeType": True,
        "usesDistrictFunds": True,
        "inDistrictInvestmentPlan": True,
        "upperLevelFunded": False,
        "classified": False,
        "specialNationalRules": False,
        "excludedType": False,
        "equipmentPurchase": False,
        "involvesSoftwareDev": True,
        "inPlan": True,
        "isPhased": False,
        "dataSharedAsRequired": True,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "rectificationRefused": False,
        "coordinatedAndSharing": True,
        "selfProcuresGovCloudEquipment": False,
        "authenticityDeclared": True,
        "expertPool": [{"label": name, "value": name} for name in ("expertA", "expertB", "expertC")],
        **facts,
    }
    project.setdefault("documents", app.documents.submit(APPLICATION_MATERIALS, project["projectName"]))
    return project


APPLICATION_MATERIALS = [
    "proposal",
    "meeting_minutes",
    "topic_meeting_minutes",
    "fsr",
    "prelim_design",
    "quotations",
]


def approve(app: ProcessApp, element_id: str = "review", opinion: str = "同意") -> None:
    app.complete(element_id, decision="APPROVED", opinion=opinion, reason=None, checklistConfirmed=["LG-6-1"])


def accept_submission(app: ProcessApp, element_id: str) -> None:
    app.complete(element_id, accepted=True, refusalReason=None, experts=EXPERTS)


def expert_panel_passes(app: ProcessApp) -> None:
    for task in app.tasks("expert_opinion", count=len(EXPERTS)):
        app.complete_task(task, {"expertConclusion": "PASSED", "expertOpinion": "同意按方案实施"})
    app.complete(
        "panel_conclusion", panelConclusion="PASSED", panelSummary="专家组同意，建议按意见完善后报批"
    )


def drc_approves(app: ProcessApp, element_id: str) -> None:
    app.complete(
        element_id, drcDecision="APPROVED", drcOpinion="同意", approvalDocumentNo="深龙发改〔2026〕12号"
    )


def preliminary_design_approved(app: ProcessApp) -> None:
    """From the preliminary design's formal acceptance to the DRC's approval (LG-12-4 … LG-12-8)."""
    accept_submission(app, "pd_formal_acceptance")
    approve(app)
    expert_panel_passes(app)
    app.complete("ita_pd_opinion", itaSupports=True, itaOpinionText="同意初步设计方案及概算，报发改审批")
    drc_approves(app, "drc_pd_approval")


def sign_contract(app: ProcessApp, project_id: str, contract_amount_yuan: int = 5_000_000) -> None:
    """From the implementation start to the checked contract, its filing open for review today
    (LG-16-1, LG-19-1, LG-38-1, LG-45-1)."""
    app.complete(
        "implementation_start",
        implementingBody="区城管局信息中心",
        projectLeader="张三",
        supervisorName="深圳某监理公司",
        onDistrictSoftwareCloud=True,
    )
    today = app.now().date().isoformat()
    app.publish("contract-signed", project_id, contractSignedOn=today)
    app.complete(
        "contract_check",
        contractAmountYuan=contract_amount_yuan,
        formatContractWithAcceptanceClause=True,
        resultsOwnershipClause=True,
        warrantyYears=2,
    )


def build_and_sign_contract(app: ProcessApp, project_id: str, contract_amount_yuan: int = 5_000_000) -> None:
    """From the implementation start to the contract filed in time (LG-19-3)."""
    sign_contract(app, project_id, contract_amount_yuan)
    approve(app, opinion="合同备案材料齐全")


def breached_deadlines(app: ProcessApp, instance: int) -> list[tuple[str, str, str]]:
    """The missed deadlines an instance recorded: (rule id, step, force)."""
    return [(b["ruleId"], b["step"], b["force"]) for b in sla_breaches(app, instance)]


def stage(app: ProcessApp, element_id: str, passed: bool = True) -> None:
    app.complete(
        element_id,
        stagePassed=passed,
        stageReportId=f"doc-{element_id}.pdf",
        stageOpinion="通过" if passed else "测评报告结论为不通过",
    )


ACCEPTANCE_MATERIALS = [
    "selftest_report",
    "prelim_accept_report",
    "tp_test_report",
    "final_accept_report",
    "sec_test_report",
    "db_access_pack",
    "source_code",
    "archive",
    "completion_report",
]


def pass_acceptance(app: ProcessApp) -> None:
    """Every acceptance step of LG-26 … LG-30 passes, with the acceptance documents submitted."""
    for element_id in ("self_test", "preliminary_acceptance", "third_party_test", "final_acceptance"):
        stage(app, element_id)
    approve(app, opinion="主机层、应用层、数据库层安全测试通过")
    stage(app, "data_sharing_audit")
    app.complete(
        "archive_submission", documents=app.documents.submit(ACCEPTANCE_MATERIALS), correctionDeclared=True
    )
    expert_panel_passes(app)
    app.complete("results_library", resultsEntered=True, resultsLibraryRef="LG-CG-2026-001")
