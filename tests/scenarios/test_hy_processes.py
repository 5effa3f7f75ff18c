"""HY (河源市市级) processes end to end: engine, gateway, real workers (河府办〔2021〕30号)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import harness.app
import pytest
from harness import ProcessApp

from engine.testing import assert_that

# Who holds the HY roles in these scenarios (the harness directory names the LG ones).
HY_GROUPS = """\
  hy-owner: {members: [owner1]}
  hy-ita-reviewers: {members: [ita1]}
  hy-ita-leaders: {members: [itaLead]}
  hy-fin: {members: [fin1]}
  hy-crypto: {members: [ita1]}
  hy-crypto-leaders: {members: [itaLead]}
"""

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
def app(tmp_path: Path, registry_template: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProcessApp]:
    monkeypatch.setattr(harness.app, "DIRECTORY", harness.app.DIRECTORY + HY_GROUPS)
    with ProcessApp.running(tmp_path, registry_template=registry_template) as running:
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
    assert_that(app.engine, instance).is_completed().has_passed("record_approval").has_not_passed(
        "record_project_filing"
    )
    variables = app.variables(instance)
    assert variables["budgetYuan"] == 1_200_000 and variables["applicationOutcome"] == "APPROVED"
    decisions = app.registry("SELECT outcome FROM decisions")
    assert [row["outcome"] for row in decisions] == ["APPROVED"]
