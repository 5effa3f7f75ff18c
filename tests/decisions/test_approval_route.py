"""approvalRoute_<region>: the steps of 立项 / approval the gateways ask (`=route.needsFeasibilityStudy`).

Each region's process calls its own table; ``route`` picks it from the ``jurisdiction`` the
process carries, as the region's business rule task does by its decision id."""

import pytest

FLAGS = (
    "needsProposal",
    "needsLeaderTopicMeeting",
    "needsFeasibilityStudy",
    "proposalCarriesFeasibilityContent",
    "needsPreliminaryDesign",
    "needsCryptoReview",
    "needsFundReview",
    "needsExpertReview",
    "needsDrcProjectApproval",
    "needsGovDeliberation",
    "needsLocalAuthorityFiling",
    "needsProjectCode",
    "needsSocialCapitalFiling",
)


def route(decide, **variables):
    """The region's approval route, evaluated by the table its process calls."""
    return decide(f"approvalRoute_{variables['jurisdiction']}", **variables)


def raised(out):
    """The flags a route raises, so each test states the whole route, not one flag."""
    return {flag for flag in FLAGS if out[flag]}


def lg(total, new_initiative):
    return {
        "jurisdiction": "LG",
        "regime": "FULL",
        "totalInvestmentYuan": total,
        "isNewInitiative": new_initiative,
    }


@pytest.mark.parametrize(
    ("total", "fsr"),
    [
        (49_999_999, False),
        (49_999_999.5, False),
        (50_000_000, True),
        (50_000_000.5, True),
        (50_000_001, True),
    ],
)
@pytest.mark.parametrize("new_initiative", [True, False])
def test_LG_11_1_feasibility_study_at_50_million(decide, total, fsr, new_initiative):
    out = route(decide, **lg(total, new_initiative))
    assert out["needsFeasibilityStudy"] is fsr
    assert out["needsPreliminaryDesign"] is True  # LG-12-1: every project, FSR or not
    assert out["approvalAuthority"] == "DRC"


@pytest.mark.parametrize(
    ("total", "meeting"),
    [(9_999_999, False), (9_999_999.5, False), (10_000_000, True), (10_000_001, True), (60_000_000, True)],
)
def test_LG_10_5_leader_topic_meeting_for_new_initiatives_from_10_million(decide, total, meeting):
    assert route(decide, **lg(total, True))["needsLeaderTopicMeeting"] is meeting
    # only new initiatives: a continuing project of the same size needs no topic meeting
    assert route(decide, **lg(total, False))["needsLeaderTopicMeeting"] is False


@pytest.mark.parametrize("total", [500_000, 9_999_999, 10_000_000, 49_999_999])
def test_LG_10_2_LG_10_3_LG_10_4_LG_10_7_new_initiative_below_50_million(decide, total):
    out = route(decide, **lg(total, True))
    assert out["route"] == "LG_NEW_INITIATIVE"
    assert {"needsProposal", "needsDrcProjectApproval", "proposalCarriesFeasibilityContent"} <= raised(out)
    assert out["needsFeasibilityStudy"] is False


def test_LG_10_7_proposal_carries_no_feasibility_content_once_an_fsr_exists(decide):
    out = route(decide, **lg(50_000_000, True))
    assert out["proposalCarriesFeasibilityContent"] is False
    assert raised(out) == {
        "needsProposal",
        "needsLeaderTopicMeeting",
        "needsFeasibilityStudy",
        "needsPreliminaryDesign",
        "needsExpertReview",
        "needsDrcProjectApproval",
    }


@pytest.mark.parametrize("new_initiative", [False, None])
def test_LG_12_1_LG_12_6_LG_12_8_continuing_project_route(decide, new_initiative):
    out = route(decide, **lg(3_000_000, new_initiative))
    assert out["route"] == "LG_STANDARD"
    assert raised(out) == {"needsPreliminaryDesign", "needsExpertReview"}
    assert out["approvalAuthority"] == "DRC"


def test_LG_11_4_LG_11_5_continuing_fsr_then_preliminary_design(decide):
    out = route(decide, **lg(50_000_000, False))
    assert raised(out) == {"needsFeasibilityStudy", "needsPreliminaryDesign", "needsExpertReview"}


def test_LG_14_1_upper_level_filing_route(decide):
    out = route(decide, jurisdiction="LG", regime="UPPER_LEVEL_FILING", totalInvestmentYuan=80_000_000)
    assert out["route"] == "LG_UPPER_LEVEL_FILING"
    assert raised(out) == set()
    assert out["approvalAuthority"] == "ITA"


