"""omFundingEligibility and newProjectBlock: COLLECT lists of blocking reasons.

Like Camunda (dmn-scala), a COLLECT table whose rules all miss returns null, not an empty list, so
"eligible" reads `=omBlocks = null` in a gateway.
"""

import pytest

OM_OK = {
    "LG": {
        "completionAcceptanceFiled": True,
        "freeMaintenanceActive": False,
        "dataSharedAsRequired": True,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "coordinatedAndSharing": True,
    },
    "HY": {
        "inCatalog": True,
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "digitalGovConformant": True,
        "safeReliableProducts": True,
    },
    "LZ": {
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "inCatalog": True,
        "usesUnifiedInfrastructure": True,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "performanceScore": 85,
        "platformInfoUpToDate": True,
        "lzCategory": "GOVERNANCE",
        "freeMaintenanceActive": False,
        "requestedAnnualOmFeeYuan": 50_000,
        "constructionInvestmentYuan": 1_000_000,
    },
    "TH": {"dataSharedAsRequired": True, "projectApproved": True},
    "YB": {"projectApproved": True},
}

# (rule id, jurisdiction, fact changed, bad value, reason, force)
OM_BLOCKS = [
    ("LG-46-2", "LG", "completionAcceptanceFiled", False, "COMPLETION_ACCEPTANCE_NOT_FILED", "HARD"),
    ("LG-46-1", "LG", "freeMaintenanceActive", True, "FREE_WARRANTY_RUNNING", "HARD"),
    ("LG-47-1", "LG", "dataSharedAsRequired", False, "DATA_NOT_SHARED", "HARD"),
    ("LG-48-2", "LG", "securityCompliant", False, "SECURITY_NON_COMPLIANT", "HARD"),
    ("LG-48-2", "LG", "majorHiddenDanger", True, "MAJOR_HIDDEN_DANGER", "HARD"),
    ("LG-50-1", "LG", "coordinatedAndSharing", False, "NOT_COORDINATED_OR_SHARING", "HARD"),
    ("HY-9-1", "HY", "inCatalog", False, "NOT_IN_SYSTEM_CATALOG", "SOFT"),
    ("HY-9-2", "HY", "dataSharedAsRequired", False, "DATA_NOT_SHARED", "SOFT"),
    ("HY-9-2", "HY", "duplicateCollection", True, "DUPLICATE_DATA_COLLECTION", "SOFT"),
    ("HY-9-3", "HY", "securityCompliant", False, "SECURITY_NON_COMPLIANT", "SOFT"),
    ("HY-9-3", "HY", "majorHiddenDanger", True, "MAJOR_HIDDEN_DANGER", "SOFT"),
    ("HY-9-4", "HY", "digitalGovConformant", False, "NOT_DIGITAL_GOV_CONFORMANT", "SOFT"),
    ("HY-9-5", "HY", "safeReliableProducts", False, "NOT_SAFE_RELIABLE", "SOFT"),
    ("LZ-26-2", "LZ", "dataSharedAsRequired", False, "DATA_NOT_SHARED", "HARD"),
    ("LZ-26-2", "LZ", "duplicateCollection", True, "DUPLICATE_DATA_COLLECTION", "HARD"),
    ("LZ-26-3", "LZ", "inCatalog", False, "NOT_IN_PROJECT_MASTER_CATALOG", "HARD"),
    ("LZ-26-3", "LZ", "usesUnifiedInfrastructure", False, "NOT_USING_UNIFIED_INFRASTRUCTURE", "HARD"),
    ("LZ-26-4", "LZ", "securityCompliant", False, "SECURITY_NON_COMPLIANT", "HARD"),
    ("LZ-26-4", "LZ", "majorHiddenDanger", True, "MAJOR_HIDDEN_DANGER", "HARD"),
    ("LZ-26-5", "LZ", "performanceScore", 79, "POOR_PERFORMANCE", "HARD"),
    ("LZ-26-5", "LZ", "platformInfoUpToDate", False, "PLATFORM_INFO_OUTDATED", "HARD"),
    ("LZ-29-1", "LZ", "freeMaintenanceActive", True, "FREE_OM_PERIOD_RUNNING", "HARD"),
    ("LZ-29-2", "LZ", "requestedAnnualOmFeeYuan", 100_001, "OM_FEE_OVER_10_PERCENT", "SOFT"),
    ("TH-12-4", "TH", "dataSharedAsRequired", False, "DATA_NOT_SHARED", "HARD"),
    ("TH-12-6", "TH", "projectApproved", False, "NOT_APPROVED_UNDER_MEASURE", "HARD"),
    ("YB-18-1", "YB", "projectApproved", False, "NOT_APPROVED_UNDER_MEASURE", "HARD"),
]


