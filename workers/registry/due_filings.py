"""Job type that lists filings (备案) falling due, for a timer-started reminder process."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workers.registry import tables
from workers.registry.models import DueFiling, DueFilingsListed, FilingKind, Jurisdiction, ListDueFilings


def list_due_filings(session: Session, request: ListDueFilings) -> DueFilingsListed:
    """Open filings due on or before ``asOf + withinDays`` (calendar days), the overdue ones included."""
    horizon = request.as_of + timedelta(days=request.within_days)
    query = (
        select(tables.Filing, tables.Project)
        .join(tables.Project, tables.Filing.project_id == tables.Project.id)
        .where(tables.Filing.filed_on.is_(None), tables.Filing.due_on <= horizon)
        .order_by(tables.Filing.due_on, tables.Filing.id)
    )
    if request.jurisdiction is not None:
        query = query.where(tables.Project.jurisdiction == request.jurisdiction.value)
    due = []
    for filing, project in session.execute(query):
        assert filing.due_on is not None
        due.append(
            DueFiling(
                filing_id=filing.id,
                project_id=project.id,
                project_name=project.name,
                jurisdiction=Jurisdiction(project.jurisdiction),
                unit=project.unit,
                filing_kind=FilingKind(filing.kind),
                authority=filing.authority,
                rule_id=filing.rule_id,
                due_date=filing.due_on,
                overdue=filing.due_on < request.as_of,
            )
        )
    return DueFilingsListed(due_filings=due)
