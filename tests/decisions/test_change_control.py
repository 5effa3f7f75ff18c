"""changeControl: how a change request is routed, per jurisdiction and its own percentage base."""

import pytest


def lg(changed, contract=10_000_000, within=True):
    return {
        "jurisdiction": "LG",
        "cumulativeChangedAmountYuan": changed,
        "contractAmountYuan": contract,
        "withinApprovedEstimate": within,
    }


@pytest.mark.parametrize(
    ("cumulative", "outcome"),
    [
        (0, "JOINT_CONFIRMATION"),
        (999_999, "JOINT_CONFIRMATION"),
        (1_000_000, "JOINT_CONFIRMATION"),  # exactly 10%: “超过” excludes it
        (1_000_000.5, "ITA_REVIEW_BEFORE_IMPLEMENTATION"),
        (1_000_001, "ITA_REVIEW_BEFORE_IMPLEMENTATION"),
        (9_000_000, "ITA_REVIEW_BEFORE_IMPLEMENTATION"),
    ],
)
def test_LG_24_1_LG_24_2_cumulative_change_over_10_percent_of_contract_price(decide, cumulative, outcome):
    out = decide("changeControl", **lg(cumulative))
    assert out["outcome"] == outcome
    assert out["itaApprovalRequired"] is (outcome == "ITA_REVIEW_BEFORE_IMPLEMENTATION")


def test_LG_23_1_above_the_total_estimate_is_external(decide):
    out = decide("changeControl", **lg(10_000, within=False))
    assert (out["outcome"], out["drcInvolvement"]) == (
        "EXTERNAL_GOV_INVESTMENT_PROCEDURE",
        "EXTERNAL_PROCEDURE",
    )


def hy(changed, contract=1_000_000, total_after=1_000_000, prior=0):
    return {
        "jurisdiction": "HY",
        "changedAmountYuan": changed,
        "contractAmountYuan": contract,
        "totalAfterChangeYuan": total_after,
        "priorChangeCount": prior,
    }


@pytest.mark.parametrize(
    ("changed", "allowed"),
    [(99_999, True), (100_000, True), (100_000.5, False), (100_001, False), (500_000, False)],
)
def test_HY_21_3_changed_part_at_most_10_percent_of_contract(decide, changed, allowed):
    out = decide("changeControl", **hy(changed))
    if allowed:
        assert out["outcome"] == "ITA_APPROVAL_AND_FIN_BUDGET_REVIEW"
        assert out["itaApprovalRequired"] and out["finReviewRequired"]
    else:
        assert out["outcome"] == "MANUAL_LEGAL_REVIEW"
        assert out["softLimitExceeded"] is True  # 原则上: an override with justification is possible
    assert out["changeDocument"] == "change_form_hy"


@pytest.mark.parametrize(("total_after", "allowed"), [(999_999, True), (1_000_000, True), (1_000_001, False)])
def test_HY_21_2_total_after_change_within_contract(decide, total_after, allowed):
    out = decide("changeControl", **hy(50_000, total_after=total_after))
    assert (out["outcome"] == "ITA_APPROVAL_AND_FIN_BUDGET_REVIEW") is allowed


@pytest.mark.parametrize(("prior", "allowed"), [(0, True), (1, False), (2, False)])
def test_HY_21_4_at_most_one_change_application(decide, prior, allowed):
    out = decide("changeControl", **hy(50_000, prior=prior))
    assert (out["outcome"] == "ITA_APPROVAL_AND_FIN_BUDGET_REVIEW") is allowed
    assert out["softLimitExceeded"] is not allowed


def test_HY_21_1_HY_21_5_limits_exceeded_go_to_manual_legal_review(decide):
    out = decide("changeControl", **hy(200_000, total_after=1_200_000, prior=1))
    assert out["outcome"] == "MANUAL_LEGAL_REVIEW"
    assert out["reapplicationRequired"] is False


def lz(changed, estimate=1_000_000, **flags):
    base = {
        "jurisdiction": "LZ",
        "changedAmountYuan": changed,
        "approvedEstimateYuan": estimate,
        "withinApprovedEstimate": True,
        "beforeProcurement": True,
        "objectiveUnchanged": True,
        "reasonInList": True,
    }
    return {**base, **flags}