@pytest.mark.parametrize("jurisdiction", sorted(OM_OK))
def test_om_funding_eligible_when_every_fact_is_confirmed(decide, jurisdiction):
    assert decide("omFundingEligibility", jurisdiction=jurisdiction, **OM_OK[jurisdiction]) is None


@pytest.mark.parametrize("row", [pytest.param(row, id=f"{row[0]} {row[2]}={row[3]}") for row in OM_BLOCKS])
def test_om_funding_blocked(decide, row):
    _, jurisdiction, fact, bad, reason, force = row
    facts = {**OM_OK[jurisdiction], fact: bad}
    assert decide("omFundingEligibility", jurisdiction=jurisdiction, **facts) == [
        {"reason": reason, "force": force}
    ]


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(row, id=f"{row[0]} {row[2]} unknown")
        for row in OM_BLOCKS
        if row[2] != "requestedAnnualOmFeeYuan"
    ],
)
def test_om_funding_unconfirmed_fact_counts_as_not_met(decide, row):
    _, jurisdiction, fact, _, reason, _ = row
    facts = {**OM_OK[jurisdiction], fact: None}
    assert reason in [
        block["reason"] for block in decide("omFundingEligibility", jurisdiction=jurisdiction, **facts)
    ]


@pytest.mark.parametrize(
    ("score", "blocked"), [(79, True), (79.5, True), (80, False), (80.5, False), (100, False)]
)
def test_LZ_26_5_poor_performance_below_80_points(decide, score, blocked):
    facts = {**OM_OK["LZ"], "performanceScore": score}
    got = decide("omFundingEligibility", jurisdiction="LZ", **facts)
    assert (got == [{"reason": "POOR_PERFORMANCE", "force": "HARD"}]) is blocked
    assert (got is None) is not blocked


@pytest.mark.parametrize(
    ("fee", "blocked"), [(99_999, False), (100_000, False), (100_000.5, True), (100_001, True)]
)
def test_LZ_29_2_yearly_om_fee_at_most_10_percent_of_construction(decide, fee, blocked):
    facts = {**OM_OK["LZ"], "requestedAnnualOmFeeYuan": fee}
    got = decide("omFundingEligibility", jurisdiction="LZ", **facts)
    assert (got == [{"reason": "OM_FEE_OVER_10_PERCENT", "force": "SOFT"}]) is blocked


def test_LZ_29_2_fee_cap_only_for_governance_projects(decide):
    facts = {**OM_OK["LZ"], "lzCategory": "PUBLIC_SERVICE", "requestedAnnualOmFeeYuan": 900_000}
    assert decide("omFundingEligibility", jurisdiction="LZ", **facts) is None


NEW_OK = {
    "LG": {
        "inPlan": True,
        "dataSharedAsRequired": True,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "coordinatedAndSharing": True,
    },
    "HY": {
        "annualListSubmittedOnTime": True,
        "inCatalog": True,
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "digitalGovConformant": True,
        "safeReliableProducts": True,
    },
    "LZ": {
        "jointlyReviewed": True,
        "basedOnInfrastructureCatalog": True,
        "dataSharedAsRequired": True,
        "duplicateCollection": False,
        "inCatalog": True,
        "usesUnifiedInfrastructure": True,
        "securityCompliant": True,
        "majorHiddenDanger": False,
        "performanceScore": 90,
        "platformInfoUpToDate": True,
    },
    "TH": {
        "inPlan": True,
        "unitSystemsIntegrated": True,
        "unitSystemsOnDistrictCloud": True,
        "intensiveShared": True,
        "meetsPolicyAndNeed": True,
        "securityCompliant": True,
    },
    "YB": {},
}

