"""implementationRequirements: the list the implementation and acceptance flows check (`list contains`)."""

import pytest


def requirements(decide, **variables):
    # a COLLECT table with no matching rule returns null (as in Camunda), an empty list for `in`
    return decide("implementationRequirements", **variables) or []


@pytest.mark.parametrize(
    ("contract", "experts"),
    [(9_999_999, False), (9_999_999.5, False), (10_000_000, True), (10_000_001, True)],
)
def test_LG_26_4_expert_preliminary_acceptance_from_10_million_contract(decide, contract, experts):
    got = requirements(decide, jurisdiction="LG", contractAmountYuan=contract, totalInvestmentYuan=90_000_000)
    assert ("EXPERT_PRELIMINARY_ACCEPTANCE" in got) is experts


def test_LG_26_4_threshold_is_on_the_contract_not_the_project_total(decide):
    got = requirements(
        decide, jurisdiction="LG", contractAmountYuan=9_000_000, totalInvestmentYuan=90_000_000
    )
    assert "EXPERT_PRELIMINARY_ACCEPTANCE" not in got


@pytest.mark.parametrize(
    ("total", "supervision", "standard", "software_test"),
    [
        (4_999_999, "SUPERVISION_OPTIONAL_OWNER_BEARS_QC", False, False),
        (4_999_999.5, "SUPERVISION_OPTIONAL_OWNER_BEARS_QC", False, False),
        (5_000_000, "SUPERVISION_MANDATORY", True, True),
        (5_000_001, "SUPERVISION_MANDATORY", True, True),
    ],
)
def test_LZ_23_1_LZ_23_3_LZ_15_1_LZ_23_2_thresholds_at_5_million(
    decide, total, supervision, standard, software_test
):
    got = requirements(decide, jurisdiction="LZ", totalInvestmentYuan=total, involvesSoftwareDev=True)
    assert supervision in got
    assert {"SUPERVISION_MANDATORY", "SUPERVISION_OPTIONAL_OWNER_BEARS_QC"} - {supervision} & set(
        got
    ) == set()
    assert ("STANDARD_WITHIN_1Y_AFTER_ACCEPTANCE" in got) is standard
    assert ("THIRD_PARTY_SOFTWARE_ACCEPTANCE_TEST" in got) is software_test


def test_LZ_23_2_no_software_no_software_test(decide):
    got = requirements(decide, jurisdiction="LZ", totalInvestmentYuan=8_000_000, involvesSoftwareDev=False)
    assert "THIRD_PARTY_SOFTWARE_ACCEPTANCE_TEST" not in got


