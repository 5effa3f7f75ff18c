"""Process variables the registry job types take and return (camelCase, as the processes name them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Jurisdiction(StrEnum):
    LG = "LG"
    HY = "HY"
    LZ = "LZ"
    TH = "TH"
    YB = "YB"


class Force(StrEnum):
    """How a blocking rule binds (RULES.md §0.2): HARD blocks, SOFT needs a recorded override."""

    HARD = "HARD"
    SOFT = "SOFT"


class MilestoneKind(StrEnum):
    CONSTRUCTION_COMPLETED = "CONSTRUCTION_COMPLETED"
    ACCEPTANCE_PASSED = "ACCEPTANCE_PASSED"
    GO_LIVE = "GO_LIVE"


class ComplianceFlagName(StrEnum):
    DATA_SHARED = "DATA_SHARED"
    SECURITY_COMPLIANT = "SECURITY_COMPLIANT"
    IN_CATALOG = "IN_CATALOG"
    MIGRATED_TO_CLOUD = "MIGRATED_TO_CLOUD"


class DecisionOutcome(StrEnum):
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    RETURNED = "RETURNED"


class FilingStatus(StrEnum):
    DUE = "DUE"
    FILED = "FILED"
    FILED_LATE = "FILED_LATE"


class FilingKind(StrEnum):
    """What is filed (备案), with the rules that require it."""

    UNIT_PLAN = "UNIT_PLAN"  # LG-8-1, HY-6-1
    PROJECT = "PROJECT"  # filing-regime project: LG-14-1, HY-12-2, LZ-9-1
    CONTRACT = "CONTRACT"  # LG-19-3 (10 WD), YB-12-1 (7 WD)
    MAJOR_CHANGE = "MAJOR_CHANGE"  # TH-19-2
    CHANGE_ADJUSTMENT = "CHANGE_ADJUSTMENT"  # TH-26-1, filed with DRC
    COMPLETION_ACCEPTANCE = "COMPLETION_ACCEPTANCE"  # LG-30-2, LG-46-2, HY-25-1, TH-27-1
    SOCIAL_CAPITAL = "SOCIAL_CAPITAL"  # TH-39-1, before construction starts
    STAGE_RECORD = "STAGE_RECORD"  # LZ-4-3 全过程备案


class EligibilityQuestion(StrEnum):
    NEW_PROJECT = "NEW_PROJECT"
    NEXT_PHASE = "NEXT_PHASE"
    OM_FUNDING = "OM_FUNDING"


class Variables(BaseModel):
    """Base of every input and output: camelCase names, unknown process variables ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True)

    def to_variables(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="json")

    @classmethod
    def variable_names(cls) -> list[str]:
        return [field.alias or name for name, field in cls.model_fields.items()]


# inputs


class RegisterProject(Variables):
    jurisdiction: Jurisdiction
    project_name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=200, description="the construction unit (项目建设单位)")
    project_code: str | None = Field(default=None, max_length=64)
    total_investment_yuan: Decimal | None = Field(default=None, ge=0)
    registered_on: date | None = None


class StartPhase(Variables):
    project_id: str
    phase_number: int = Field(ge=2)
    started_on: date


class RecordApplication(Variables):
    project_id: str
    application_kind: str = Field(min_length=1, max_length=40)
    submitted_on: date
    phase_number: int = Field(default=1, ge=1)


class RecordDecision(Variables):
    project_id: str
    outcome: DecisionOutcome
    authority: str = Field(min_length=1, max_length=20, description="role code of RULES.md §1.1, e.g. ITA")
    decided_on: date
    application_id: int | None = None
    rule_ids: list[str] = []
    note: str = ""


class RecordFiling(Variables):
    """Open a filing (备案) with its due date, or mark it filed: both may come in one call."""

    project_id: str
    filing_kind: FilingKind
    authority: str = Field(default="ITA", min_length=1, max_length=20)
    rule_id: str | None = Field(default=None, max_length=20)
    due_date: date | None = None
    filed_on: date | None = None


class RecordMilestone(Variables):
    project_id: str
    milestone: MilestoneKind
    reached_on: date
    phase_number: int | None = Field(default=None, ge=1, description="the project's current phase if absent")


class RecordCompliance(Variables):
    project_id: str
    compliance: dict[ComplianceFlagName, bool] = Field(min_length=1)
    recorded_on: date


class RecordUnitIssue(Variables):
    """Open an issue of a unit (``resolvedOn`` absent) or resolve the open one with the same rule."""

    jurisdiction: Jurisdiction
    unit: str = Field(min_length=1, max_length=200)
    rule_id: str = Field(min_length=1, max_length=20)
    force: Force = Force.HARD
    description: str = ""
    opened_on: date | None = None
    resolved_on: date | None = None


class CheckEligibility(Variables):
    eligibility_question: EligibilityQuestion
    project_id: str | None = Field(default=None, description="required for NEXT_PHASE and OM_FUNDING")
    jurisdiction: Jurisdiction | None = Field(default=None, description="required for NEW_PROJECT")
    unit: str | None = Field(default=None, description="required for NEW_PROJECT")


class ListDueFilings(Variables):
    as_of: date
    within_days: int = Field(default=0, ge=0)
    jurisdiction: Jurisdiction | None = None


# outputs


class ProjectRegistered(Variables):
    project_id: str
    phase_number: int


class PhaseStarted(Variables):
    phase_number: int


class ApplicationRecorded(Variables):
    application_id: int


class DecisionRecorded(Variables):
    decision_id: int


class FilingRecorded(Variables):
    filing_id: int
    filing_status: FilingStatus
    filing_due_date: date | None


class MilestoneRecorded(Variables):
    milestone_phase_number: int


class ComplianceRecorded(Variables):
    compliance_flags: dict[ComplianceFlagName, bool]


class UnitIssueRecorded(Variables):
    unit_issue_id: int
    unit_issue_open: bool


class Blocker(Variables):
    rule_id: str
    force: Force
    reason: str


class Eligibility(Variables):
    """``eligible`` is false when any HARD rule blocks; SOFT blockers need a recorded override."""

    eligible: bool
    needs_override: bool
    blockers: list[Blocker]


class EligibilityChecked(Variables):
    eligibility: Eligibility


class DueFiling(Variables):
    filing_id: int
    project_id: str
    project_name: str
    jurisdiction: Jurisdiction
    unit: str
    filing_kind: FilingKind
    authority: str
    rule_id: str | None
    due_date: date
    overdue: bool


class DueFilingsListed(Variables):
    due_filings: list[DueFiling]