# (rule id, jurisdiction, facts changed, reason, force)
NEW_BLOCKS = [
    ("LG-9-1", "LG", {"inPlan": False}, "NOT_IN_UNIT_SPECIAL_PLAN", "SOFT"),
    (
        "LG-33-1",
        "LG",
        {"isPhased": True, "previousPhaseCompletionAccepted": False},
        "PREVIOUS_PHASE_NOT_ACCEPTED",
        "SOFT",
    ),
    ("LG-47-1", "LG", {"dataSharedAsRequired": False}, "DATA_NOT_SHARED", "HARD"),
    ("LG-48-2", "LG", {"securityCompliant": False}, "SECURITY_NON_COMPLIANT", "HARD"),
    ("LG-48-2", "LG", {"majorHiddenDanger": True}, "MAJOR_HIDDEN_DANGER", "HARD"),
    ("LG-49-1", "LG", {"rectificationRefused": True}, "RECTIFICATION_REFUSED", "HARD"),
    ("LG-50-1", "LG", {"coordinatedAndSharing": False}, "NOT_COORDINATED_OR_SHARING", "HARD"),
    ("LG-42-1", "LG", {"selfProcuresGovCloudEquipment": True}, "SELF_PROCURED_GOV_CLOUD_EQUIPMENT", "HARD"),
    ("HY-6-2", "HY", {"annualListSubmittedOnTime": False}, "ANNUAL_LIST_NOT_SUBMITTED_ON_TIME", "SOFT"),
    ("HY-9-1", "HY", {"inCatalog": False}, "NOT_IN_SYSTEM_CATALOG", "SOFT"),
    ("HY-9-2", "HY", {"duplicateCollection": True}, "DUPLICATE_DATA_COLLECTION", "SOFT"),
    ("HY-9-3", "HY", {"securityCompliant": False}, "SECURITY_NON_COMPLIANT", "SOFT"),
    ("HY-9-4", "HY", {"digitalGovConformant": False}, "NOT_DIGITAL_GOV_CONFORMANT", "SOFT"),
    ("HY-9-5", "HY", {"safeReliableProducts": False}, "NOT_SAFE_RELIABLE", "SOFT"),
    ("LZ-6-2", "LZ", {"jointlyReviewed": False}, "NOT_JOINTLY_REVIEWED", "HARD"),
    ("LZ-12-1", "LZ", {"townComprehensive": True}, "TOWN_COMPREHENSIVE_PROJECT", "SOFT"),
    ("LZ-13-2", "LZ", {"basedOnInfrastructureCatalog": False}, "NOT_BASED_ON_INFRASTRUCTURE_CATALOG", "SOFT"),
    ("LZ-26-2", "LZ", {"dataSharedAsRequired": False}, "DATA_NOT_SHARED", "HARD"),
    ("LZ-26-3", "LZ", {"usesUnifiedInfrastructure": False}, "NOT_USING_UNIFIED_INFRASTRUCTURE", "HARD"),
    ("LZ-26-4", "LZ", {"majorHiddenDanger": True}, "MAJOR_HIDDEN_DANGER", "HARD"),
    ("LZ-26-5", "LZ", {"platformInfoUpToDate": False}, "PLATFORM_INFO_OUTDATED", "HARD"),
    ("LZ-30-1", "LZ", {"ownDataRoomOrPrivateNetwork": True}, "OWN_DATA_ROOM_WITHOUT_APPROVAL", "HARD"),
    ("LZ-31-1", "LZ", {"cityBrainProject": True}, "SEPARATE_CITY_BRAIN", "SOFT"),
    ("TH-12-1", "TH", {"inPlan": False}, "NOT_IN_PLAN_OR_KEY_TASK", "HARD"),
    ("TH-8-2", "TH", {"inPlan": None}, "NOT_IN_PLAN_OR_KEY_TASK", "HARD"),
    ("TH-12-2", "TH", {"unitSystemsIntegrated": False}, "UNIT_SYSTEMS_NOT_INTEGRATED", "HARD"),
    ("TH-12-3", "TH", {"unitSystemsOnDistrictCloud": False}, "UNIT_SYSTEMS_NOT_ON_DISTRICT_CLOUD", "HARD"),
    ("TH-12-5", "TH", {"intensiveShared": False}, "NOT_INTENSIVE_SHARED", "HARD"),
    ("TH-8-3", "TH", {"intensiveShared": None}, "NOT_INTENSIVE_SHARED", "HARD"),
    ("TH-8-1", "TH", {"meetsPolicyAndNeed": False}, "POLICY_OR_NEED_NOT_MET", "HARD"),
    ("TH-8-5", "TH", {"securityCompliant": False}, "SECURITY_NON_COMPLIANT", "HARD"),
]


