"""ruleSetValidity: which measure is in force on the application date (RULES.md §0.1)."""

import pytest


@pytest.mark.parametrize(
    ("day", "status", "in_force"),
    [
        ("2021-07-05", "NOT_YET_IN_FORCE", False),
        ("2021-07-06", "IN_FORCE", True),
        ("2021-07-07", "IN_FORCE", True),
        ("2026-07-04", "IN_FORCE", True),
        ("2026-07-05", "IN_FORCE", True),
        ("2026-07-06", "EXPIRED", False),
        ("2030-01-01", "EXPIRED", False),
    ],
)
def test_LG_55_1_five_years_from_2021_07_06(decide, day, status, in_force):
    out = decide("ruleSetValidity", jurisdiction="LG", applicationDate=day)
    assert (out["status"], out["inForce"]) == (status, in_force)
    assert (out["validFrom"], out["validUntil"]) == ("2021-07-06", "2026-07-05")
    assert out["needsConfirmedSuccessor"] is (status == "EXPIRED")


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2022-09-28", "NOT_YET_IN_FORCE"),
        ("2022-09-29", "IN_FORCE"),
        ("2024-09-28", "IN_FORCE"),
        ("2024-09-29", "EXPIRED"),
        ("2026-11-22", "EXPIRED"),
    ],
)
def test_LZ_42_1_trial_measure_expired_after_2024_09_28(decide, day, status):
    out = decide("ruleSetValidity", jurisdiction="LZ", applicationDate=day)
    assert out["status"] == status
    assert out["inForce"] is (status == "IN_FORCE")
    # A-LZ-1: an application after expiry must ask for a confirmed successor, never apply LZ silently
    assert out["needsConfirmedSuccessor"] is (status == "EXPIRED")


@pytest.mark.parametrize(
    ("jurisdiction", "first_day", "confirmed"),
    [("HY", "2021-11-29", True), ("TH", "2024-01-01", False), ("YB", "2019-12-12", True)],
)
def test_HY_33_1_TH_40_1_YB_20_1_open_ended_measures(decide, jurisdiction, first_day, confirmed):
    import datetime

    start = datetime.date.fromisoformat(first_day)
    before = decide(
        "ruleSetValidity", jurisdiction=jurisdiction, applicationDate=str(start - datetime.timedelta(days=1))
    )
    on = decide("ruleSetValidity", jurisdiction=jurisdiction, applicationDate=first_day)
    later = decide("ruleSetValidity", jurisdiction=jurisdiction, applicationDate="2040-01-01")
    assert before["status"] == "NOT_YET_IN_FORCE" and before["inForce"] is False
    assert on["status"] == later["status"] == "IN_FORCE"
    assert on["validUntil"] is None
    assert on["effectiveDateConfirmed"] is confirmed  # A-TH-1: TH's issue date is not in the text


def test_LG_55_1_date_values_and_strings_agree(decide):
    import datetime

    as_date = decide("ruleSetValidity", jurisdiction="LG", applicationDate=datetime.date(2026, 7, 6))
    as_text = decide("ruleSetValidity", jurisdiction="LG", applicationDate="2026-07-06")
    assert as_date == as_text


@pytest.mark.parametrize("jurisdiction", ["LG", "HY", "LZ", "TH", "YB"])
def test_LG_55_1_LZ_42_1_missing_application_date(decide, jurisdiction):
    out = decide("ruleSetValidity", jurisdiction=jurisdiction, applicationDate=None)
    assert out["status"] == "APPLICATION_DATE_MISSING"
    assert out["inForce"] is False


def test_unknown_jurisdiction_has_no_rule_set(decide):
    assert decide("ruleSetValidity", jurisdiction="XX", applicationDate="2025-01-01") is None
