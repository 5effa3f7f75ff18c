"""Process variables the registry job types take and return (camelCase, as the processes name them)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic.alias_generators import to_camel

from workers.job_variables import Expects

SHANGHAI = ZoneInfo("Asia/Shanghai")


def calendar_day(value: Any) -> Any:
    """The Shanghai calendar day of a date-time; dates and other values pass through unchanged.

    Processes carry days as ISO dates (FEEL ``today()``) but also as date-times: FEEL ``now()``
    (``2026-06-01T10:00:00+08:00[Asia/Shanghai]``) or a due date from the deadlines worker.
    """
    if isinstance(value, str) and len(value.strip()) > 10:
        text = value.strip()
        text = text[: text.index("[")] if text.endswith("]") and "[" in text else text
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return value  # pydantic reports the variable as not a valid date
    if isinstance(value, datetime):
        return (value if value.tzinfo is None else value.astimezone(SHANGHAI)).date()
    return value


ProcessDate = Annotated[date, BeforeValidator(calendar_day), Expects("日期 YYYY-MM-DD（或日期时间）")]
"""A calendar day given as an ISO date or any ISO date-time (its day in Asia/Shanghai)."""


def _json_number(amount: Decimal) -> int | float:
    # a JSON number, so FEEL compares it with numbers (a string would not); float is exact to the
    # fen far beyond any project budget
    return int(amount) if amount == amount.to_integral_value() else float(amount)


Yuan = Annotated[Decimal, PlainSerializer(_json_number, when_used="json")]
"""An amount in yuan (not 万元, RULES.md §0.3); a JSON number in process variables."""


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
    CRYPTO_ASSESSMENT = "CRYPTO_ASSESSMENT"  # LZ-22-1 密码应用方案及评估报告 filed with CRYPTO


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
    project_name: str = Field(min_length=1, max_length=200, title="项目名称")
    unit: str = Field(
        min_length=1, max_length=200, description="the construction unit (项目建设单位)", title="建设单位"
    )
    project_code: str | None = Field(default=None, max_length=64, title="项目代码")
    total_investment_yuan: Yuan | None = Field(default=None, ge=0, title="总投资（元）")
    registered_on: ProcessDate | None = Field(default=None, title="登记日期")


class StartPhase(Variables):
    project_id: str = Field(title="项目编号")
    phase_number: int = Field(ge=2, title="期次")
    started_on: ProcessDate = Field(title="开始日期")


class RecordApplication(Variables):
    project_id: str = Field(title="项目编号")
    application_kind: str = Field(min_length=1, max_length=40, title="申报类别")
    submitted_on: ProcessDate = Field(title="申报日期")
    phase_number: int = Field(default=1, ge=1)


class RecordDecision(Variables):
    project_id: str = Field(title="项目编号")
    outcome: DecisionOutcome = Field(title="决定结果")
    authority: str = Field(
        min_length=1, max_length=20, description="role code of RULES.md §1.1, e.g. ITA", title="决定部门"
    )
    decided_on: ProcessDate = Field(title="决定日期")
    application_id: int | None = None
    rule_ids: list[str] = []
    note: str = ""


class RecordFiling(Variables):
    """Open a filing (备案) with its due date, or mark it filed: both may come in one call."""

    project_id: str = Field(title="项目编号")
    filing_kind: FilingKind = Field(title="备案类别")
    authority: str = Field(default="ITA", min_length=1, max_length=20, title="备案部门")
    rule_id: str | None = Field(default=None, max_length=20, title="规则编号")
    due_date: ProcessDate | None = Field(default=None, title="备案期限")
    filed_on: ProcessDate | None = Field(default=None, title="备案日期")


class RecordMilestone(Variables):
    project_id: str = Field(title="项目编号")
    milestone: MilestoneKind = Field(title="节点")
    reached_on: ProcessDate = Field(title="达到日期")
    phase_number: int | None = Field(default=None, ge=1, description="the project's current phase if absent")


class RecordCompliance(Variables):
    project_id: str = Field(title="项目编号")
    compliance: dict[ComplianceFlagName, bool] = Field(min_length=1, title="合规情况")
    recorded_on: ProcessDate = Field(title="记录日期")


class RecordUnitIssue(Variables):
    """Open an issue of a unit (``resolvedOn`` absent) or resolve the open one with the same rule."""

    jurisdiction: Jurisdiction
    unit: str = Field(min_length=1, max_length=200)
    rule_id: str = Field(min_length=1, max_length=20)
    force: Force = Force.HARD
    description: str = ""
    opened_on: ProcessDate | None = Field(default=None, title="发现日期")
    resolved_on: ProcessDate | None = Field(default=None, title="整改完成日期")


class CheckEligibility(Variables):
    eligibility_question: EligibilityQuestion
    project_id: str | None = Field(default=None, description="required for NEXT_PHASE and OM_FUNDING")
    jurisdiction: Jurisdiction | None = Field(default=None, description="required for NEW_PROJECT")
    unit: str | None = Field(default=None, description="required for NEW_PROJECT")


class GetProject(Variables):
    project_id: str = Field(title="项目编号")


class ListDueFilings(Variables):
    as_of: ProcessDate = Field(title="查询日期")
    within_days: int = Field(default=0, ge=0, title="天数")
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
    filing_due_date: ProcessDate | None


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
    due_date: ProcessDate
    overdue: bool


class DueFilingsListed(Variables):
    due_filings: list[DueFiling]


class FilingSummary(Variables):
    filing_id: int
    filing_kind: FilingKind
    authority: str
    rule_id: str | None
    status: FilingStatus
    due_date: ProcessDate | None
    filed_on: ProcessDate | None


class ProjectFacts(Variables):
    """What the registry knows of a project, for a process that starts from its id."""

    project_id: str
    jurisdiction: Jurisdiction
    project_name: str
    unit: str
    project_code: str | None
    total_investment_yuan: Yuan | None
    phase_number: int = Field(description="the current (latest) phase")
    milestones: dict[MilestoneKind, ProcessDate] = Field(description="milestones of the current phase")
    compliance_flags: dict[ComplianceFlagName, bool]
    filings: list[FilingSummary]


class ProjectFound(Variables):
    project: ProjectFacts
