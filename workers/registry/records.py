"""Job types that record facts in the registry.

Each function works inside the caller's session (the caller owns the transaction). ``source_key``
is the element instance key of the job: a row created by a job remembers it, so a job that runs
again after a retry or a timeout returns the row it created before instead of a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from workers.errors import PermanentJobError
from workers.registry import tables
from workers.registry.models import (
    ApplicationRecorded,
    ComplianceRecorded,
    DecisionRecorded,
    FilingRecorded,
    FilingStatus,
    MilestoneRecorded,
    PhaseStarted,
    ProjectRegistered,
    RecordApplication,
    RecordCompliance,
    RecordDecision,
    RecordFiling,
    RecordMilestone,
    RecordUnitIssue,
    RegisterProject,
    StartPhase,
    UnitIssueRecorded,
)

Row = TypeVar("Row", bound=tables.Base)


def register_project(
    session: Session, request: RegisterProject, *, source_key: int | None = None
) -> ProjectRegistered:
    """Register a project with its first phase; the returned ``projectId`` names it from then on."""
    existing = _by_source_key(session, tables.Project, source_key)
    if existing is not None:
        return ProjectRegistered(project_id=existing.id, phase_number=1)
    registered_at = datetime.now(UTC).replace(tzinfo=None)
    project = tables.Project(
        id=str(uuid.uuid4()),
        jurisdiction=request.jurisdiction.value,
        name=request.project_name,
        unit=request.unit,
        project_code=request.project_code,
        total_investment_yuan=request.total_investment_yuan,
        registered_at=registered_at,
        source_key=source_key,
    )
    started_on = request.registered_on or registered_at.date()
    project.phases.append(tables.Phase(number=1, started_on=started_on))
    session.add(project)
    session.flush()
    return ProjectRegistered(project_id=project.id, phase_number=1)


def start_phase(session: Session, request: StartPhase) -> PhaseStarted:
    """Open the next phase (二期, 三期 …) of a continuing project; starting it again changes nothing."""
    project = get_project(session, request.project_id)
    current = latest_phase(project)
    if request.phase_number <= current.number:
        return PhaseStarted(phase_number=request.phase_number)
    if request.phase_number != current.number + 1:
        raise PermanentJobError(
            f"期次 (phaseNumber) {request.phase_number}：项目 {project.id} 现处第 {current.number} 期，"
            f"下一期为第 {current.number + 1} 期"
        )
    project.phases.append(tables.Phase(number=request.phase_number, started_on=request.started_on))
    session.flush()
    return PhaseStarted(phase_number=request.phase_number)


def record_application(
    session: Session, request: RecordApplication, *, source_key: int | None = None
) -> ApplicationRecorded:
    existing = _by_source_key(session, tables.Application, source_key)
    if existing is not None:
        return ApplicationRecorded(application_id=existing.id)
    project = get_project(session, request.project_id)
    if request.phase_number not in {phase.number for phase in project.phases}:
        raise PermanentJobError(f"期次 (phaseNumber) {request.phase_number}：项目 {project.id} 没有该期")
    application = tables.Application(
        project_id=project.id,
        phase_number=request.phase_number,
        kind=request.application_kind,
        submitted_on=request.submitted_on,
        source_key=source_key,
    )
    session.add(application)
    session.flush()
    return ApplicationRecorded(application_id=application.id)


def record_decision(
    session: Session, request: RecordDecision, *, source_key: int | None = None
) -> DecisionRecorded:
    existing = _by_source_key(session, tables.Decision, source_key)
    if existing is not None:
        return DecisionRecorded(decision_id=existing.id)
    project = get_project(session, request.project_id)
    if request.application_id is not None:
        application = session.get(tables.Application, request.application_id)
        if application is None or application.project_id != project.id:
            raise PermanentJobError(
                f"申报编号 (applicationId) {request.application_id}：不是项目 {project.id} 的申报"
            )
    decision = tables.Decision(
        project_id=project.id,
        application_id=request.application_id,
        outcome=request.outcome.value,
        authority=request.authority,
        decided_on=request.decided_on,
        rule_ids=",".join(request.rule_ids),
        note=request.note,
        source_key=source_key,
    )
    session.add(decision)
    session.flush()
    return DecisionRecorded(decision_id=decision.id)


def record_filing(
    session: Session, request: RecordFiling, *, source_key: int | None = None
) -> FilingRecorded:
    """Open a filing that falls due on ``dueDate``, or mark the open filing of that kind as filed."""
    existing = _by_source_key(session, tables.Filing, source_key)
    if existing is not None:
        return _filing_recorded(existing)
    project = get_project(session, request.project_id)
    kind = request.filing_kind.value
    same_filing = select(tables.Filing).where(
        tables.Filing.project_id == project.id, tables.Filing.kind == kind
    )
    if request.authority is not None:
        # One kind filed with several authorities (TH-27-1: DRC, ITA and FIN) is several filings.
        same_filing = same_filing.where(tables.Filing.authority == request.authority)
    filings = session.scalars(same_filing.order_by(tables.Filing.id)).all()
    open_filing = next((f for f in filings if f.filed_on is None), None)
    if request.filed_on is not None:
        already = next((f for f in filings if f.filed_on == request.filed_on), None)
        if open_filing is None and already is not None:
            return _filing_recorded(already)
        if open_filing is not None:
            open_filing.filed_on = request.filed_on
            if request.due_date is not None:
                open_filing.due_on = request.due_date
            session.flush()
            return _filing_recorded(open_filing)
    elif open_filing is not None:
        if request.due_date is not None:
            open_filing.due_on = request.due_date
        session.flush()
        return _filing_recorded(open_filing)
    filing = tables.Filing(
        project_id=project.id,
        kind=kind,
        authority=request.authority,
        rule_id=request.rule_id,
        due_on=request.due_date,
        filed_on=request.filed_on,
        source_key=source_key,
    )
    session.add(filing)
    session.flush()
    return _filing_recorded(filing)


def filing_status(filing: tables.Filing) -> FilingStatus:
    if filing.filed_on is None:
        return FilingStatus.DUE
    if filing.due_on is not None and filing.filed_on > filing.due_on:
        return FilingStatus.FILED_LATE
    return FilingStatus.FILED


def _filing_recorded(filing: tables.Filing) -> FilingRecorded:
    return FilingRecorded(
        filing_id=filing.id, filing_status=filing_status(filing), filing_due_date=filing.due_on
    )


def record_milestone(session: Session, request: RecordMilestone) -> MilestoneRecorded:
    """Record that a phase reached a milestone; recording it again moves its date."""
    project = get_project(session, request.project_id)
    phase_number = request.phase_number or latest_phase(project).number
    if phase_number not in {phase.number for phase in project.phases}:
        raise PermanentJobError(f"期次 (phaseNumber) {phase_number}：项目 {project.id} 没有该期")
    milestone = session.scalars(
        select(tables.Milestone).where(
            tables.Milestone.project_id == project.id,
            tables.Milestone.phase_number == phase_number,
            tables.Milestone.kind == request.milestone.value,
        )
    ).one_or_none()
    if milestone is None:
        session.add(
            tables.Milestone(
                project_id=project.id,
                phase_number=phase_number,
                kind=request.milestone.value,
                reached_on=request.reached_on,
            )
        )
    else:
        milestone.reached_on = request.reached_on
    session.flush()
    return MilestoneRecorded(milestone_phase_number=phase_number)


def record_compliance(session: Session, request: RecordCompliance) -> ComplianceRecorded:
    """Set compliance flags of a project's system; flags not named keep their value."""
    project = get_project(session, request.project_id)
    upsert = _insert_for(session)
    for name, value in request.compliance.items():
        # One statement per flag: jobs recording the same flag at once (parallel assessments) must
        # not race between a read that finds nothing and an insert that then hits the unique key.
        row = {
            "project_id": project.id,
            "flag": name.value,
            "value": value,
            "recorded_on": request.recorded_on,
        }
        session.execute(
            upsert(tables.ComplianceFlag)
            .values(**row)
            .on_conflict_do_update(
                index_elements=["project_id", "flag"],
                set_={"value": value, "recorded_on": request.recorded_on},
            )
        )
    session.expire_all()
    flags = session.scalars(
        select(tables.ComplianceFlag).where(tables.ComplianceFlag.project_id == project.id)
    )
    return ComplianceRecorded.model_validate({"complianceFlags": {f.flag: f.value for f in flags}})


