"""The registry's job types as a pyzeebe router: validate the variables, run one transaction, return.

A variable the model refuses is an incident at once that names it in words (workers/job_variables.py):
retrying cannot mend a date the process mapped wrongly.
"""

# No ``from __future__ import annotations`` here: pyzeebe finds the job parameter by comparing the
# annotation object with ``Job``, which a string annotation would not match.

from collections.abc import Callable
from typing import Any, cast

from pyzeebe import Job, ZeebeTaskRouter
from sqlalchemy.orm import Session, sessionmaker

from workers.job_variables import read_job_variables
from workers.registry import due_filings, eligibility, projects, records
from workers.registry.database import open_registry
from workers.registry.models import (
    CheckEligibility,
    EligibilityChecked,
    GetProject,
    ListDueFilings,
    ProjectFound,
    RecordApplication,
    RecordCompliance,
    RecordDecision,
    RecordFiling,
    RecordMilestone,
    RecordUnitIssue,
    RegisterProject,
    StartPhase,
    Variables,
)
from workers.registry.settings import RegistrySettings

Handler = Callable[..., dict[str, Any]]

JOB_TYPES = (
    "govit.registry.register-project",
    "govit.registry.start-phase",
    "govit.registry.record-application",
    "govit.registry.record-decision",
    "govit.registry.record-filing",
    "govit.registry.record-milestone",
    "govit.registry.record-compliance",
    "govit.registry.record-unit-issue",
    "govit.registry.check-eligibility",
    "govit.registry.list-due-filings",
    "govit.registry.get-project",
)


def create_router(settings: RegistrySettings | None = None) -> ZeebeTaskRouter:
    """Open (and migrate) the registry database and register every registry job type on a router."""
    settings = settings or RegistrySettings.from_env()
    return registry_router(open_registry(settings.url))


def registry_router(sessions: sessionmaker[Session]) -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()

    def task(job_type: str, request_model: type[Variables]) -> Callable[[Handler], Handler]:
        decorator = router.task(job_type, variables_to_fetch=request_model.variable_names())
        return cast(Callable[[Handler], Handler], decorator)

    @task("govit.registry.register-project", RegisterProject)
    def register_project(job: Job, **variables: Any) -> dict[str, Any]:
        request = read_job_variables(RegisterProject, variables)
        with sessions.begin() as session:
            return records.register_project(
                session, request, source_key=job.element_instance_key
            ).to_variables()

    @task("govit.registry.start-phase", StartPhase)
    def start_phase(**variables: Any) -> dict[str, Any]:
        request = read_job_variables(StartPhase, variables)
        with sessions.begin() as session:
            return records.start_phase(session, request).to_variables()

    @task("govit.registry.record-application", RecordApplication)
    def record_application(job: Job, **variables: Any) -> dict[str, Any]:
        request = read_job_variables(RecordApplication, variables)
        with sessions.begin() as session:
            recorded = records.record_application(session, request, source_key=job.element_instance_key)
            return recorded.to_variables()

    @task("govit.registry.record-decision", RecordDecision)
    def record_decision(job: Job, **variables: Any) -> dict[str, Any]:
        request = read_job_variables(RecordDecision, variables)
        with sessions.begin() as session:
            return records.record_decision(
                session, request, source_key=job.element_instance_key
            ).to_variables()

    @task("govit.registry.record-filing", RecordFiling)
    def record_filing(job: Job, **variables: Any) -> dict[str, Any]:
        request = read_job_variables(RecordFiling, variables)
        with sessions.begin() as session:
            return records.record_filing(session, request, source_key=job.element_instance_key).to_variables()

    @task("govit.registry.record-milestone", RecordMilestone)
    def record_milestone(**variables: Any) -> dict[str, Any]:
        request = read_job_variables(RecordMilestone, variables)
        with sessions.begin() as session:
            return records.record_milestone(session, request).to_variables()

    @task("govit.registry.record-compliance", RecordCompliance)
    def record_compliance(**variables: Any) -> dict[str, Any]:
        request = read_job_variables(RecordCompliance, variables)
        with sessions.begin() as session:
            return records.record_compliance(session, request).to_variables()

    @task("govit.registry.record-unit-issue", RecordUnitIssue)
    def record_unit_issue(job: Job, **variables: Any) -> dict[str, Any]:
        request = read_job_variables(RecordUnitIssue, variables)
        with sessions.begin() as session:
            recorded = records.record_unit_issue(session, request, source_key=job.element_instance_key)
            return recorded.to_variables()

    @task("govit.registry.check-eligibility", CheckEligibility)
    def check_eligibility(**variables: Any) -> dict[str, Any]:
        request = read_job_variables(CheckEligibility, variables)
        with sessions.begin() as session:
            answer = eligibility.check_eligibility(session, request)
            return EligibilityChecked(eligibility=answer).to_variables()

    @task("govit.registry.list-due-filings", ListDueFilings)
    def list_due_filings(**variables: Any) -> dict[str, Any]:
        request = read_job_variables(ListDueFilings, variables)
        with sessions.begin() as session:
            return due_filings.list_due_filings(session, request).to_variables()

    @task("govit.registry.get-project", GetProject)
    def get_project(**variables: Any) -> dict[str, Any]:
        request = read_job_variables(GetProject, variables)
        with sessions.begin() as session:
            return ProjectFound(project=projects.project_facts(session, request)).to_variables()

    return router