def test_LG_54_1_technical_review_route(decide):
    out = route(decide, jurisdiction="LG", regime="TECH_REVIEW_ONLY", totalInvestmentYuan=80_000_000)
    assert out["route"] == "LG_TECH_REVIEW_ONLY"
    assert out["needsDrcProjectApproval"] is False
    assert out["approvalAuthority"] == "ITA"


@pytest.mark.parametrize("crypto", [True, False, None])
def test_HY_11_1_HY_11_4_HY_11_6_HY_11_7_HY_11_8_approval_regime(decide, crypto):
    out = route(decide, jurisdiction="HY", regime="APPROVAL", involvesCrypto=crypto)
    assert out["route"] == "HY_APPROVAL"
    assert out["needsFundReview"] is True
    assert out["needsCryptoReview"] is (crypto is True)
    assert out["approvalAuthority"] == "ITA"


@pytest.mark.parametrize("crypto", [True, False])
def test_HY_12_2_HY_12_3_filing_regime_skips_the_fund_review(decide, crypto):
    out = route(decide, jurisdiction="HY", regime="FILING", involvesCrypto=crypto)
    assert out["route"] == "HY_FILING"
    assert out["needsFundReview"] is False
    assert out["needsCryptoReview"] is crypto


def test_HY_12_1_boundary_through_applicability_and_route(decide):
    for budget, expected in ((500_000, "HY_FILING"), (500_001, "HY_APPROVAL")):
        regime = decide("applicability", jurisdiction="HY", budgetYuan=budget)["regime"]
        assert route(decide, jurisdiction="HY", regime=regime)["route"] == expected


def test_HY_31_1_external_route(decide):
    out = route(decide, jurisdiction="HY", regime="GOV_INVESTMENT_EXTERNAL")
    assert (out["route"], out["approvalAuthority"]) == ("HY_GOV_INVESTMENT_EXTERNAL", "EXTERNAL")


@pytest.mark.parametrize(
    ("category", "authority", "local_filing"),
    [
        pytest.param("GOVERNANCE", "ITA_FIN", False, id="LZ-9-2 governance"),
        pytest.param("PUBLIC_SERVICE", "APPRV", False, id="LZ-9-3 public service"),
        pytest.param("MARKET_OPERATION", "ITA_FIN", True, id="LZ-9-4 market operation"),
    ],
)
def test_LZ_8_1_LZ_9_1_category_routes(decide, category, authority, local_filing):
    out = route(decide, jurisdiction="LZ", lzCategory=category, involvesGovInvestment=False)
    assert out["route"] == f"LZ_{category}"
    assert out["approvalAuthority"] == authority
    assert out["needsLocalAuthorityFiling"] is local_filing
    assert out["needsDrcProjectApproval"] is False


@pytest.mark.parametrize("category", ["GOVERNANCE", "PUBLIC_SERVICE", "MARKET_OPERATION"])
def test_LZ_4_1_government_investment_goes_through_drc_and_apprv(decide, category):
    out = route(decide, jurisdiction="LZ", lzCategory=category, involvesGovInvestment=True)
    assert out["needsDrcProjectApproval"] is True
    assert out["approvalAuthority"] == "APPRV"


@pytest.mark.parametrize(
    ("in_city_plan", "urgent", "proposal"),
    [
        pytest.param(False, False, True, id="LZ-10-1 standard path"),
        pytest.param(None, None, True, id="LZ-10-1 standard path, flags unset"),
        pytest.param(True, False, False, id="LZ-10-2 in the city plan"),
        pytest.param(False, True, False, id="LZ-10-3 urgent mandated"),
    ],
)
def test_LZ_10_1_LZ_10_2_LZ_10_3_application_paths(decide, in_city_plan, urgent, proposal):
    out = route(
        decide,
        jurisdiction="LZ",
        lzCategory="GOVERNANCE",
        inCityPlan=in_city_plan,
        urgentMandated=urgent,
    )
    assert out["needsProposal"] is proposal
    assert out["needsFeasibilityStudy"] is True  # every LZ path carries the FSR


def test_LZ_9_x_unknown_category_has_no_route(decide):
    assert route(decide, jurisdiction="LZ", lzCategory="政务治理类") is None