@pytest.mark.parametrize(
    ("changed", "outcome"),
    [
        (149_999, "OWNER_ADJUSTMENT_APPLICATION"),
        (150_000, "OWNER_ADJUSTMENT_APPLICATION"),  # 不超过 15%: inclusive
        (150_000.5, "REAPPLY_AND_BUDGET_ADJUSTMENT"),
        (150_001, "REAPPLY_AND_BUDGET_ADJUSTMENT"),
    ],
)
def test_LZ_19_2_LZ_19_3_adjustment_up_to_15_percent_of_estimate(decide, changed, outcome):
    assert decide("changeControl", **lz(changed))["outcome"] == outcome


@pytest.mark.parametrize(
    "flag", ["beforeProcurement", "withinApprovedEstimate", "objectiveUnchanged", "reasonInList"]
)
@pytest.mark.parametrize("value", [False, None])
def test_LZ_19_3_any_condition_missing_means_reapplication(decide, flag, value):
    out = decide("changeControl", **lz(10_000, **{flag: value}))
    assert out["outcome"] == "REAPPLY_AND_BUDGET_ADJUSTMENT"
    assert out["reapplicationRequired"] is True


def th(changed, estimate=1_000_000, **flags):
    base = {
        "jurisdiction": "TH",
        "changedAmountYuan": changed,
        "approvedEstimateYuan": estimate,
        "withinApprovedEstimate": True,
        "objectiveUnchanged": True,
        "reasonInList": True,
    }
    return {**base, **flags}


@pytest.mark.parametrize(
    ("changed", "allowed"),
    [(99_999, True), (100_000, True), (100_000.5, False), (100_001, False)],
)
def test_TH_26_1_TH_26_2_adjustment_up_to_10_percent_of_estimate(decide, changed, allowed):
    out = decide("changeControl", **th(changed))
    if allowed:
        assert out["outcome"] == "ITA_FIN_REVIEW_THEN_DRC_FILING"
        assert out["drcInvolvement"] == "FILING"
    else:
        assert out["outcome"] == "PER_LAW_REAPPROVAL"


@pytest.mark.parametrize("flag", ["withinApprovedEstimate", "objectiveUnchanged", "reasonInList"])
def test_TH_26_2_condition_not_met(decide, flag):
    assert decide("changeControl", **th(1_000, **{flag: False}))["outcome"] == "PER_LAW_REAPPROVAL"


def test_TH_26_1_no_procurement_condition_unlike_LZ(decide):
    assert (
        decide("changeControl", **th(1_000, beforeProcurement=False))["outcome"]
        == "ITA_FIN_REVIEW_THEN_DRC_FILING"
    )


@pytest.mark.parametrize(
    ("changed", "fixed", "outcome", "drc"),
    [
        (99_999, False, "ITA_APPROVAL_WITH_CHANGE_NOTE", "NONE"),
        (100_000, False, "ITA_APPROVAL_WITH_CHANGE_NOTE", "NONE"),  # A-YB-2: exactly 10% → change note
        (100_000, True, "ITA_AND_DRC_APPROVAL_WITH_CHANGE_NOTE", "APPROVAL"),
        (100_000.5, False, "REAPPLY_FULL_PROCEDURE", "NONE"),
        (100_001, True, "REAPPLY_FULL_PROCEDURE", "NONE"),
    ],
)
def test_YB_11_1_YB_11_2_YB_11_3_change_up_to_10_percent_of_investment(decide, changed, fixed, outcome, drc):
    out = decide(
        "changeControl",
        jurisdiction="YB",
        changedAmountYuan=changed,
        totalInvestmentYuan=1_000_000,
        isFixedAsset=fixed,
    )
    assert (out["outcome"], out["drcInvolvement"]) == (outcome, drc)
    assert out["reapplicationRequired"] is (outcome == "REAPPLY_FULL_PROCEDURE")
    if outcome != "REAPPLY_FULL_PROCEDURE":
        assert out["changeDocument"] == "change_note"
        assert out["itaApprovalRequired"] is True


def test_change_bases_differ_per_jurisdiction(decide):
    # the same 120,000 yuan change: 12% of a 1,000,000 contract for HY, 1.2% of a 10,000,000 estimate for TH
    assert decide("changeControl", **hy(120_000))["outcome"] == "MANUAL_LEGAL_REVIEW"
    assert (
        decide("changeControl", **th(120_000, estimate=10_000_000))["outcome"]
        == "ITA_FIN_REVIEW_THEN_DRC_FILING"
    )
