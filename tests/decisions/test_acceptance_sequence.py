"""acceptanceSequence: the ordered acceptance steps (RULE ORDER), with who runs each and whether it gates."""

import pytest


def steps(decide, **variables):
    return [entry["step"] for entry in decide("acceptanceSequence", **variables) or []]


def step(decide, name, **variables):
    return next(entry for entry in decide("acceptanceSequence", **variables) if entry["step"] == name)


def test_LG_26_1_LG_26_2_LG_27_1_LG_27_3_LG_28_1_LG_29_1_LG_30_1_LG_30_2_order(decide):
    assert steps(decide, jurisdiction="LG", contractAmountYuan=5_000_000) == [
        "SELF_TEST",
        "APPLY_PRELIMINARY_ACCEPTANCE",
        "PRELIMINARY_ACCEPTANCE",
        "TRIAL_RUN",
        "THIRD_PARTY_ACCEPTANCE_TEST",
        "FINAL_ACCEPTANCE",
        "SECURITY_TEST",
        "DATA_SHARING_AND_SOURCE_CODE_AUDIT",
        "ARCHIVE_ACCEPTANCE",
        "COMPLETION_ACCEPTANCE",
        "FILE_COMPLETION_REPORT_AND_GO_LIVE",
    ]


@pytest.mark.parametrize(
    ("contract", "experts"),
    [(9_999_999, False), (9_999_999.5, False), (10_000_000, True), (10_000_001, True)],
)
def test_LG_26_3_LG_26_4_expert_preliminary_acceptance_from_10_million(decide, contract, experts):
    assert (
        step(decide, "PRELIMINARY_ACCEPTANCE", jurisdiction="LG", contractAmountYuan=contract)[
            "expertsRequired"
        ]
        is experts
    )


def test_LG_21_1_LG_30_3_archive_and_completion_acceptance_gate_go_live(decide):
    variables = {"jurisdiction": "LG", "contractAmountYuan": 1}
    assert step(decide, "ARCHIVE_ACCEPTANCE", **variables)["gate"] is True
    completion = step(decide, "COMPLETION_ACCEPTANCE", **variables)
    assert completion["gate"] is True and completion["expertsRequired"] is True


def test_LG_28_1_LG_29_2_LG_29_3_ita_runs_the_security_test_and_data_audit(decide):
    for name in ("SECURITY_TEST", "DATA_SHARING_AND_SOURCE_CODE_AUDIT"):
        assert step(decide, name, jurisdiction="LG", contractAmountYuan=1)["performedBy"] == "ITA"


@pytest.mark.parametrize(
    ("regime", "crypto", "expected"),
    [
        pytest.param(
            "APPROVAL",
            False,
            [
                "PRELIMINARY_ACCEPTANCE",
                "ARCHIVE_ACCEPTANCE",
                "CONFORMITY_REVIEW",
                "ACCEPTANCE",
                "SEND_ACCEPTANCE_REPORT",
            ],
            id="HY-24-2 approval regime",
        ),
        pytest.param(
            "FILING",
            False,
            ["PRELIMINARY_ACCEPTANCE", "ARCHIVE_ACCEPTANCE", "ACCEPTANCE", "SEND_ACCEPTANCE_REPORT"],
            id="HY-24-3 filing regime",
        ),
        pytest.param(
            "FILING",
            True,
            [
                "PRELIMINARY_ACCEPTANCE",
                "ARCHIVE_ACCEPTANCE",
                "ACCEPTANCE",
                "SEND_ACCEPTANCE_REPORT",
                "CC_ACCEPTANCE_REPORT_TO_CRYPTO",
            ],
            id="HY-25-1 crypto",
        ),
    ],
)
def test_HY_24_1_HY_24_2_HY_24_3_HY_22_1_HY_25_1_HY_25_2_sequence(decide, regime, crypto, expected):
    assert steps(decide, jurisdiction="HY", regime=regime, involvesCrypto=crypto) == expected
    acceptance = step(decide, "ACCEPTANCE", jurisdiction="HY", regime=regime)
    assert acceptance["expertsRequired"] is (regime == "APPROVAL")


@pytest.mark.parametrize(("total", "software_test"), [(4_999_999, False), (5_000_000, True)])
def test_LZ_23_2_LZ_23_4_LZ_23_5_LZ_16_1_sequence(decide, total, software_test):
    got = steps(decide, jurisdiction="LZ", involvesSoftwareDev=True, totalInvestmentYuan=total)
    assert ("THIRD_PARTY_SOFTWARE_ACCEPTANCE_TEST" in got) is software_test
    assert got[-2:] == ["ARCHIVE_ON_PLATFORM", "ACCEPTANCE"]


@pytest.mark.parametrize(
    ("classified", "expected"),
    [
        pytest.param(
            False,
            [
                "MLPS_AND_CRYPTO_ASSESSMENT_PASSED",
                "ARCHIVE_ACCEPTANCE",
                "COMPLETION_ACCEPTANCE",
                "FILE_ACCEPTANCE_MATERIALS",
                "FINAL_ACCOUNTS",
            ],
            id="TH-27-1 standard",
        ),
        pytest.param(
            True,
            [
                "MLPS_AND_CRYPTO_ASSESSMENT_PASSED",
                "ARCHIVE_ACCEPTANCE",
                "COMPLETION_ACCEPTANCE_UNDER_SECRECY_RULES",
                "FILE_ACCEPTANCE_MATERIALS",
                "SECRECY_REVIEW_BEFORE_OPERATION",
                "FINAL_ACCOUNTS",
            ],
            id="TH-27-5 classified",
        ),
    ],
)
def test_TH_27_1_TH_27_2_TH_27_4_TH_27_5_TH_28_1_TH_29_1_TH_39_2_sequence(decide, classified, expected):
    assert steps(decide, jurisdiction="TH", classified=classified) == expected
    assert step(decide, "MLPS_AND_CRYPTO_ASSESSMENT_PASSED", jurisdiction="TH")["gate"] is True


@pytest.mark.parametrize(
    ("phased", "first"), [(False, "ACCEPTANCE"), (None, "ACCEPTANCE"), (True, "ACCEPTANCE_PER_CONTRACT")]
)
def test_YB_14_1_YB_14_2_YB_14_3_YB_15_1_sequence(decide, phased, first):
    assert steps(decide, jurisdiction="YB", isPhasedMultiYear=phased) == [
        first,
        "HANDOVER",
        "DOSSIER_ARCHIVE",
    ]
    assert step(decide, "HANDOVER", jurisdiction="YB")["gate"] is True
