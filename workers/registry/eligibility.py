"""Job type that answers eligibility questions from the registry's facts.

The answer lists every blocking rule with its force (RULES.md §0.2): HARD blocks, SOFT blocks in
principle (原则上) and lets the process record an override with a justification. The rules are a
table, not a chain of ifs, so each row can be read against RULES.md §2 and §3.2 (DMN-6, DMN-7).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workers.errors import PermanentJobError
from workers.registry import tables
from workers.registry.models import (
    Blocker,
    CheckEligibility,
    ComplianceFlagName,
    DecisionOutcome,
    Eligibility,
    EligibilityQuestion,
    FilingKind,
    Force,
    Jurisdiction,
    MilestoneKind,
)

NEW_PROJECT = EligibilityQuestion.NEW_PROJECT
OM_FUNDING = EligibilityQuestion.OM_FUNDING
DATA_SHARED = ComplianceFlagName.DATA_SHARED
SECURITY = ComplianceFlagName.SECURITY_COMPLIANT
IN_CATALOG = ComplianceFlagName.IN_CATALOG
CLOUD = ComplianceFlagName.MIGRATED_TO_CLOUD
HARD = Force.HARD
SOFT = Force.SOFT


@dataclass(frozen=True)
class FlagRule:
    """A compliance flag recorded as false blocks ``question`` in ``jurisdiction``.

    For a new project the flags of every system the unit already runs in the jurisdiction count;
    for O&M funding the flags of the project itself.
    """

    question: EligibilityQuestion
    jurisdiction: Jurisdiction
    flag: ComplianceFlagName
    rule_id: str
    force: Force
    reason: str


J = Jurisdiction
FLAG_RULES: tuple[FlagRule, ...] = (
    FlagRule(
        NEW_PROJECT, J.LG, DATA_SHARED, "LG-47-1", HARD, "已建系统未按要求共享数据，不得新建、改建、扩建"
    ),
    FlagRule(
        NEW_PROJECT, J.LG, SECURITY, "LG-48-2", HARD, "已建系统不符合网络安全要求，不得新建、改建、扩建"
    ),
    FlagRule(NEW_PROJECT, J.HY, IN_CATALOG, "HY-9-1", SOFT, "已建系统未纳入政务信息系统目录，原则上不予立项"),
    FlagRule(NEW_PROJECT, J.HY, DATA_SHARED, "HY-9-2", SOFT, "已建系统未按要求共享数据，原则上不予立项"),
    FlagRule(
        NEW_PROJECT, J.HY, SECURITY, "HY-9-3", SOFT, "已建系统不符合密码应用和网络安全要求，原则上不予立项"
    ),
    FlagRule(
        NEW_PROJECT, J.LZ, DATA_SHARED, "LZ-26-2", HARD, "已建系统数据未按要求汇聚、共享、开放，不得自行新建"
    ),
    FlagRule(
        NEW_PROJECT, J.LZ, IN_CATALOG, "LZ-26-3", HARD, "已建项目未纳入政务信息化项目总目录，不得新建、扩建"
    ),
    FlagRule(
        NEW_PROJECT, J.LZ, SECURITY, "LZ-26-4", HARD, "已建系统不符合密码应用和网络安全要求，不得新建、扩建"
    ),
    FlagRule(NEW_PROJECT, J.TH, CLOUD, "TH-12-3", HARD, "已建系统未按时迁移上区政务云，不得申报新项目"),
    FlagRule(OM_FUNDING, J.LG, DATA_SHARED, "LG-47-1", HARD, "系统未按要求共享数据，不予安排运维经费"),
    FlagRule(OM_FUNDING, J.LG, SECURITY, "LG-48-2", HARD, "系统不符合网络安全要求，不予安排运维经费"),
    FlagRule(OM_FUNDING, J.HY, IN_CATALOG, "HY-9-1", SOFT, "系统未纳入政务信息系统目录，原则上不予运维立项"),
    FlagRule(OM_FUNDING, J.HY, DATA_SHARED, "HY-9-2", SOFT, "系统未按要求共享数据，原则上不予运维立项"),
    FlagRule(
        OM_FUNDING, J.HY, SECURITY, "HY-9-3", SOFT, "系统不符合密码应用和网络安全要求，原则上不予运维立项"
    ),
    FlagRule(
        OM_FUNDING, J.LZ, DATA_SHARED, "LZ-26-2", HARD, "数据未按要求汇聚、共享、开放，不予安排运维经费"
    ),
    FlagRule(
        OM_FUNDING, J.LZ, IN_CATALOG, "LZ-26-3", HARD, "项目未纳入政务信息化项目总目录，不予安排运维经费"
    ),
    FlagRule(OM_FUNDING, J.LZ, SECURITY, "LZ-26-4", HARD, "不符合密码应用和网络安全要求，不予安排运维经费"),
    FlagRule(OM_FUNDING, J.TH, DATA_SHARED, "TH-12-4", HARD, "公共数据未按要求共享、更新，不得安排运维经费"),
)

# O&M funding needs an approval on record (TH-12-6, YB-18-1) or a filed completion acceptance (LG-46-2).
APPROVAL_REQUIRED_FOR_OM: dict[Jurisdiction, tuple[str, str]] = {
    J.TH: ("TH-12-6", "项目未经本办法规定的审批程序，不得安排资金"),
    J.YB: ("YB-18-1", "项目未审核通过，不得使用资金"),
}
COMPLETION_FILING_REQUIRED_FOR_OM: dict[Jurisdiction, tuple[str, str]] = {
    J.LG: ("LG-46-2", "未完成竣工验收备案，不予拨付运维经费"),
}
# A continuing phased project's next phase needs the previous phase accepted (LG-33-1, SOFT).
PREVIOUS_PHASE_ACCEPTED: dict[Jurisdiction, tuple[str, Force, str]] = {
    J.LG: ("LG-33-1", SOFT, "上一期项目未通过竣工验收，原则上不予审批下一期项目的申报和建设"),
}


def check_eligibility(session: Session, request: CheckEligibility) -> Eligibility:
    if request.eligibility_question is EligibilityQuestion.NEW_PROJECT:
        if request.jurisdiction is None or request.unit is None:
            raise PermanentJobError(
                "管辖区 (jurisdiction) 和建设单位 (unit)：查询新项目资格（NEW_PROJECT）时均须填写"
            )
        blockers = new_project_blockers(session, request.jurisdiction, request.unit)
    else:
        if request.project_id is None:
            raise PermanentJobError(
                f"项目编号 (projectId) 缺失：查询 {request.eligibility_question.value} 时须填写"
            )
        project = session.get(tables.Project, request.project_id)
        if project is None:
            raise PermanentJobError(f"项目编号 (projectId) {request.project_id!r}：项目库中没有该项目")
        if request.eligibility_question is EligibilityQuestion.NEXT_PHASE:
            blockers = next_phase_blockers(session, project)
        else:
            blockers = om_funding_blockers(session, project)
    return Eligibility(
        eligible=not any(b.force is HARD for b in blockers),
        needs_override=any(b.force is SOFT for b in blockers),
        blockers=blockers,
    )


def new_project_blockers(session: Session, jurisdiction: Jurisdiction, unit: str) -> list[Blocker]:
    """Blockers on a new project of ``unit``: its systems' flags, its open issues (TH-12)."""
    systems = session.scalars(
        select(tables.Project)
        .where(tables.Project.jurisdiction == jurisdiction.value, tables.Project.unit == unit)
        .order_by(tables.Project.registered_at)
    ).all()
    blockers = [blocker for project in systems for blocker in _flag_blockers(session, project, NEW_PROJECT)]
    issues = session.scalars(
        select(tables.UnitIssue)
        .where(
            tables.UnitIssue.jurisdiction == jurisdiction.value,
            tables.UnitIssue.unit == unit,
            tables.UnitIssue.resolved_on.is_(None),
        )
        .order_by(tables.UnitIssue.id)
    ).all()
    blockers += [
        Blocker(
            rule_id=issue.rule_id,
            force=Force(issue.force),
            reason=f"单位存在未整改问题（{issue.opened_on.isoformat()}起）：{issue.description}",
        )
        for issue in issues
    ]
    return blockers


