"""LG change requests (bpmn/lg/change.bpmn): the cumulative 10% limit of LG-24-1 / LG-24-2."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp
from lg_scenarios import running_lg_app


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with running_lg_app(tmp_path, registry_template, scenario_backend) as running:
        yield running


def registered_project(app: ProcessApp) -> str:
    """A project in the registry, registered through the registry worker like the lifecycle does."""
    instance = app.start(
        "lg-project-application",
        {
            "jurisdiction": "LG",
            "projectId": None,
            "projectName": "智慧城管",
            "unit": "区城管局",
            "totalInvestmentYuan": 6_000_000,
            "upperLevelFunded": True,
            "inScopeType": True,
            "usesDistrictFunds": True,
            "inPlan": True,
            "dataSharedAsRequired": True,
            "securityCompliant": True,
            "majorHiddenDanger": False,
            "coordinatedAndSharing": True,
        },
    )
    return str(app.variables(instance)["projectId"])


def request_change(
    app: ProcessApp, project_id: str, amount: int, cumulative_before: int, **extra: Any
) -> int:
    instance = app.start(
        "lg-change-request",
        {
            "jurisdiction": "LG",
            "projectId": project_id,
            "projectName": "智慧城管",
            "unit": "区城管局",
            "contractAmountYuan": 5_000_000,
            "cumulativeChangedAmountYuan": cumulative_before,
        },
    )
    app.complete(
        "submit_change",
        changeReason="TECH_UPDATE",
        changedAmountYuan=amount,
        withinApprovedEstimate=extra.get("withinApprovedEstimate", True),
        changeDescription="更换已停产的存储设备型号",
    )
    return instance


def test_LG_24_1_change_up_to_10_percent_cumulative_is_confirmed_jointly(app: ProcessApp) -> None:
    project_id = registered_project(app)
    instance = request_change(app, project_id, amount=200_000, cumulative_before=300_000)  # exactly 10%
    app.complete(
        "joint_confirmation",
        confirmedBy=["DESIGNER", "SUPERVISOR", "CONTRACTOR"],
        confirmationDocumentId="doc-change-001.pdf",
    )
    app.instance(instance).is_completed().has_passed("change_approved").has_not_passed("ita_change_review")
    variables = app.variables(instance)
    assert variables["change"]["outcome"] == "JOINT_CONFIRMATION"
    assert variables["cumulativeChangedAmountYuan"] == 500_000


def test_LG_24_2_change_beyond_10_percent_cumulative_needs_ita_review_before_implementation(
    app: ProcessApp,
) -> None:
    project_id = registered_project(app)
    instance = request_change(app, project_id, amount=200_001, cumulative_before=300_000)
    review = app.task("review")
    assert review.candidate_groups == ["lg-ita-reviewers"]
    app.instance(instance).has_not_passed("joint_confirmation", "change_approved")
    app.complete("review", decision="APPROVED", opinion="同意变更", reason=None, checklistConfirmed=[])
    app.instance(instance).is_completed().has_passed("change_approved")
    assert app.variables(instance)["change"]["itaApprovalRequired"] is True


def test_LG_24_2_refused_change_is_not_implemented(app: ProcessApp) -> None:
    project_id = registered_project(app)
    instance = request_change(app, project_id, amount=900_000, cumulative_before=0)
    app.complete(
        "review", decision="REJECTED", opinion="不同意", reason="变更内容超出建设目标", checklistConfirmed=[]
    )
    app.instance(instance).has_passed("record_refusal").has_incident("UNHANDLED_ERROR_EVENT")
    outcomes = [d["outcome"] for d in app.registry("SELECT outcome FROM decisions ORDER BY id")]
    assert outcomes[-1] == "REJECTED"


def test_LG_23_1_change_over_the_approved_estimate_goes_to_the_drc(app: ProcessApp) -> None:
    project_id = registered_project(app)
    instance = request_change(
        app, project_id, amount=100_000, cumulative_before=0, withinApprovedEstimate=False
    )
    app.complete("external_procedure", externalApproved=True, externalDocumentNo="深龙发改〔2026〕30号")
    app.instance(instance).is_completed().has_passed("change_approved")
    assert app.variables(instance)["change"]["outcome"] == "EXTERNAL_GOV_INVESTMENT_PROCEDURE"
