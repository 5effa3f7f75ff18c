"""applicability: is the project under the measure, and under which regime (RULES.md DMN-1)."""

import pytest

LG_IN_PLAN = {"inDistrictInvestmentPlan": True, "usesDistrictFunds": True, "inScopeType": True}


def lg(total, **extra):
    return {"jurisdiction": "LG", "totalInvestmentYuan": total, **LG_IN_PLAN, **extra}


@pytest.mark.parametrize(
    ("total", "regime", "in_scope"),
    [
        (0, "OUT_OF_SCOPE", False),
        (499_999, "OUT_OF_SCOPE", False),
        (499_999.5, "OUT_OF_SCOPE", False),
        (500_000, "FULL", True),
        (500_000.5, "FULL", True),
        (500_001, "FULL", True),
        (80_000_000, "FULL", True),
    ],
)
def test_LG_2_1_district_funded_from_500_thousand_yuan(decide, total, regime, in_scope):
    out = decide("applicability", **lg(total))
    assert (out["regime"], out["inScope"]) == (regime, in_scope)


def test_LG_2_1_no_district_funds_is_out_of_scope(decide):
    assert decide("applicability", **lg(5_000_000, usesDistrictFunds=False))["regime"] == "OUT_OF_SCOPE"


def test_LG_2_2_unlisted_project_type_is_out_of_scope(decide):
    assert decide("applicability", **lg(5_000_000, inScopeType=False))["regime"] == "OUT_OF_SCOPE"
    assert decide("applicability", **lg(5_000_000, inScopeType=True))["regime"] == "FULL"


@pytest.mark.parametrize("jurisdiction", ["LG", "LZ", "TH", "YB"])
def test_LG_2_3_LZ_2_2_TH_3_1_YB_2_2_excluded_types(decide, jurisdiction):
    out = decide("applicability", **lg(5_000_000, jurisdiction=jurisdiction, excludedType=True))
    assert (out["regime"], out["inScope"]) == ("OUT_OF_SCOPE", False)


def test_HY_2_1_has_no_exclusion_list(decide):
    out = decide("applicability", jurisdiction="HY", excludedType=True, budgetYuan=2_000_000)
    assert out["regime"] == "APPROVAL"


@pytest.mark.parametrize("jurisdiction", ["LG", "HY", "YB"])
def test_LG_53_1_HY_5_1_YB_19_1_classified_outside_the_measure(decide, jurisdiction):
    out = decide("applicability", **lg(5_000_000, jurisdiction=jurisdiction, classified=True, budgetYuan=1))
    assert out == {"regime": "SPECIAL_SECRET", "inScope": False, "followsSecrecyRules": True}


@pytest.mark.parametrize("jurisdiction", ["LG", "YB"])
def test_LG_53_1_YB_19_1_special_national_rules(decide, jurisdiction):
    out = decide("applicability", **lg(5_000_000, jurisdiction=jurisdiction, specialNationalRules=True))
    assert (out["regime"], out["inScope"]) == ("SPECIAL_RULES", False)


def test_TH_11_4_TH_13_1_TH_27_5_classified_stays_in_with_secrecy_variant(decide):
    out = decide("applicability", jurisdiction="TH", classified=True)
    assert out == {"regime": "FULL_SECRET_VARIANT", "inScope": True, "followsSecrecyRules": True}


def test_LZ_20_1_classified_full_procedure_plus_secrecy_law(decide):
    out = decide("applicability", jurisdiction="LZ", classified=True)
    assert out == {"regime": "FULL", "inScope": True, "followsSecrecyRules": True}


def test_LG_14_1_upper_level_funded_is_filing_only(decide):
    out = decide("applicability", **lg(80_000_000, upperLevelFunded=True))
    assert (out["regime"], out["inScope"]) == ("UPPER_LEVEL_FILING", True)


@pytest.mark.parametrize("total", [100_000, 499_999, 500_000, 60_000_000])
def test_LG_54_1_not_in_investment_plan_is_technical_review_whatever_the_amount(decide, total):
    # reading A-LG-13: the technical-review-only variant applies below 50万 as well
    out = decide("applicability", **lg(total, inDistrictInvestmentPlan=False))
    assert (out["regime"], out["inScope"]) == ("TECH_REVIEW_ONLY", True)


def test_LG_15_1_social_capital_co_investment_keeps_the_full_procedure(decide):
    out = decide("applicability", **lg(3_000_000, socialCapitalCoInvest=True))
    assert out["regime"] == "FULL"


@pytest.mark.parametrize(
    ("budget", "regime"),
    [
        (1, "FILING"),
        (499_999, "FILING"),
        (499_999.5, "FILING"),
        (500_000, "FILING"),  # A-HY-2: “50万元以下” includes 500,000 yuan
        (500_000.5, "APPROVAL"),
        (500_001, "APPROVAL"),
        (30_000_000, "APPROVAL"),
    ],
)
def test_HY_12_1_HY_11_1_filing_up_to_500_thousand_yuan(decide, budget, regime):
    out = decide("applicability", jurisdiction="HY", budgetYuan=budget)
    assert (out["regime"], out["inScope"]) == (regime, True)


def test_HY_31_1_fixed_asset_gov_investment_goes_external(decide):
    out = decide("applicability", jurisdiction="HY", budgetYuan=100_000, isFixedAssetGovInvestment=True)
    assert out["regime"] == "GOV_INVESTMENT_EXTERNAL"


@pytest.mark.parametrize("jurisdiction", ["LZ", "TH", "YB"])
@pytest.mark.parametrize("total", [1, 499_999, 500_000, 100_000_000])
def test_LZ_2_1_LZ_9_5_TH_2_1_TH_38_1_YB_2_1_no_amount_threshold(decide, jurisdiction, total):
    out = decide("applicability", jurisdiction=jurisdiction, totalInvestmentYuan=total)
    assert out == {"regime": "FULL", "inScope": True, "followsSecrecyRules": False}
