from __future__ import annotations

from sqlalchemy.orm import Session

from workers.registry import records
from workers.registry.due_filings import list_due_filings
from workers.registry.models import ListDueFilings, RecordFiling, RegisterProject


def open_filing(session: Session, jurisdiction: str, kind: str, due: str, filed: str | None = None) -> int:
    project = records.register_project(
        session,
        RegisterProject.model_validate(
            {"jurisdiction": jurisdiction, "projectName": f"{kind}项目", "unit": "区财政局"}
        ),
    )
    values = {"projectId": project.project_id, "filingKind": kind, "dueDate": due, "filedOn": filed}
    return records.record_filing(session, RecordFiling.model_validate(values)).filing_id


def test_lists_open_filings_due_within_the_horizon_with_overdue_marked(session: Session) -> None:
    overdue = open_filing(session, "LG", "CONTRACT", "2026-06-01")
    due_soon = open_filing(session, "YB", "CONTRACT", "2026-06-05")
    open_filing(session, "LG", "SOCIAL_CAPITAL", "2026-06-30")
    open_filing(session, "LG", "MAJOR_CHANGE", "2026-06-02", filed="2026-06-01")
    listed = list_due_filings(session, ListDueFilings.model_validate({"asOf": "2026-06-03", "withinDays": 3}))
    assert [(f.filing_id, f.overdue) for f in listed.due_filings] == [(overdue, True), (due_soon, False)]
    assert listed.to_variables()["dueFilings"][0]["dueDate"] == "2026-06-01"


def test_lists_only_the_asked_jurisdiction(session: Session) -> None:
    open_filing(session, "LG", "CONTRACT", "2026-06-01")
    yubei = open_filing(session, "YB", "CONTRACT", "2026-06-01")
    listed = list_due_filings(
        session, ListDueFilings.model_validate({"asOf": "2026-06-03", "jurisdiction": "YB"})
    )
    assert [f.filing_id for f in listed.due_filings] == [yubei]