def _insert_for(session: Session) -> Callable[..., Any]:
    """The INSERT construct with ON CONFLICT support of the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql_insert
    if dialect == "sqlite":
        return sqlite_insert
    raise RuntimeError(f"the registry supports SQLite and PostgreSQL, not {dialect}")


def record_unit_issue(
    session: Session, request: RecordUnitIssue, *, source_key: int | None = None
) -> UnitIssueRecorded:
    """Open an issue of a unit, or (with ``resolvedOn``) resolve its open issues under that rule."""
    existing = _by_source_key(session, tables.UnitIssue, source_key)
    if existing is not None:
        return UnitIssueRecorded(unit_issue_id=existing.id, unit_issue_open=existing.resolved_on is None)
    same_rule = session.scalars(
        select(tables.UnitIssue)
        .where(
            tables.UnitIssue.jurisdiction == request.jurisdiction.value,
            tables.UnitIssue.unit == request.unit,
            tables.UnitIssue.rule_id == request.rule_id,
        )
        .order_by(tables.UnitIssue.id)
    ).all()
    if request.resolved_on is not None:
        open_issues = [issue for issue in same_rule if issue.resolved_on is None]
        for issue in open_issues:
            issue.resolved_on = request.resolved_on
        resolved = open_issues or [issue for issue in same_rule if issue.resolved_on == request.resolved_on]
        if not resolved:
            raise PermanentJobError(
                f"规则编号 (ruleId) {request.rule_id}：单位 {request.unit!r}（{request.jurisdiction.value}）"
                f"没有依据 {request.rule_id} 的未整改问题"
            )
        session.flush()
        return UnitIssueRecorded(unit_issue_id=resolved[-1].id, unit_issue_open=False)
    if request.opened_on is None:
        raise PermanentJobError("发现日期 (openedOn) 缺失：登记单位问题时须填写（整改完成的填写 resolvedOn）")
    issue = tables.UnitIssue(
        jurisdiction=request.jurisdiction.value,
        unit=request.unit,
        rule_id=request.rule_id,
        force=request.force.value,
        description=request.description,
        opened_on=request.opened_on,
        source_key=source_key,
    )
    session.add(issue)
    session.flush()
    return UnitIssueRecorded(unit_issue_id=issue.id, unit_issue_open=True)


def get_project(session: Session, project_id: str) -> tables.Project:
    project = session.get(tables.Project, project_id)
    if project is None:
        raise PermanentJobError(f"项目编号 (projectId) {project_id!r}：项目库中没有该项目")
    return project


def latest_phase(project: tables.Project) -> tables.Phase:
    return max(project.phases, key=lambda phase: phase.number)


def _by_source_key(session: Session, table: type[Row], source_key: int | None) -> Row | None:
    if source_key is None:
        return None
    # every table that a job creates rows in has a unique source_key column
    column = table.__table__.c.source_key
    return session.scalars(select(table).where(column == source_key)).one_or_none()
