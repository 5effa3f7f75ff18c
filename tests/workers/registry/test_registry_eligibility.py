from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from workers.registry import records
from workers.registry.eligibility import FLAG_RULES, check_eligibility
from workers.registry.models import (
    CheckEligibility,
    Eligibility,
    RecordCompliance,
    RecordDecision,
    RecordFiling,
    RecordMilestone,
    RecordUnitIssue,
    RegisterProject,
    StartPhase,
)


def register(session: Session, jurisdiction: str, unit: str = "区教育局", name: str = "智慧校园") -> str:
    request = RegisterProject.model_validate(
        {"jurisdiction": jurisdiction, "projectName": name, "unit": unit}
    )
    return records.register_project(session, request).project_id


def set_flags(session: Session, project_id: str, **flags: bool) -> None:
    records.record_compliance(
        session,
        RecordCompliance.model_validate(
            {"projectId": project_id, "compliance": flags, "recordedOn": "2026-01-01"}
        ),
    )


def ask(session: Session, **values: object) -> Eligibility:
    return check_eligibility(session, CheckEligibility.model_validate(values))


def rule_ids(answer: Eligibility) -> list[str]:
    return [blocker.rule_id for blocker in answer.blockers]


def test_new_project_of_a_unit_with_compliant_systems_is_eligible(session: Session) -> None:
    existing = register(session, "LG")
    set_flags(session, existing, DATA_SHARED=True, SECURITY_COMPLIANT=True)
    answer = ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="LG", unit="区教育局")
    assert answer == Eligibility(eligible=True, needs_override=False, blockers=[])


def test_LG_47_1_and_LG_48_2_unit_system_not_sharing_and_insecure_blocks_new_project(
    session: Session,
) -> None:
    existing = register(session, "LG", name="教育资源平台")
    set_flags(session, existing, DATA_SHARED=False, SECURITY_COMPLIANT=False)
    answer = ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="LG", unit="区教育局")
    assert not answer.eligible
    assert rule_ids(answer) == ["LG-47-1", "LG-48-2"]
    assert answer.blockers[0].reason.startswith("教育资源平台：")


def test_HY_9_1_system_outside_the_catalog_blocks_only_in_principle(session: Session) -> None:
    existing = register(session, "HY")
    set_flags(session, existing, IN_CATALOG=False)
    answer = ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="HY", unit="区教育局")
    assert (answer.eligible, answer.needs_override, rule_ids(answer)) == (True, True, ["HY-9-1"])


def test_LZ_26_3_not_in_master_catalog_blocks_new_build(session: Session) -> None:
    existing = register(session, "LZ")
    set_flags(session, existing, IN_CATALOG=False, DATA_SHARED=True)
    answer = ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="LZ", unit="区教育局")
    assert (answer.eligible, rule_ids(answer)) == (False, ["LZ-26-3"])


def test_TH_12_3_system_not_migrated_to_district_cloud_blocks_new_project(session: Session) -> None:
    existing = register(session, "TH")
    set_flags(session, existing, MIGRATED_TO_CLOUD=False)
    answer = ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="TH", unit="区教育局")
    assert (answer.eligible, rule_ids(answer)) == (False, ["TH-12-3"])


def test_TH_12_2_unresolved_unit_issue_blocks_new_project_until_resolved(session: Session) -> None:
    issue = {
        "jurisdiction": "TH",
        "unit": "区住建局",
        "ruleId": "TH-12-2",
        "description": "政务信息系统未按要求整合",
    }
    records.record_unit_issue(session, RecordUnitIssue.model_validate({**issue, "openedOn": "2026-02-01"}))
    blocked = ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="TH", unit="区住建局")
    assert (blocked.eligible, rule_ids(blocked)) == (False, ["TH-12-2"])
    assert "政务信息系统未按要求整合" in blocked.blockers[0].reason
    records.record_unit_issue(session, RecordUnitIssue.model_validate({**issue, "resolvedOn": "2026-03-01"}))
    assert ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="TH", unit="区住建局").eligible