@pytest.mark.parametrize("jurisdiction", sorted(NEW_OK))
def test_new_project_not_blocked_when_every_fact_is_confirmed(decide, jurisdiction):
    assert decide("newProjectBlock", jurisdiction=jurisdiction, **NEW_OK[jurisdiction]) is None


@pytest.mark.parametrize("row", [pytest.param(row, id=f"{row[0]} {row[3]}") for row in NEW_BLOCKS])
def test_new_project_blocked(decide, row):
    _, jurisdiction, changed, reason, force = row
    facts = {**NEW_OK[jurisdiction], **changed}
    assert decide("newProjectBlock", jurisdiction=jurisdiction, **facts) == [
        {"reason": reason, "force": force}
    ]


@pytest.mark.parametrize(
    ("changed", "blocked"),
    [
        pytest.param(
            {"inPlan": False, "planExceptionApproved": True}, False, id="LG-9-1 meeting approved it"
        ),
        pytest.param(
            {"isPhased": True, "previousPhaseCompletionAccepted": True}, False, id="LG-33-1 accepted"
        ),
        pytest.param({"isPhased": False}, False, id="LG-33-1 not phased"),
    ],
)
def test_LG_9_1_LG_33_1_exceptions(decide, changed, blocked):
    facts = {**NEW_OK["LG"], **changed}
    assert (decide("newProjectBlock", jurisdiction="LG", **facts) is not None) is blocked


@pytest.mark.parametrize(
    ("changed", "blocked"),
    [
        pytest.param(
            {"townComprehensive": True, "townExceptionApplies": True}, False, id="LZ-12-1 branch or pilot"
        ),
        pytest.param(
            {"basedOnInfrastructureCatalog": False, "independentBuildRequired": True},
            False,
            id="LZ-13-2 law requires independent build",
        ),
        pytest.param(
            {"ownDataRoomOrPrivateNetwork": True, "itaApprovedOwnInfrastructure": True},
            False,
            id="LZ-30-1 ITA approved",
        ),
        pytest.param(
            {"cityBrainProject": True, "cityBrainApprovedByLead": True}, False, id="LZ-31-1 LEAD approved"
        ),
        pytest.param({"performanceScore": 80}, False, id="LZ-26-5 80 points"),
        pytest.param({"performanceScore": 79.5}, True, id="LZ-26-5 79.5 points"),
    ],
)
def test_LZ_12_1_LZ_13_2_LZ_30_1_LZ_31_1_exceptions(decide, changed, blocked):
    facts = {**NEW_OK["LZ"], **changed}
    assert (decide("newProjectBlock", jurisdiction="LZ", **facts) is not None) is blocked


def test_blocks_of_one_jurisdiction_do_not_leak_into_another(decide):
    facts = {
        **NEW_OK["TH"],
        "townComprehensive": True,
        "rectificationRefused": True,
        "annualListSubmittedOnTime": False,
    }
    assert decide("newProjectBlock", jurisdiction="TH", **facts) is None