@pytest.mark.parametrize(("social", "filing"), [(True, True), (False, False), (None, False)])
def test_TH_11_1_TH_11_5_TH_11_6_TH_11_7_TH_14_1_TH_39_1_route(decide, social, filing):
    out = route(decide, jurisdiction="TH", socialCapital=social)
    assert out["route"] == "TH_STANDARD"
    assert {
        "needsFeasibilityStudy",
        "needsCryptoReview",
        "needsFundReview",
        "needsExpertReview",
        "needsProjectCode",
    } <= raised(out)
    assert out["needsSocialCapitalFiling"] is filing
    assert out["approvalAuthority"] == "ITA"


@pytest.mark.parametrize(("fixed", "drc"), [(True, True), (False, False), (None, False)])
def test_YB_6_1_YB_6_3_YB_7_1_YB_7_2_YB_10_2_construction(decide, fixed, drc):
    out = route(decide, jurisdiction="YB", ybCategory="CONSTRUCTION", isFixedAsset=fixed)
    assert out["route"] == "YB_CONSTRUCTION"
    assert out["needsGovDeliberation"] is True
    assert out["needsExpertReview"] is True
    assert out["needsDrcProjectApproval"] is drc


def test_YB_2_3_YB_5_1_om_route(decide):
    out = route(decide, jurisdiction="YB", ybCategory="OM", isFixedAsset=True)
    assert out["route"] == "YB_OM"
    assert raised(out) == {"needsExpertReview"}
    assert out["approvalAuthority"] == "FIN"


GOVERNANCE_OWNERS = ("DEMAND_UNIT", "DEMAND_UNIT")  # 需求单位 builds and uses (LZ-9-2)
PUBLIC_SERVICE_OWNERS = ("OPERATING_COMPANY", "DEMAND_UNIT")  # 运营公司 builds, 需求单位 uses (LZ-9-3)
MARKET_OWNERS = ("OPERATING_COMPANY", "OPERATING_COMPANY")  # 运营公司 builds and uses (LZ-9-4)


@pytest.mark.parametrize(
    ("category", "gov_investment", "expected"),
    [
        pytest.param(
            "GOVERNANCE", False, ("ITA,FIN", *GOVERNANCE_OWNERS, "GOV_PROCUREMENT_IN_BATCHES"), id="LZ-9-2"
        ),
        pytest.param(
            "PUBLIC_SERVICE",
            False,
            ("ITA,FIN,DRC", *PUBLIC_SERVICE_OWNERS, "PUBLIC_TENDER_AT_TRADING_CENTRE"),
            id="LZ-9-3",
        ),
        pytest.param("MARKET_OPERATION", False, ("ITA,FIN", *MARKET_OWNERS, "TENDER"), id="LZ-9-4"),
        pytest.param(
            "GOVERNANCE",
            True,
            ("ITA,FIN", *GOVERNANCE_OWNERS, "TRADING_CENTRE_OPEN_PROCUREMENT"),
            id="LZ-4-1 governance",
        ),
        pytest.param(
            "PUBLIC_SERVICE",
            True,
            ("ITA,FIN,DRC", *PUBLIC_SERVICE_OWNERS, "PUBLIC_TENDER_AT_TRADING_CENTRE"),
            id="LZ-4-1 public service",
        ),
        pytest.param(
            "MARKET_OPERATION",
            True,
            ("ITA,FIN", *MARKET_OWNERS, "TRADING_CENTRE_OPEN_PROCUREMENT"),
            id="LZ-4-1 market operation",
        ),
    ],
)
def test_LZ_9_2_LZ_9_3_LZ_9_4_joint_reviewers_owner_user_and_procurement_by_category(
    decide, category, gov_investment, expected
):
    out = route(decide, jurisdiction="LZ", lzCategory=category, involvesGovInvestment=gov_investment)
    assert (
        out["jointReviewers"],
        out["projectOwner"],
        out["projectUser"],
        out["procurementMethod"],
    ) == expected


@pytest.mark.parametrize("jurisdiction", ["LG", "HY", "TH", "YB"])
def test_LZ_9_1_only_laizhou_names_joint_reviewers_and_owner(decide, jurisdiction):
    regime = {"LG": "FULL", "HY": "APPROVAL", "TH": "FULL", "YB": "FULL"}[jurisdiction]
    out = route(
        decide,
        jurisdiction=jurisdiction,
        regime=regime,
        totalInvestmentYuan=6_000_000,
        isNewInitiative=False,
        ybCategory="CONSTRUCTION",
        isFixedAsset=False,
    )
    assert out["route"] is not None
    # the other regions' tables have no such columns: the gateway's route.jointReviewers reads null
    assert {"jointReviewers", "projectOwner", "projectUser", "procurementMethod"}.isdisjoint(out)
