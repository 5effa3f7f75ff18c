"""omFundingRoute: how O&M money is asked for in each jurisdiction (RULES.md §3.1 row 30)."""

import pytest

# (rule id, jurisdiction, lzCategory, route, fundingType, leadApproval, document)
ROUTES = [
    ("LG-46-1", "LG", None, "LG_FIN_AFTER_WARRANTY", "ANNUAL_DEPARTMENT_BUDGET", False, "om_funding_req"),
    ("HY-2-1", "HY", None, "HY_OM_PROJECT_APPLICATION", "PROJECT_BUDGET", False, None),
    (
        "LZ-29-2",
        "LZ",
        "GOVERNANCE",
        "LZ_GOVERNANCE_OM_FEE",
        "ANNUAL_DEPARTMENT_BUDGET",
        True,
        "om_funding_req",
    ),
    ("LZ-29-3", "LZ", "PUBLIC_SERVICE", "LZ_PUBLIC_SERVICE_SUBSIDY", "OPERATING_SUBSIDY", True, None),
    ("LZ-8-1", "LZ", "MARKET_OPERATION", "LZ_MARKET_FUNDED", "MARKET", False, None),
    ("TH-11-8", "TH", None, "TH_YEARLY_OM_PLAN", "ANNUAL_DEPARTMENT_BUDGET", False, "om_plan"),
    ("YB-5-1", "YB", None, "YB_YEAR_END_OM_DECLARATION", "ANNUAL_DEPARTMENT_BUDGET", False, "yb_demand_form"),
]


@pytest.mark.parametrize("row", [pytest.param(row, id=f"{row[0]} {row[3]}") for row in ROUTES])
def test_om_funding_route(decide, row):
    _, jurisdiction, category, route, funding, lead, document = row
    out = decide("omFundingRoute", jurisdiction=jurisdiction, lzCategory=category)
    assert (out["route"], out["fundingType"], out["leadApproval"], out["document"]) == (
        route,
        funding,
        lead,
        document,
    )


def test_LZ_29_2_LZ_29_3_ita_then_lead_then_fin(decide):
    for category in ("GOVERNANCE", "PUBLIC_SERVICE"):
        out = decide("omFundingRoute", jurisdiction="LZ", lzCategory=category)
        assert (out["itaReview"], out["leadApproval"], out["finReview"]) == (True, True, True)


def test_LZ_8_1_unknown_category_has_no_route(decide):
    assert decide("omFundingRoute", jurisdiction="LZ", lzCategory=None) is None
