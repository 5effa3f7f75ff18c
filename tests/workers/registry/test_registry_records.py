from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workers.errors import PermanentJobError
from workers.registry import records, tables
from workers.registry.models import (
    FilingStatus,
    RecordApplication,
    RecordCompliance,
    RecordDecision,
    RecordFiling,
    RecordMilestone,
    RecordUnitIssue,
    RegisterProject,
    StartPhase,
)


def register(session: Session, jurisdiction: str = "LG", unit: str = "区教育局", **extra: object) -> str:
    request = RegisterProject.model_validate(
        {"jurisdiction": jurisdiction, "projectName": "智慧校园平台", "unit": unit, **extra}
    )
    return records.register_project(session, request).project_id


def test_register_project_stores_amount_in_yuan_and_opens_phase_one(session: Session) -> None:
    project_id = register(session, totalInvestmentYuan="12500000.50", registeredOn="2026-03-02")
    project = session.get(tables.Project, project_id)
    assert project is not None
    assert project.total_investment_yuan == Decimal("12500000.50")
    assert [(p.number, p.started_on) for p in project.phases] == [(1, date(2026, 3, 2))]


def test_register_project_twice_for_one_job_creates_one_project(session: Session) -> None:
    request = RegisterProject(jurisdiction="TH", project_name="一网通办", unit="区数据局")  # type: ignore[arg-type]
    first = records.register_project(session, request, source_key=2251799813685300)
    again = records.register_project(session, request, source_key=2251799813685300)
    assert first == again
    assert session.scalar(select(func.count()).select_from(tables.Project)) == 1


def test_start_phase_must_follow_the_current_phase(session: Session) -> None:
    project_id = register(session)
    records.start_phase(
        session, StartPhase(project_id=project_id, phase_number=2, started_on=date(2027, 1, 5))
    )
    assert (
        records.start_phase(
            session, StartPhase(project_id=project_id, phase_number=2, started_on=date(2027, 1, 5))
        ).phase_number
        == 2
    )
    with pytest.raises(PermanentJobError, match=r"项目 .* 现处第 2 期，下一期为第 3 期"):
        records.start_phase(
            session, StartPhase(project_id=project_id, phase_number=4, started_on=date(2027, 1, 5))
        )


def test_unknown_project_names_the_variable(session: Session) -> None:
    with pytest.raises(PermanentJobError, match=r"项目编号 \(projectId\) 'nope'：项目库中没有该项目"):
        records.record_milestone(
            session,
            RecordMilestone(project_id="nope", milestone="GO_LIVE", reached_on=date(2026, 1, 1)),  # type: ignore[arg-type]
        )


def test_application_and_decision_are_linked_to_the_project(session: Session) -> None:
    project_id = register(session)
    application = records.record_application(
        session,
        RecordApplication(
            project_id=project_id, application_kind="INITIATION", submitted_on=date(2026, 4, 1)
        ),
        source_key=11,
    )
    decision = records.record_decision(
        session,
        RecordDecision.model_validate(
            {
                "projectId": project_id,
                "applicationId": application.application_id,
                "outcome": "APPROVED",
                "authority": "DRC",
                "decidedOn": "2026-05-06",
                "ruleIds": ["LG-10-3", "LG-12-8"],
            }
        ),
    )
    stored = session.get(tables.Decision, decision.decision_id)
    assert stored is not None
    assert (stored.application_id, stored.outcome, stored.rule_ids) == (
        application.application_id,
        "APPROVED",
        "LG-10-3,LG-12-8",
    )


def test_decision_on_another_projects_application_is_refused(session: Session) -> None:
    first, second = register(session), register(session, unit="区卫健局")
    application = records.record_application(
        session,
        RecordApplication(project_id=first, application_kind="INITIATION", submitted_on=date(2026, 4, 1)),
    )
    request = RecordDecision.model_validate(
        {
            "projectId": second,
            "applicationId": application.application_id,
            "outcome": "REJECTED",
            "authority": "ITA",
            "decidedOn": "2026-04-09",
        }
    )
    with pytest.raises(PermanentJobError, match="applicationId"):
        records.record_decision(session, request)


def filing(project_id: str, **values: object) -> RecordFiling:
    return RecordFiling.model_validate({"projectId": project_id, "filingKind": "CONTRACT", **values})


def test_LG_19_3_contract_filing_opened_due_then_filed_on_time(session: Session) -> None:
    project_id = register(session)
    opened = records.record_filing(session, filing(project_id, ruleId="LG-19-3", dueDate="2026-06-12"))
    assert opened.filing_status is FilingStatus.DUE
    filed = records.record_filing(session, filing(project_id, filedOn="2026-06-12"))
    assert (filed.filing_id, filed.filing_status) == (opened.filing_id, FilingStatus.FILED)


