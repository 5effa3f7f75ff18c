"""TH-11-2 and TH-11-5 (HARD review deadlines): a missed deadline is caught by the calling process and
recorded in ``slaBreaches``; the review stays open and the deadline decides nothing (A-GEN-3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp, region

APPLICATION_MATERIALS = ["request_doc", "fsr", "cost_eval", "data_catalog", "crypto_plan"]
UNIT = "亭湖区行政审批局"
JOINT_REVIEWERS = ["th-party-office", "th-cac", "th-fin", "th-aud"]


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("th")
    ) as running:
        yield running


def application_form() -> dict[str, Any]:
    return {
        "projectName": "亭湖区政务服务一体化平台",
        "unit": UNIT,
        "totalInvestmentWan": 300,
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
    }


def submit(app: ProcessApp) -> int:
    instance = app.start("th-application", {"documents": app.documents.submit(APPLICATION_MATERIALS)})
    app.complete("fill_application", **application_form())
    return instance


def review(app: ProcessApp) -> None:
    app.complete("review", decision="APPROVED", opinion="同意", reason=None, checklistConfirmed=[])


def breaches(app: ProcessApp, instance: int) -> list[dict[str, Any]]:
    recorded = app.variables(instance).get("slaBreaches")
    return list(recorded) if recorded is not None else []


def test_TH_11_2_missed_prereview_deadline_is_recorded_as_a_HARD_breach_and_decides_nothing(
    app: ProcessApp,
) -> None:
    instance = submit(app)
    app.advance("P15D")  # past the 5 working days, National Day week included
    app.instance(instance).has_passed("prereview_overdue").has_passed(
        "prereview_record_breach"
    ).is_waiting_at("prereview")
    [breach] = breaches(app, instance)
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
    assert "TH-11-2" not in {b["ruleId"] for b in breaches(app, instance)}  # TH-11-5's may follow


def test_TH_11_5_each_department_missing_the_3_working_days_is_recorded(app: ProcessApp) -> None:
    instance = submit(app)
    review(app)  # TH-11-2 in time
    app.advance("P15D")  # past the 3 working days, National Day week included
    app.instance(instance).is_waiting_at("joint_review")
    recorded = breaches(app, instance)
    assert [b["ruleId"] for b in recorded] == ["TH-11-5"] * len(JOINT_REVIEWERS)
    assert {b["step"] for b in recorded} == {"DEPT_JOINT_REVIEW"}
    assert len(app.tasks("review", count=len(JOINT_REVIEWERS))) == len(JOINT_REVIEWERS)  # all still open