def test_flags_of_other_units_and_jurisdictions_do_not_block(session: Session) -> None:
    set_flags(session, register(session, "LG", unit="区卫健局"), DATA_SHARED=False)
    set_flags(session, register(session, "LZ", unit="区教育局"), DATA_SHARED=False)
    assert ask(session, eligibilityQuestion="NEW_PROJECT", jurisdiction="LG", unit="区教育局").eligible


def test_LG_33_1_next_phase_needs_previous_phase_acceptance(session: Session) -> None:
    project_id = register(session, "LG")
    before = ask(session, eligibilityQuestion="NEXT_PHASE", projectId=project_id)
    assert (before.eligible, before.needs_override, rule_ids(before)) == (True, True, ["LG-33-1"])
    records.record_milestone(
        session,
        RecordMilestone.model_validate(
            {"projectId": project_id, "milestone": "ACCEPTANCE_PASSED", "reachedOn": "2026-12-01"}
        ),
    )
    after = ask(session, eligibilityQuestion="NEXT_PHASE", projectId=project_id)
    assert after.blockers == []


def test_LG_33_1_acceptance_of_an_earlier_phase_does_not_count_for_the_next(session: Session) -> None:
    project_id = register(session, "LG")
    records.record_milestone(
        session,
        RecordMilestone.model_validate(
            {"projectId": project_id, "milestone": "ACCEPTANCE_PASSED", "reachedOn": "2026-12-01"}
        ),
    )
    records.start_phase(
        session, StartPhase(project_id=project_id, phase_number=2, started_on=date(2027, 1, 4))
    )
    answer = ask(session, eligibilityQuestion="NEXT_PHASE", projectId=project_id)
    assert rule_ids(answer) == ["LG-33-1"]
    assert answer.blockers[0].reason.startswith("第2期")


def test_next_phase_has_no_previous_phase_gate_outside_longgang(session: Session) -> None:
    project_id = register(session, "HY")
    assert ask(session, eligibilityQuestion="NEXT_PHASE", projectId=project_id).blockers == []


def test_LG_46_2_om_funding_needs_the_completion_acceptance_filed(session: Session) -> None:
    project_id = register(session, "LG")
    assert rule_ids(ask(session, eligibilityQuestion="OM_FUNDING", projectId=project_id)) == ["LG-46-2"]
    records.record_filing(
        session,
        RecordFiling.model_validate(
            {"projectId": project_id, "filingKind": "COMPLETION_ACCEPTANCE", "filedOn": "2026-10-10"}
        ),
    )
    assert ask(session, eligibilityQuestion="OM_FUNDING", projectId=project_id).eligible


def test_TH_12_4_and_TH_12_6_om_funding_needs_sharing_and_an_approval(session: Session) -> None:
    project_id = register(session, "TH")
    set_flags(session, project_id, DATA_SHARED=False)
    assert rule_ids(ask(session, eligibilityQuestion="OM_FUNDING", projectId=project_id)) == [
        "TH-12-4",
        "TH-12-6",
    ]
    set_flags(session, project_id, DATA_SHARED=True)
    records.record_decision(
        session,
        RecordDecision.model_validate(
            {"projectId": project_id, "outcome": "APPROVED", "authority": "ITA", "decidedOn": "2026-02-02"}
        ),
    )
    assert ask(session, eligibilityQuestion="OM_FUNDING", projectId=project_id).eligible


def test_YB_18_1_unapproved_project_gets_no_om_funds(session: Session) -> None:
    project_id = register(session, "YB")
    records.record_decision(
        session,
        RecordDecision.model_validate(
            {"projectId": project_id, "outcome": "REJECTED", "authority": "ITA", "decidedOn": "2026-02-02"}
        ),
    )
    assert rule_ids(ask(session, eligibilityQuestion="OM_FUNDING", projectId=project_id)) == ["YB-18-1"]


def test_every_flag_rule_cites_a_rule_of_its_own_jurisdiction() -> None:
    for rule in FLAG_RULES:
        assert rule.rule_id.startswith(f"{rule.jurisdiction.value}-"), rule
