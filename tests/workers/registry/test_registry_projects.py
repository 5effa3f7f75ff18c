from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from workers.errors import PermanentJobError
from workers.registry import records
from workers.registry.models import (
    GetProject,
    ProjectFound,
    RecordCompliance,
    RecordFiling,
    RecordMilestone,
    RegisterProject,
    StartPhase,
)
from workers.registry.projects import project_facts


def test_project_facts_show_the_current_phase_its_milestones_flags_and_filings(session: Session) -> None:
    project_id = records.register_project(
        session,
        RegisterProject.model_validate(
            {
                "jurisdiction": "LG",
                "projectName": "智慧城管二期",
                "unit": "区城管局",
                "totalInvestmentYuan": 8000000,
            }
        ),
    ).project_id
    for values in (
        {"milestone": "ACCEPTANCE_PASSED", "reachedOn": "2026-03-01"},
        {"milestone": "GO_LIVE", "reachedOn": "2026-03-10"},
    ):
        records.record_milestone(session, RecordMilestone.model_validate({"projectId": project_id, **values}))
    records.start_phase(
        session, StartPhase(project_id=project_id, phase_number=2, started_on=date(2026, 5, 1))
    )
    records.record_milestone(
        session,
        RecordMilestone.model_validate(
            {"projectId": project_id, "milestone": "CONSTRUCTION_COMPLETED", "reachedOn": "2026-11-30"}
        ),
    )
    records.record_compliance(
        session,
        RecordCompliance.model_validate(
            {"projectId": project_id, "compliance": {"DATA_SHARED": True}, "recordedOn": "2026-04-01"}
        ),
    )
    records.record_filing(
        session,
        RecordFiling.model_validate(
            {"projectId": project_id, "filingKind": "CONTRACT", "ruleId": "LG-19-3", "dueDate": "2026-06-12"}
        ),
    )
    facts = ProjectFound(project=project_facts(session, GetProject(project_id=project_id))).to_variables()
    project = facts["project"]
    assert (project["projectName"], project["jurisdiction"], project["phaseNumber"]) == (
        "智慧城管二期",
        "LG",
        2,
    )
    assert project["milestones"] == {"CONSTRUCTION_COMPLETED": "2026-11-30"}
    assert project["complianceFlags"] == {"DATA_SHARED": True}
    assert [(f["filingKind"], f["status"], f["dueDate"]) for f in project["filings"]] == [
        ("CONTRACT", "DUE", "2026-06-12")
    ]
    assert project["totalInvestmentYuan"] == 8000000


def test_unknown_project_is_an_incident_naming_it(session: Session) -> None:
    with pytest.raises(PermanentJobError, match=r"项目编号 \(projectId\) 'gone'：项目库中没有该项目"):
        project_facts(session, GetProject(project_id="gone"))
