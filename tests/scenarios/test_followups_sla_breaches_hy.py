"""HY-11-6, HY-11-7 (SOFT, 原则上, A-HY-5): a missed review deadline is recorded by the calling process
after the escalation, and never decides the application (A-GEN-3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp, region

APPLICATION_MATERIALS = [
    "application_form_hy",
    "plan",
    "data_checklist_hy",
    "necessity_docs",
    "safe_reliable_stmt",
]


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("hy")
    ) as running:
        yield running


def application_form() -> dict[str, Any]:
    """附表1 as the applicant submits it (amounts in 万元), every unit confirmation given."""
    return {
        "projectName": "河源市智慧政务服务平台",
        "unit": "市政务服务数据管理局",
        "applicantUnit": "市政务服务数据管理局",
        "userUnit": "市行政服务中心",
        "plannedLocation": "河源市",
        "constructionNature": "NEW",
        "plannedStart": "2027-01",
        "plannedCompletion": "2027-12",
        "totalInvestmentWan": 200,
        "hyCategory": "PROFESSIONAL",
        "serviceType": "SOFTWARE_DEV",
        "involvesCrypto": False,
        "classified": False,
        "isFixedAssetGovInvestment": False,
        "annualListSubmittedOnTime": True,
        "inCatalog": True,
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "digitalGovConformant": True,
        "safeReliableProducts": True,
    }


def submit_application(app: ProcessApp) -> int:
    instance = app.start("hy-application", {"documents": app.documents.submit(APPLICATION_MATERIALS)})
    app.complete("fill_application", **application_form())
    app.complete(
        "fill_data_checklist",
        unitName="市政务服务数据管理局",
        projectName="河源市智慧政务服务平台",
        dataContent=[],
    )
    return instance


def review(app: ProcessApp, decision: str = "APPROVED", reason: str | None = None) -> None:
    app.complete("review", decision=decision, opinion="审核意见", reason=reason, checklistConfirmed=[])


def breaches(app: ProcessApp, instance: int) -> list[dict[str, Any]]:
    recorded = app.variables(instance).get("slaBreaches")
    return list(recorded) if recorded is not None else []


def test_HY_11_6_A_GEN_3_missed_soft_prelim_review_deadline_is_recorded_and_decides_nothing(
    app: ProcessApp,
) -> None:
    instance = submit_application(app)
    app.advance("P30D")  # past the 10 WD of HY-11-6, National Day holidays included
    assert ("itaLead", "OVERDUE_ESCALATION") in {(r["user_id"], r["template"]) for r in app.outbox()}
    app.instance(instance).has_passed("prelim_review_record_breach").is_waiting_at("prelim_review")
    assert [(b["ruleId"], b["step"], b["force"]) for b in breaches(app, instance)] == [
        ("HY-11-6", "ITA_PRELIM_REVIEW", "SOFT")
    ]
    # a SOFT deadline blocks nothing: no unit issue, no compliance flag, no decision in the registry
    assert app.registry("SELECT id FROM unit_issues") == []
    assert app.registry("SELECT flag FROM compliance_flags") == []
    assert app.registry("SELECT id FROM decisions") == []
    review(app)
    assert app.task("review").candidate_groups == ["hy-fin"]  # HY-11-7 fund review follows as usual


def test_HY_11_6_reviews_in_time_record_no_breach(app: ProcessApp) -> None:
    instance = submit_application(app)
    review(app)  # HY-11-6 on the first day
    review(app)  # HY-11-7
    app.instance(instance).has_not_passed(
        "prelim_review_overdue", "fund_review_overdue", "prelim_review_record_breach"
    )
    assert breaches(app, instance) == []


def test_HY_11_7_missed_fund_review_deadline_is_recorded_and_the_review_goes_on(app: ProcessApp) -> None:
    instance = submit_application(app)
    review(app)  # HY-11-6 in time
    app.advance("P30D")  # past the 12 WD of HY-11-7 (原则上)
    assert [(b["ruleId"], b["force"]) for b in breaches(app, instance)] == [("HY-11-7", "SOFT")]
    app.instance(instance).is_waiting_at("fund_review")
    review(app)  # the reviewer decides, not the deadline
    app.instance(instance).has_passed("fund_review").has_passed("fund_review_record_breach", times=1)
