"""LG-19-3 and LG-12-5 (HARD deadlines, sla onBreach ESCALATE): the calling process catches the
breach, records it, and for the contract filing opens the overdue filing in the registry; the
review stays open and the deadline decides nothing (A-GEN-3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import Backend, ProcessApp
from lg_scenarios import (
    EXPERTS,
    accept_submission,
    approve,
    lg_project,
    preliminary_design_approved,
    running_lg_app,
)


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with running_lg_app(tmp_path, registry_template, scenario_backend) as running:
        yield running


def breaches(app: ProcessApp, instance: int) -> list[tuple[str, str, str]]:
    recorded: list[dict[str, Any]] = app.variables(instance).get("slaBreaches") or []
    return [(b["ruleId"], b["step"], b["force"]) for b in recorded]


def signed_contract(app: ProcessApp) -> int:
    """An approved project whose contract was signed today; returns the lg-construction instance."""
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    preliminary_design_approved(app)
    project_id = str(app.variables(lifecycle)["projectId"])
    app.complete(
        "implementation_start",
        implementingBody="信息中心",
        projectLeader="张三",
        supervisorName="某监理",
        onDistrictSoftwareCloud=True,
    )
    app.publish("contract-signed", project_id, contractSignedOn=app.now().date().isoformat())
    app.complete(
        "contract_check",
        contractAmountYuan=5_000_000,
        formatContractWithAcceptanceClause=True,
        resultsOwnershipClause=True,
        warrantyYears=2,
    )
    return app.instance(lifecycle).called_instances("lg-construction")[0]


def test_LG_19_3_overdue_contract_filing_is_opened_in_the_registry_on_its_due_day(app: ProcessApp) -> None:
    construction = signed_contract(app)
    due_date = app.task("review").due_date
    assert due_date is not None
    app.advance_to(due_date)
    app.advance("P2D")
    app.instance(construction).has_passed("contract_filing_open_overdue_filing").is_waiting_at(
        "contract_filing"
    )
    assert breaches(app, construction) == [("LG-19-3", "CONTRACT_FILING", "HARD")]
    [overdue] = app.registry("SELECT rule_id, due_on, filed_on FROM filings WHERE kind = 'CONTRACT'")
    assert overdue == {"rule_id": "LG-19-3", "due_on": due_date[:10], "filed_on": None}
    # LG-31-1: the payment gate still waits for the filing itself, not for the overdue record
    assert app.variables(construction).get("contractFilingStatus") is None
    approve(app, opinion="逾期备案")
    [filed] = app.registry("SELECT due_on, filed_on FROM filings WHERE kind = 'CONTRACT'")
    assert filed["due_on"] == due_date[:10] and filed["filed_on"] > filed["due_on"]
    assert app.variables(construction)["contractFilingStatus"] == "FILED_LATE"


def test_LG_19_3_contract_filed_in_time_opens_no_overdue_filing(app: ProcessApp) -> None:
    construction = signed_contract(app)
    approve(app, opinion="合同备案材料齐全")
    app.advance("P30D")
    app.instance(construction).has_not_passed("contract_filing_overdue", "contract_filing_record_breach")
    assert breaches(app, construction) == []
    [filing] = app.registry("SELECT due_on, filed_on FROM filings WHERE kind = 'CONTRACT'")
    assert filing["filed_on"] <= filing["due_on"]


def test_LG_12_5_missed_pre_review_deadline_is_recorded_and_the_review_goes_on(app: ProcessApp) -> None:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app))
    accept_submission(app, "pd_formal_acceptance")  # LG-12-4: the 5 WD run from here
    due_date = app.task("review").due_date
    assert due_date is not None
    app.advance_to(due_date)
    app.advance("P1D")
    application = app.instance(lifecycle).called_instances("lg-project-application")[0]
    app.instance(application).has_passed("pd_prereview_record_breach").is_waiting_at("pd_prereview")
    assert breaches(app, application) == [("LG-12-5", "PD_ITA_PREREVIEW", "HARD")]
    assert app.registry("SELECT id FROM unit_issues") == []
    approve(app)  # the ITA still decides; the expert review follows (LG-12-6)
    assert len(app.tasks("expert_opinion", count=len(EXPERTS))) == len(EXPERTS)