def test_YB_12_1_contract_filed_after_its_due_date_is_late(session: Session) -> None:
    project_id = register(session, jurisdiction="YB", unit="区大数据发展局")
    records.record_filing(session, filing(project_id, ruleId="YB-12-1", dueDate="2026-06-10"))
    filed = records.record_filing(session, filing(project_id, filedOn="2026-06-11"))
    assert filed.filing_status is FilingStatus.FILED_LATE
    assert filed.filing_due_date == date(2026, 6, 10)


def test_marking_a_filing_filed_again_returns_the_same_filing(session: Session) -> None:
    project_id = register(session)
    records.record_filing(session, filing(project_id, dueDate="2026-06-12"))
    first = records.record_filing(session, filing(project_id, filedOn="2026-06-11"))
    again = records.record_filing(session, filing(project_id, filedOn="2026-06-11"))
    assert first == again
    assert session.scalar(select(func.count()).select_from(tables.Filing)) == 1


def test_TH_27_1_one_kind_filed_with_three_authorities_is_three_filings(session: Session) -> None:
    project_id = register(session, jurisdiction="TH", unit="区数据局")
    recorded = [
        records.record_filing(
            session,
            filing(project_id, filingKind="COMPLETION_ACCEPTANCE", authority=authority, filedOn="2027-03-01"),
        )
        for authority in ("DRC", "ITA", "FIN")
    ]
    assert len({r.filing_id for r in recorded}) == 3
    assert session.scalar(select(func.count()).select_from(tables.Filing)) == 3


def test_filing_with_no_open_filing_is_recorded_as_filed(session: Session) -> None:
    project_id = register(session)
    recorded = records.record_filing(
        session, filing(project_id, filingKind="MAJOR_CHANGE", filedOn="2026-07-01")
    )
    assert recorded.filing_status is FilingStatus.FILED


def test_milestone_defaults_to_the_current_phase_and_moves_when_recorded_again(session: Session) -> None:
    project_id = register(session)
    records.start_phase(
        session, StartPhase(project_id=project_id, phase_number=2, started_on=date(2027, 1, 5))
    )
    kind = "ACCEPTANCE_PASSED"
    for day in ("2027-09-01", "2027-09-03"):
        recorded = records.record_milestone(
            session,
            RecordMilestone.model_validate({"projectId": project_id, "milestone": kind, "reachedOn": day}),
        )
        assert recorded.milestone_phase_number == 2
    stored = session.scalars(select(tables.Milestone)).all()
    assert [(m.phase_number, m.reached_on) for m in stored] == [(2, date(2027, 9, 3))]


def test_compliance_flags_update_and_keep_unnamed_ones(session: Session) -> None:
    project_id = register(session)
    records.record_compliance(
        session,
        RecordCompliance.model_validate(
            {
                "projectId": project_id,
                "compliance": {"DATA_SHARED": False, "IN_CATALOG": True},
                "recordedOn": "2026-01-01",
            }
        ),
    )
    result = records.record_compliance(
        session,
        RecordCompliance.model_validate(
            {"projectId": project_id, "compliance": {"DATA_SHARED": True}, "recordedOn": "2026-02-01"}
        ),
    )
    assert result.to_variables() == {"complianceFlags": {"DATA_SHARED": True, "IN_CATALOG": True}}


def test_unit_issue_opens_and_resolves(session: Session) -> None:
    values = {"jurisdiction": "TH", "unit": "区住建局", "ruleId": "TH-12-2", "description": "系统未整合"}
    opened = records.record_unit_issue(
        session, RecordUnitIssue.model_validate({**values, "openedOn": "2026-01-10"})
    )
    assert opened.unit_issue_open
    resolved = records.record_unit_issue(
        session, RecordUnitIssue.model_validate({**values, "resolvedOn": "2026-03-01"})
    )
    again = records.record_unit_issue(
        session, RecordUnitIssue.model_validate({**values, "resolvedOn": "2026-03-01"})
    )
    assert resolved == again
    assert (resolved.unit_issue_id, resolved.unit_issue_open) == (opened.unit_issue_id, False)


def test_resolving_an_issue_that_was_never_opened_is_an_error(session: Session) -> None:
    request = RecordUnitIssue.model_validate(
        {"jurisdiction": "TH", "unit": "区住建局", "ruleId": "TH-12-3", "resolvedOn": "2026-03-01"}
    )
    with pytest.raises(PermanentJobError, match=r"单位 '区住建局'（TH）没有依据 TH-12-3 的未整改问题"):
        records.record_unit_issue(session, request)
