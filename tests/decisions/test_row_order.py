"""Row order of the FIRST and RULE ORDER tables: every row is reachable, and no input a form can
submit lands on a row the text excludes (an earlier, more specific-looking row must not swallow a
case it was never meant for, as LG-54-1 once swallowed new initiatives, LG-10-3)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

DECISIONS = Path(__file__).resolve().parents[2] / "decisions"
DMN = "https://www.omg.org/spec/DMN/20191111/MODEL/"


def rule_ids(decision_id: str) -> list[str]:
    root = etree.parse(str(DECISIONS / f"{decision_id}.dmn")).getroot()
    return [str(rule.get("id")) for rule in root.iter(f"{{{DMN}}}rule")]


LG_BASE = {
    "jurisdiction": "LG",
    "usesDistrictFunds": True,
    "inScopeType": True,
    "inDistrictInvestmentPlan": True,
}

# one input per applicability row on which that row is the first match
APPLICABILITY_ROWS: dict[str, dict[str, Any]] = {
    "LG_53_1_classified_outside_measure": {**LG_BASE, "classified": True, "totalInvestmentYuan": 1},
    "LG_53_1_special_national_rules": {**LG_BASE, "specialNationalRules": True, "totalInvestmentYuan": 1},
    "TH_11_4_classified_secret_variant": {"jurisdiction": "TH", "classified": True},
    "LZ_20_1_classified_full_with_secrecy": {"jurisdiction": "LZ", "classified": True},
    "LG_2_3_excluded_types": {**LG_BASE, "excludedType": True, "totalInvestmentYuan": 1_000_000},
    "LG_14_1_upper_level_filing": {**LG_BASE, "upperLevelFunded": True, "totalInvestmentYuan": 1_000_000},
    "LG_2_2_type_not_listed": {**LG_BASE, "inScopeType": False, "totalInvestmentYuan": 1_000_000},
    "LG_54_1_not_in_investment_plan": {
        **LG_BASE,
        "inDistrictInvestmentPlan": False,
        "isNewInitiative": False,
        "totalInvestmentYuan": 1_000_000,
    },
    "LG_2_1_no_district_funds": {**LG_BASE, "usesDistrictFunds": False, "totalInvestmentYuan": 1_000_000},
    "LG_2_1_below_500_thousand": {**LG_BASE, "totalInvestmentYuan": 499_999},
    "LG_2_1_full_from_500_thousand": {**LG_BASE, "totalInvestmentYuan": 500_000},
    "HY_31_1_gov_investment_external": {
        "jurisdiction": "HY",
        "isFixedAssetGovInvestment": True,
        "budgetYuan": 1,
    },
    "HY_12_1_filing_up_to_500_thousand": {"jurisdiction": "HY", "budgetYuan": 500_000},
    "HY_11_1_approval_above_500_thousand": {"jurisdiction": "HY", "budgetYuan": 500_001},
    "LZ_2_1_full": {"jurisdiction": "YB"},
}

LZ_OK = {
    "jurisdiction": "LZ",
    "withinApprovedEstimate": True,
    "changedAmountYuan": 15,
    "approvedEstimateYuan": 100,
    "beforeProcurement": True,
    "objectiveUnchanged": True,
    "reasonInList": True,
}
TH_OK = {**LZ_OK, "jurisdiction": "TH", "changedAmountYuan": 10, "beforeProcurement": None}
HY_OK = {
    "jurisdiction": "HY",
    "changedAmountYuan": 10,
    "contractAmountYuan": 100,
    "totalAfterChangeYuan": 100,
    "priorChangeCount": 0,
}
CHANGE_ROWS: dict[str, dict[str, Any]] = {
    "LG_23_1_above_estimate_external": {"jurisdiction": "LG", "withinApprovedEstimate": False},
    "LG_24_2_cumulative_over_10_percent": {
        "jurisdiction": "LG",
        "cumulativeChangedAmountYuan": 11,
        "contractAmountYuan": 100,
    },
    "LG_24_1_joint_confirmation": {
        "jurisdiction": "LG",
        "cumulativeChangedAmountYuan": 10,
        "contractAmountYuan": 100,
    },
    "HY_21_3_changed_part_over_10_percent": {**HY_OK, "changedAmountYuan": 11},
    "HY_21_2_total_above_contract": {**HY_OK, "totalAfterChangeYuan": 101},
    "HY_21_4_second_change": {**HY_OK, "priorChangeCount": 1},
    "HY_21_1_ita_approval_fin_budget": HY_OK,
    "LZ_19_2_adjustment_before_procurement": LZ_OK,
    "LZ_19_3_reapply": {**LZ_OK, "beforeProcurement": False},
    "TH_26_1_adjustment_within_10_percent": TH_OK,
    "TH_26_2_per_law": {**TH_OK, "changedAmountYuan": 11},
    "YB_11_3_over_10_percent_reapply": {
        "jurisdiction": "YB",
        "changedAmountYuan": 11,
        "totalInvestmentYuan": 100,
        "isFixedAsset": True,
    },
    "YB_11_2_fixed_asset_with_drc": {
        "jurisdiction": "YB",
        "changedAmountYuan": 10,
        "totalInvestmentYuan": 100,
        "isFixedAsset": True,
    },
    "YB_11_2_change_note": {"jurisdiction": "YB", "changedAmountYuan": 10, "totalInvestmentYuan": 100},
}


@pytest.mark.parametrize(
    ("decision_id", "rows"), [("applicability", APPLICABILITY_ROWS), ("changeControl", CHANGE_ROWS)]
)
def test_every_row_of_a_FIRST_table_is_the_first_match_of_some_input(
    matched: Any, decision_id: str, rows: dict[str, dict[str, Any]]
) -> None:
    assert sorted(rows) == sorted(rule_ids(decision_id)), "one example per row"
    for rule_id, variables in rows.items():
        first = matched(decision_id, **variables)[:1]
        assert first == [rule_id], f"{decision_id}: {variables} lands on {first}, meant for {rule_id}"


ACCEPTANCE_INPUTS = [
    {"jurisdiction": "LG", "contractAmountYuan": 9_999_999},
    {"jurisdiction": "LG", "contractAmountYuan": 10_000_000},
    {"jurisdiction": "HY", "regime": "APPROVAL", "involvesCrypto": True},
    {"jurisdiction": "HY", "regime": "FILING"},
    {"jurisdiction": "LZ", "involvesSoftwareDev": True, "totalInvestmentYuan": 5_000_000},
    {"jurisdiction": "TH", "classified": False},
    {"jurisdiction": "TH", "classified": True},
    {"jurisdiction": "YB", "isPhasedMultiYear": False},
    {"jurisdiction": "YB", "isPhasedMultiYear": True},
]


def test_every_row_of_the_RULE_ORDER_table_is_reachable(matched: Any) -> None:
    reached = {rule for variables in ACCEPTANCE_INPUTS for rule in matched("acceptanceSequence", **variables)}
    assert sorted(set(rule_ids("acceptanceSequence")) - reached) == []


@pytest.mark.parametrize(
    ("variables", "order"),
    [
        pytest.param(
            {"jurisdiction": "LG", "contractAmountYuan": 6_000_000},
            [
                "SELF_TEST",
                "PRELIMINARY_ACCEPTANCE",
                "THIRD_PARTY_ACCEPTANCE_TEST",
                "ARCHIVE_ACCEPTANCE",
                "COMPLETION_ACCEPTANCE",
                "FILE_COMPLETION_REPORT_AND_GO_LIVE",
            ],
            id="LG-26-1 LG-27-2 LG-21-1 LG-30-1",
        ),
        pytest.param(
            {"jurisdiction": "HY", "regime": "APPROVAL"},
            [
                "PRELIMINARY_ACCEPTANCE",
                "ARCHIVE_ACCEPTANCE",
                "CONFORMITY_REVIEW",
                "ACCEPTANCE",
                "SEND_ACCEPTANCE_REPORT",
            ],
            id="HY-24-1 HY-22-1 HY-24-2 HY-25-1",
        ),
        pytest.param(
            {"jurisdiction": "TH", "classified": True},
            [
                "MLPS_AND_CRYPTO_ASSESSMENT_PASSED",
                "ARCHIVE_ACCEPTANCE",
                "COMPLETION_ACCEPTANCE_UNDER_SECRECY_RULES",
                "SECRECY_REVIEW_BEFORE_OPERATION",
                "FINAL_ACCOUNTS",
            ],
            id="TH-27-2 TH-28-1 TH-27-5 TH-29-1 TH-27-4",
        ),
    ],
)
def test_RULE_ORDER_steps_follow_the_text(decide: Any, variables: dict[str, Any], order: list[str]) -> None:
    """A gate the text puts first stays before the step it guards (e.g. archives before completion)."""
    steps = [row["step"] for row in decide("acceptanceSequence", **variables)]
    positions = [steps.index(step) for step in order]
    assert positions == sorted(positions), steps


LG_FORM_BOXES = (
    "classified",
    "specialNationalRules",
    "excludedType",
    "upperLevelFunded",
    "inScopeType",
    "usesDistrictFunds",
    "isNewInitiative",
)


def lg_form_answers() -> list[dict[str, Any]]:
    """Every combination the LG application form can submit: checkboxes true/false, the plan box
    false/true, or absent for a new initiative, amounts around the thresholds."""
    answers = []
    for values in itertools.product([False, True], repeat=len(LG_FORM_BOXES)):
        boxes = dict(zip(LG_FORM_BOXES, values, strict=True))
        # hidden for a new initiative (absent), but an earlier form version or `govit complete` sends false
        plan_answers = [None, False, True] if boxes["isNewInitiative"] else [False, True]
        for in_plan, total in itertools.product(plan_answers, [0, 499_999, 500_000, 10_000_000, 50_000_000]):
            answers.append(
                {
                    "jurisdiction": "LG",
                    **boxes,
                    "inDistrictInvestmentPlan": in_plan,
                    "totalInvestmentYuan": total,
                }
            )
    return answers


def test_LG_53_1_LG_2_3_LG_14_1_LG_10_3_LG_54_1_no_form_answer_lands_on_a_row_the_text_excludes(
    decide: Any,
) -> None:
    for answer in lg_form_answers():
        regime = decide("applicability", **answer)["regime"]
        where = f"{answer} → {regime}"
        if answer["classified"]:
            assert regime == "SPECIAL_SECRET", where  # LG-53-1 before everything
        elif answer["specialNationalRules"]:
            assert regime == "SPECIAL_RULES", where  # LG-53-1
        elif answer["excludedType"]:
            assert regime == "OUT_OF_SCOPE", where  # LG-2-3: daily O&M, pure equipment purchase
        elif answer["upperLevelFunded"]:
            assert regime == "UPPER_LEVEL_FILING", where  # LG-14-1
        elif not answer["inScopeType"]:
            assert regime == "OUT_OF_SCOPE", where  # LG-2-2
        if answer["isNewInitiative"]:
            assert regime != "TECH_REVIEW_ONLY", where  # LG-10-3: it enters the plan once 立项
        if regime == "TECH_REVIEW_ONLY":
            assert answer["inDistrictInvestmentPlan"] is False, where  # LG-54-1 only outside the plan
        if regime == "FULL":
            assert answer["usesDistrictFunds"] and answer["totalInvestmentYuan"] >= 500_000, where  # LG-2-1


def change_answers(jurisdiction: str) -> list[dict[str, Any]]:
    """Change requests as the change forms can submit them: amounts at and around each limit, every flag."""
    answers = []
    for changed, flags in itertools.product([0, 10, 11, 15, 16], itertools.product([False, True], repeat=4)):
        within, before, unchanged, listed = flags
        answers.append(
            {
                "jurisdiction": jurisdiction,
                "changedAmountYuan": changed,
                "cumulativeChangedAmountYuan": changed,
                "contractAmountYuan": 100,
                "approvedEstimateYuan": 100,
                "totalInvestmentYuan": 100,
                "totalAfterChangeYuan": 100 + changed if before else 100,
                "priorChangeCount": 1 if unchanged else 0,
                "withinApprovedEstimate": within,
                "beforeProcurement": before,
                "objectiveUnchanged": unchanged,
                "reasonInList": listed,
                "isFixedAsset": listed,
            }
        )
    return answers


@pytest.mark.parametrize("jurisdiction", ["LG", "HY", "LZ", "TH", "YB"])
def test_LG_23_1_HY_21_5_LZ_19_3_TH_26_2_YB_11_3_no_change_request_lands_on_a_row_the_text_excludes(
    decide: Any, jurisdiction: str
) -> None:
    for answer in change_answers(jurisdiction):
        out = decide("changeControl", **answer)
        assert out is not None, answer
        outcome, where = out["outcome"], f"{answer} → {out['outcome']}"
        ratio = answer["changedAmountYuan"] / 100
        if jurisdiction == "LG":
            if not answer["withinApprovedEstimate"]:
                assert outcome == "EXTERNAL_GOV_INVESTMENT_PROCEDURE", where  # LG-23-1 first
            else:
                assert outcome == (
                    "ITA_REVIEW_BEFORE_IMPLEMENTATION" if ratio > 0.10 else "JOINT_CONFIRMATION"
                ), where
        elif jurisdiction == "HY":
            breached = ratio > 0.10 or answer["totalAfterChangeYuan"] > 100 or answer["priorChangeCount"] >= 1
            assert (outcome == "MANUAL_LEGAL_REVIEW") is breached, where  # HY-21-2 … HY-21-5
        elif jurisdiction == "LZ":
            allowed = ratio <= 0.15 and all(
                answer[k]
                for k in ("withinApprovedEstimate", "beforeProcurement", "objectiveUnchanged", "reasonInList")
            )
            assert outcome == (
                "OWNER_ADJUSTMENT_APPLICATION" if allowed else "REAPPLY_AND_BUDGET_ADJUSTMENT"
            ), where
        elif jurisdiction == "TH":
            allowed = ratio <= 0.10 and all(
                answer[k] for k in ("withinApprovedEstimate", "objectiveUnchanged", "reasonInList")
            )
            assert outcome == ("ITA_FIN_REVIEW_THEN_DRC_FILING" if allowed else "PER_LAW_REAPPROVAL"), where
        elif ratio > 0.10:
            assert outcome == "REAPPLY_FULL_PROCEDURE", where  # YB-11-3 whatever the kind of project
        else:
            expected = (
                "ITA_AND_DRC_APPROVAL_WITH_CHANGE_NOTE"
                if answer["isFixedAsset"]
                else "ITA_APPROVAL_WITH_CHANGE_NOTE"
            )
            assert outcome == expected, where
