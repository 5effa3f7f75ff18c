"""Job type that reads what the registry knows of one project."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workers.registry import tables
from workers.registry.models import (
    ComplianceFlagName,
    FilingKind,
    FilingSummary,
    GetProject,
    Jurisdiction,
    MilestoneKind,
    ProjectFacts,
)
from workers.registry.records import filing_status, get_project, latest_phase


def project_facts(session: Session, request: GetProject) -> ProjectFacts:
    project = get_project(session, request.project_id)
    phase = latest_phase(project).number
    milestones = session.scalars(
        select(tables.Milestone).where(
            tables.Milestone.project_id == project.id, tables.Milestone.phase_number == phase
        )
    )
    flags = session.scalars(
        select(tables.ComplianceFlag).where(tables.ComplianceFlag.project_id == project.id)
    )
    filings = session.scalars(
        select(tables.Filing).where(tables.Filing.project_id == project.id).order_by(tables.Filing.id)
    )
    return ProjectFacts(
        project_id=project.id,
        jurisdiction=Jurisdiction(project.jurisdiction),
        project_name=project.name,
        unit=project.unit,
        project_code=project.project_code,
        total_investment_yuan=project.total_investment_yuan,
        phase_number=phase,
        milestones={MilestoneKind(m.kind): m.reached_on for m in milestones},
        compliance_flags={ComplianceFlagName(f.flag): f.value for f in flags},
        filings=[
            FilingSummary(
                filing_id=f.id,
                filing_kind=FilingKind(f.kind),
                authority=f.authority,
                rule_id=f.rule_id,
                status=filing_status(f),
                due_date=f.due_on,
                filed_on=f.filed_on,
            )
            for f in filings
        ],
    )
