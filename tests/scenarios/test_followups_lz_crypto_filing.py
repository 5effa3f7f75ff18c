"""LZ-22-1: the crypto application plan and security assessment report are filed with the 市密码管理局,
and the registry keeps that filing beside the stage filing (LZ-4-3)."""

from __future__ import annotations

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
UNIT = "莱州市行政审批服务局"
PROJECT_NAME = "莱州市一网通办平台"


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("lz")
    ) as running:
        yield running


def application_form() -> dict[str, Any]:
    return {
        "projectName": PROJECT_NAME,
        "unit": UNIT,
        "demandUnit": UNIT,
        "lzCategory": "GOVERNANCE",
        "totalInvestmentWan": 300,
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
    }


def review(app: ProcessApp) -> None:
    app.complete("review", decision="APPROVED", opinion="同意", reason=None, checklistConfirmed=[])


def approved_project(app: ProcessApp) -> str:
    variables = {"applicationDate": IN_FORCE, "documents": app.documents.submit(APPLICATION_MATERIALS)}
    instance = app.start("lz-application", variables)
    app.complete("fill_application", **application_form())
    review(app)  # LZ-9-2 joint review
    review(app)  # LZ-9-1 approval
    app.instance(instance).is_completed()
    return str(app.variables(instance)["projectId"])


def acceptance_result(conclusion: str) -> dict[str, Any]:
    return {
        "testReportConclusion": "NOT_APPLICABLE",
        "acceptanceConclusion": conclusion,
        "acceptanceOpinion": "意见",
        "issues": "问题",
    }


def start_acceptance(app: ProcessApp, project_id: str) -> int:
    return app.start(
        "lz-acceptance",
        {
            "projectId": project_id,
            "projectName": PROJECT_NAME,
            "unit": UNIT,
            "totalInvestmentYuan": 3_000_000,  # below A-LZ-2's 500万元: no third-party software test
            "involvesSoftwareDev": True,
            "documents": app.documents.submit(["crypto_assessment", "mlps_report", "archive"]),
        },
    )


def test_LZ_22_1_crypto_assessment_is_recorded_as_a_filing_with_the_crypto_administration(
    app: ProcessApp,
) -> None:
    project_id = approved_project(app)
    instance = start_acceptance(app, project_id)
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("PASSED"))
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
    project_id = approved_project(app)
    instance = start_acceptance(app, project_id)
    app.complete("archive_on_platform", actionNote="已归档", actionConfirmed=True)
    app.complete("organize_acceptance", **acceptance_result("FAILED"))
    app.instance(instance).is_waiting_at("rectify_organize_acceptance").has_not_passed("record_crypto_filing")
    assert app.registry("SELECT id FROM filings WHERE kind = 'CRYPTO_ASSESSMENT'") == []