def next_phase_blockers(session: Session, project: tables.Project) -> list[Blocker]:
    rule = PREVIOUS_PHASE_ACCEPTED.get(Jurisdiction(project.jurisdiction))
    if rule is None:
        return []
    rule_id, force, reason = rule
    phase = max(project.phases, key=lambda p: p.number)
    accepted = session.scalars(
        select(tables.Milestone).where(
            tables.Milestone.project_id == project.id,
            tables.Milestone.phase_number == phase.number,
            tables.Milestone.kind == MilestoneKind.ACCEPTANCE_PASSED.value,
        )
    ).one_or_none()
    if accepted is not None:
        return []
    return [Blocker(rule_id=rule_id, force=force, reason=f"第{phase.number}期：{reason}")]


def om_funding_blockers(session: Session, project: tables.Project) -> list[Blocker]:
    jurisdiction = Jurisdiction(project.jurisdiction)
    blockers = _flag_blockers(session, project, OM_FUNDING)
    if jurisdiction in APPROVAL_REQUIRED_FOR_OM:
        approved = session.scalars(
            select(tables.Decision).where(
                tables.Decision.project_id == project.id,
                tables.Decision.outcome == DecisionOutcome.APPROVED.value,
            )
        ).first()
        if approved is None:
            rule_id, reason = APPROVAL_REQUIRED_FOR_OM[jurisdiction]
            blockers.append(Blocker(rule_id=rule_id, force=HARD, reason=reason))
    if jurisdiction in COMPLETION_FILING_REQUIRED_FOR_OM:
        filed = session.scalars(
            select(tables.Filing).where(
                tables.Filing.project_id == project.id,
                tables.Filing.kind == FilingKind.COMPLETION_ACCEPTANCE.value,
                tables.Filing.filed_on.is_not(None),
            )
        ).first()
        if filed is None:
            rule_id, reason = COMPLETION_FILING_REQUIRED_FOR_OM[jurisdiction]
            blockers.append(Blocker(rule_id=rule_id, force=HARD, reason=reason))
    return blockers


def _flag_blockers(session: Session, project: tables.Project, question: EligibilityQuestion) -> list[Blocker]:
    failing = {
        ComplianceFlagName(flag.flag)
        for flag in session.scalars(
            select(tables.ComplianceFlag).where(
                tables.ComplianceFlag.project_id == project.id, tables.ComplianceFlag.value.is_(False)
            )
        )
    }
    return [
        Blocker(rule_id=rule.rule_id, force=rule.force, reason=f"{project.name}：{rule.reason}")
        for rule in FLAG_RULES
        if rule.question is question
        and rule.jurisdiction.value == project.jurisdiction
        and rule.flag in failing
    ]