# (rule id, variables that trigger it, requirement, variables that do not)
CASES = [
    ("LG-18-1", {"jurisdiction": "LG"}, "SUPERVISION_MANDATORY", {"jurisdiction": "HY"}),
    ("LG-19-1", {"jurisdiction": "LG"}, "FORMAT_CONTRACT_WITH_ACCEPTANCE_CLAUSE", {"jurisdiction": "TH"}),
    ("LG-45-1", {"jurisdiction": "LG"}, "WARRANTY_MIN_2Y", {"jurisdiction": "YB"}),
    ("LG-38-1", {"jurisdiction": "LG"}, "RESULTS_OWNERSHIP_CLAUSE", {"jurisdiction": "LZ"}),
    ("LG-20-2", {"jurisdiction": "LG"}, "MONTHLY_PROGRESS_REPORT", {"jurisdiction": "TH"}),
    ("LG-22-1", {"jurisdiction": "LG"}, "YEARLY_PERFORMANCE_REPORT", {"jurisdiction": "YB"}),
    ("LG-27-2", {"jurisdiction": "LG"}, "THIRD_PARTY_ACCEPTANCE_TEST", {"jurisdiction": "HY"}),
    ("LG-28-1", {"jurisdiction": "LG"}, "ITA_SECURITY_TEST", {"jurisdiction": "HY"}),
    ("LG-29-1", {"jurisdiction": "LG"}, "DATA_SHARING_AUDIT", {"jurisdiction": "TH"}),
    ("LG-29-2", {"jurisdiction": "LG"}, "DATA_SHARING_AUDIT", {"jurisdiction": "LZ"}),
    ("LG-30-1", {"jurisdiction": "LG"}, "EXPERT_COMPLETION_ACCEPTANCE", {"jurisdiction": "TH"}),
    (
        "LG-19-2",
        {"jurisdiction": "LG", "involvesSoftwareDev": True},
        "DEV_ON_DISTRICT_SOFTWARE_CLOUD",
        {"jurisdiction": "LG", "involvesSoftwareDev": False},
    ),
    (
        "LG-29-3",
        {"jurisdiction": "LG", "involvesSoftwareDev": True},
        "SOURCE_CODE_UPLOAD",
        {"jurisdiction": "LG"},
    ),
    (
        "LG-38-1",
        {"jurisdiction": "LG", "involvesSoftwareDev": True},
        "OWNER_OWNS_CODE_AND_DATA",
        {"jurisdiction": "LG", "involvesSoftwareDev": False},
    ),
    ("LG-36-1", {"jurisdiction": "LG"}, "ASSET_REGISTRATION", {"jurisdiction": "HY"}),
    ("LG-36-2", {"jurisdiction": "LG"}, "SURPLUS_REMIT_30WD", {"jurisdiction": "TH"}),
    (
        "HY-11-3",
        {"jurisdiction": "HY", "involvesCrypto": True},
        "CRYPTO_PLAN",
        {"jurisdiction": "HY", "involvesCrypto": False},
    ),
    ("HY-18-1", {"jurisdiction": "HY", "involvesCrypto": True}, "CRYPTO_THREE_SYNC", {"jurisdiction": "HY"}),
    ("HY-18-1", {"jurisdiction": "HY"}, "PERIODIC_SECURITY_ASSESSMENT", {"jurisdiction": "LG"}),
    (
        "HY-25-1",
        {"jurisdiction": "HY", "involvesCrypto": True},
        "ACCEPTANCE_REPORT_CC_CRYPTO",
        {"jurisdiction": "HY"},
    ),
    (
        "HY-15-1",
        {"jurisdiction": "HY", "hyCategory": "PUBLIC"},
        "ITA_LED_PROCUREMENT",
        {"jurisdiction": "HY", "hyCategory": "PROFESSIONAL"},
    ),
    (
        "HY-16-1",
        {"jurisdiction": "HY", "hyCategory": "PROFESSIONAL"},
        "OWNER_PROCUREMENT_PER_APPROVAL",
        {"jurisdiction": "HY", "hyCategory": "PUBLIC"},
    ),
    ("HY-4-1", {"jurisdiction": "HY", "hyCategory": "PUBLIC"}, "ITA_LED_PROCUREMENT", {"jurisdiction": "HY"}),
    (
        "LZ-29-1",
        {"jurisdiction": "LZ", "lzCategory": "GOVERNANCE"},
        "FREE_OM_MIN_3Y",
        {"jurisdiction": "LZ", "lzCategory": "PUBLIC_SERVICE"},
    ),
    ("LZ-28-1", {"jurisdiction": "LZ"}, "IP_CLAUSE", {"jurisdiction": "LG"}),
    ("LZ-21-1", {"jurisdiction": "LZ"}, "MLPS_AND_RISK_ASSESSMENT", {"jurisdiction": "HY"}),
    ("LZ-22-1", {"jurisdiction": "LZ"}, "CRYPTO_ASSESSMENT_FILED", {"jurisdiction": "HY"}),
    (
        "LZ-20-1",
        {"jurisdiction": "LZ", "classified": True},
        "SECRECY_LAW_OBLIGATIONS",
        {"jurisdiction": "LZ"},
    ),
    ("LZ-24-1", {"jurisdiction": "LZ"}, "YEARLY_PERFORMANCE_REPORT", {"jurisdiction": "HY"}),
    ("LZ-19-1", {"jurisdiction": "LZ"}, "SURPLUS_RETURNED_VIA_ORIGINAL_CHANNEL", {"jurisdiction": "TH"}),
    (
        "LZ-7-2",
        {"jurisdiction": "LZ", "hasCivilWorks": True},
        "CIVIL_WORKS_APPROVED_SEPARATELY",
        {"jurisdiction": "LZ", "hasCivilWorks": False},
    ),
    (
        "LZ-7-1",
        {"jurisdiction": "LZ", "hasCivilWorks": False, "highEnergy": False},
        "NO_ENERGY_SITE_LAND_EIA_APPROVALS",
        {"jurisdiction": "LZ", "hasCivilWorks": False, "highEnergy": True},
    ),
    (
        "TH-16-1",
        {"jurisdiction": "TH", "hasCivilWorks": False, "highEnergy": False},
        "NO_ENERGY_SITE_LAND_EIA_APPROVALS",
        {"jurisdiction": "TH", "hasCivilWorks": True, "highEnergy": False},
    ),
    ("TH-21-1", {"jurisdiction": "TH"}, "CRYPTO_PLAN", {"jurisdiction": "YB"}),
    ("TH-20-1", {"jurisdiction": "TH"}, "PERIODIC_SECURITY_ASSESSMENT", {"jurisdiction": "YB"}),
    ("TH-27-2", {"jurisdiction": "TH"}, "MLPS_REPORT_PASS", {"jurisdiction": "LZ"}),
    ("TH-27-2", {"jurisdiction": "TH"}, "CRYPTO_ASSESSMENT_PASS", {"jurisdiction": "LZ"}),
    ("TH-27-1", {"jurisdiction": "TH"}, "ACCEPTANCE_WITHIN_6M", {"jurisdiction": "LZ"}),
    ("TH-27-4", {"jurisdiction": "TH"}, "FINAL_ACCOUNTS_3M", {"jurisdiction": "LG"}),
    ("TH-23-1", {"jurisdiction": "TH"}, "YEARLY_PERFORMANCE_REPORT", {"jurisdiction": "HY"}),
    ("TH-25-2", {"jurisdiction": "TH"}, "SURPLUS_PAID_TO_TREASURY", {"jurisdiction": "LZ"}),
    (
        "TH-21-2",
        {"jurisdiction": "TH", "classified": True},
        "SECRECY_PROTECTION_PLAN",
        {"jurisdiction": "TH"},
    ),
    (
        "TH-29-1",
        {"jurisdiction": "TH", "classified": True},
        "SECRECY_REVIEW_BEFORE_GO_LIVE",
        {"jurisdiction": "TH", "classified": False},
    ),
    ("TH-18-1", {"jurisdiction": "TH", "classified": True}, "CLASSIFIED_PROCUREMENT", {"jurisdiction": "TH"}),
    (
        "YB-14-1",
        {"jurisdiction": "YB", "ybCategory": "CONSTRUCTION"},
        "DATA_RESOURCE_CATALOG_LIST",
        {"jurisdiction": "YB", "ybCategory": "OM"},
    ),
    (
        "YB-14-1",
        {"jurisdiction": "YB", "ybCategory": "CONSTRUCTION"},
        "CONNECT_SHARING_EXCHANGE_PLATFORM",
        {"jurisdiction": "YB", "ybCategory": "OM"},
    ),
    ("YB-4-1", {"jurisdiction": "YB"}, "USE_GOV_CLOUD_AND_SHARING_PLATFORM", {"jurisdiction": "TH"}),
]


@pytest.mark.parametrize(
    ("when", "requirement", "otherwise"),
    [pytest.param(when, req, other, id=f"{rid} {req}") for rid, when, req, other in CASES],
)
def test_requirement_applies_only_when_its_condition_holds(decide, when, requirement, otherwise):
    assert requirement in requirements(decide, **when)
    assert requirement not in requirements(decide, **otherwise)


def test_requirements_are_unique_per_evaluation(decide):
    got = requirements(decide, jurisdiction="LG", contractAmountYuan=20_000_000, involvesSoftwareDev=True)
    assert len(got) == len(set(got))
