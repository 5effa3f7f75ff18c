"""``/workspace/registry/projects…``: what the registry knows of projects (phase, amount, filings and
their deadlines, decisions with the rule ids they cite, milestones), read from the workers'
registry tables and filtered to what the signed-in person may see (:mod:`registry_scope`).

``GET /workspace/registry/projects`` answers ``{"items": [summary…], "page": {"totalItems": n}}``,
newest first; a summary is ``projectId, jurisdiction, name, unit, projectCode,
totalInvestmentYuan`` (a decimal string, yuan), ``registeredAt, phaseNumber, phaseStartedOn,
nextDeadline`` (the earliest filing still due, or null), ``latestDecision`` and ``lastMilestone``
(or null). ``GET /workspace/registry/projects/{projectId}`` adds ``phases, applications`` (with
their ``processInstanceKey``), ``decisions`` (with ``ruleIds``), ``filings`` (each with ``status``
DUE/FILED/FILED_LATE and ``overdue``), ``milestones`` and ``complianceFlags``. Dates are ISO days.
The process instances of a project carry its ``projectId`` variable (the registration job sets it).

A project outside the person's scope answers 404 like one that does not exist, so a guessed id
tells nothing. The registry is the workers' database: this API only reads it, and answers 503
with the reason while it cannot (not configured, not yet created by the workers)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.workspace.problems import problem_response
from engine.gateway.workspace.registry_scope import RegistryScope
from engine.gateway.workspace.registry_viewer import registry_viewer
from engine.gateway.workspace.signed_in import SessionAuth
from workers.registry import tables
from workers.registry.database import open_engine
from workers.registry.records import filing_status

log = structlog.get_logger("engine.workspace")
SHANGHAI = timezone(timedelta(hours=8))


class RegistryUnavailable(Exception):
    """The registry cannot be read; the message says why, in words a person reads."""


def _today() -> date:
    return datetime.now(UTC).astimezone(SHANGHAI).date()


def _amount(value: Decimal | None) -> str | None:
    # a string keeps the fen exact, as the REST API keeps 64-bit keys as strings
    return None if value is None else f"{value:.2f}"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _filing(filing: tables.Filing, today: date) -> dict[str, Any]:
    status = filing_status(filing)
    return {
        "filingId": filing.id,
        "kind": filing.kind,
        "authority": filing.authority,
        "ruleId": filing.rule_id,
        "dueOn": _day(filing.due_on),
        "filedOn": _day(filing.filed_on),
        "status": status.value,
        "overdue": filing.filed_on is None and filing.due_on is not None and filing.due_on < today,
    }


@dataclass
class _Facts:
    """What a project summary needs besides the project row."""

    filings: list[tables.Filing] = field(default_factory=list)
    decisions: list[tables.Decision] = field(default_factory=list)
    milestones: list[tables.Milestone] = field(default_factory=list)


def _summary(project: tables.Project, facts: _Facts, today: date) -> dict[str, Any]:
    filings = facts.filings
    decision = max(facts.decisions, key=lambda d: (d.decided_on, d.id), default=None)
    milestone = max(facts.milestones, key=lambda m: (m.reached_on, m.id), default=None)
    phase = max(project.phases, key=lambda p: p.number) if project.phases else None
    due = sorted(
        (f for f in filings if f.filed_on is None and f.due_on is not None), key=lambda f: f.due_on or today
    )
    return {
        "projectId": project.id,
        "jurisdiction": project.jurisdiction,
        "name": project.name,
        "unit": project.unit,
        "projectCode": project.project_code,
        "totalInvestmentYuan": _amount(project.total_investment_yuan),
        "registeredAt": project.registered_at.isoformat(),
        "phaseNumber": phase.number if phase else None,
        "phaseStartedOn": _day(phase.started_on) if phase else None,
        "nextDeadline": _filing(due[0], today) if due else None,
        "latestDecision": _decision(decision) if decision is not None else None,
        "lastMilestone": _milestone(milestone) if milestone is not None else None,
    }


def _milestone(milestone: tables.Milestone) -> dict[str, Any]:
    return {
        "phaseNumber": milestone.phase_number,
        "kind": milestone.kind,
        "reachedOn": _day(milestone.reached_on),
    }


class RegistryReader:
    def __init__(self, url: str) -> None:
        self._url = url
        self._engine: Engine | None = None

    def _session(self) -> Session:
        if self._engine is None:
            self._engine = open_engine(self._url)
        return Session(self._engine)

    def session(self) -> Session:
        """A read session on the registry (the dossier reads its project and filings with it)."""
        return self._session()

    def projects(self, scope: RegistryScope) -> list[dict[str, Any]]:
        if scope.nothing:
            return []
        today = _today()
        try:
            with self._session() as session:
                query = select(tables.Project).order_by(
                    tables.Project.registered_at.desc(), tables.Project.id
                )
                if not scope.everything:
                    # narrowed in SQL first, then checked row by row with the same rule as one project
                    query = query.where(
                        tables.Project.jurisdiction.in_(scope.jurisdictions)
                        | (tables.Project.unit == (scope.unit or ""))
                    )
                projects = [p for p in session.scalars(query) if scope.sees(p.jurisdiction, p.unit)]
                facts: dict[str, _Facts] = {p.id: _Facts() for p in projects}
                ids = list(facts)
                if ids:
                    for filing in session.scalars(
                        select(tables.Filing).where(tables.Filing.project_id.in_(ids))
                    ):
                        facts[filing.project_id].filings.append(filing)
                    for made in session.scalars(
                        select(tables.Decision).where(tables.Decision.project_id.in_(ids))
                    ):
                        facts[made.project_id].decisions.append(made)
                    for reached in session.scalars(
                        select(tables.Milestone).where(tables.Milestone.project_id.in_(ids))
                    ):
                        facts[reached.project_id].milestones.append(reached)
                return [_summary(p, facts[p.id], today) for p in projects]
        except SQLAlchemyError as error:
            raise unavailable(error) from None

    def project(self, project_id: str, scope: RegistryScope) -> dict[str, Any] | None:
        today = _today()
        try:
            with self._session() as session:
                project = session.get(tables.Project, project_id)
                if project is None or not scope.sees(project.jurisdiction, project.unit):
                    return None
                filings = list(
                    session.scalars(
                        select(tables.Filing)
                        .where(tables.Filing.project_id == project.id)
                        .order_by(tables.Filing.id)
                    )
                )
                decisions = _rows(session, tables.Decision, project.id)
                milestones = _rows(session, tables.Milestone, project.id)
                return {
                    **_summary(project, _Facts(filings, decisions, milestones), today),
                    "phases": [{"number": p.number, "startedOn": _day(p.started_on)} for p in project.phases],
                    "applications": [_application(a) for a in _rows(session, tables.Application, project.id)],
                    "decisions": [_decision(d) for d in decisions],
                    "filings": [_filing(f, today) for f in filings],
                    "milestones": [_milestone(m) for m in milestones],
                    "complianceFlags": [
                        {"flag": f.flag, "value": f.value, "recordedOn": _day(f.recorded_on)}
                        for f in session.scalars(
                            select(tables.ComplianceFlag)
                            .where(tables.ComplianceFlag.project_id == project.id)
                            .order_by(tables.ComplianceFlag.flag)
                        )
                    ],
                }
        except SQLAlchemyError as error:
            raise unavailable(error) from None

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _rows(session: Session, table: Any, project_id: str) -> list[Any]:
    return list(session.scalars(select(table).where(table.project_id == project_id).order_by(table.id)))


def _application(application: tables.Application) -> dict[str, Any]:
    return {
        "applicationId": application.id,
        "phaseNumber": application.phase_number,
        "kind": application.kind,
        "submittedOn": _day(application.submitted_on),
        "processInstanceKey": str(application.process_instance_key)
        if application.process_instance_key
        else None,
    }


def _decision(decision: tables.Decision) -> dict[str, Any]:
    return {
        "decisionId": decision.id,
        "applicationId": decision.application_id,
        "outcome": decision.outcome,
        "authority": decision.authority,
        "decidedOn": _day(decision.decided_on),
        "ruleIds": [rule.strip() for rule in decision.rule_ids.split(",") if rule.strip()],
        "note": decision.note,
    }


def unavailable(error: SQLAlchemyError) -> RegistryUnavailable:
    log.warning("registry unreadable", error=type(error).__name__)
    if "no such table" in str(error):
        return RegistryUnavailable("项目登记库尚未建立：工作进程（python -m workers）首次启动时建立它")
    return RegistryUnavailable(f"项目登记库暂时无法读取（{type(error).__name__}），请稍后再试")


def registry_routes(auth: SessionAuth, reader: RegistryReader | None) -> list[Route]:
    async def scope(request: Request) -> RegistryScope | Response:
        return await registry_viewer(auth, request, "请在工作台登录后再查看项目")

    async def list_projects(request: Request) -> Response:
        found = await scope(request)
        if isinstance(found, Response):
            return found
        if reader is None:
            return problem_response(request, 503, "项目登记库未配置", "引擎启动时未给出 --registry-url")
        try:
            items = await asyncio.to_thread(reader.projects, found)
        except RegistryUnavailable as error:
            return problem_response(request, 503, "项目登记库不可用", str(error))
        return JSONResponse(
            {"items": items, "page": {"totalItems": len(items)}}, headers={"cache-control": "no-store"}
        )

    async def one_project(request: Request) -> Response:
        found = await scope(request)
        if isinstance(found, Response):
            return found
        if reader is None:
            return problem_response(request, 503, "项目登记库未配置", "引擎启动时未给出 --registry-url")
        project_id = request.path_params["project_id"]
        try:
            project = await asyncio.to_thread(reader.project, project_id, found)
        except RegistryUnavailable as error:
            return problem_response(request, 503, "项目登记库不可用", str(error))
        if project is None:
            return problem_response(request, 404, "项目不存在", f"登记库中没有您可查看的项目 {project_id}")
        return JSONResponse(project, headers={"cache-control": "no-store"})

    return [
        Route("/workspace/registry/projects", list_projects, methods=["GET"]),
        Route("/workspace/registry/projects/{project_id}", one_project, methods=["GET"]),
    ]
