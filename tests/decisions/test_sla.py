"""sla: each deadline of the five measures, as the deadlines worker reads it."""

import pytest

WD, M, Y = "WORKING_DAYS", "MONTHS", "YEARS"

# (rule id, jurisdiction, step, amount, unit, start event, force)
DEADLINES = [
    ("LG-11-3", "LG", "FSR_ITA_REVIEW", 5, WD, "formalAcceptanceAt", "HARD"),
    ("LG-12-5", "LG", "PD_ITA_PREREVIEW", 5, WD, "formalAcceptanceAt", "HARD"),
    ("LG-12-6", "LG", "PD_EXPERT_REVIEW", 5, WD, "preReviewPassedAt", "HARD"),
    ("LG-19-3", "LG", "CONTRACT_FILING", 10, WD, "contractSignedAt", "HARD"),
    ("LG-20-2", "LG", "PROGRESS_REPORT", 5, "WORKING_DAY_OF_NEXT_MONTH", "constructionStartedAt", "HARD"),
    ("LG-28-1", "LG", "SECURITY_TEST_REPORT", 3, WD, "securityTestRequestedAt", "HARD"),
    ("LG-36-2", "LG", "SURPLUS_REMIT", 30, WD, "finalAccountsReviewedAt", "HARD"),
    ("HY-11-4", "HY", "CRYPTO_REVIEW", 5, WD, "cryptoSubmittedAt", "SOFT"),
    ("HY-11-6", "HY", "ITA_PRELIM_REVIEW", 10, WD, "applicationSubmittedAt", "SOFT"),
    ("HY-11-7", "HY", "FIN_FUND_REVIEW", 12, WD, "finReceivedAt", "SOFT"),
    ("HY-11-8", "HY", "ITA_APPROVAL", 5, WD, "opinionsAvailableAt", "SOFT"),
    ("HY-24-1", "HY", "CONFORMITY_REVIEW", 10, WD, "conformitySubmittedAt", "SOFT"),
    ("LZ-23-5", "LZ", "ACCEPTANCE", 6, M, "constructionCompletedAt", "HARD"),
    ("LZ-34-1", "LZ", "SELF_EVALUATION", 12, M, "goLiveAt", "HARD"),
    ("LZ-15-1", "LZ", "STANDARD_PUBLISHED", 1, Y, "acceptancePassedAt", "SOFT"),
    ("TH-11-2", "TH", "ITA_PREREVIEW", 5, WD, "applicationSubmittedAt", "HARD"),
    ("TH-11-3", "TH", "OWNER_FIX", 15, WD, "preliminaryOpinionAt", "HARD"),
    ("TH-11-5", "TH", "DEPT_JOINT_REVIEW", 3, WD, "jointReviewStartedAt", "HARD"),
    ("TH-11-6", "TH", "JOINT_EXPERT_REVIEW", 5, WD, "expertReviewStartedAt", "HARD"),
    ("TH-24-1", "TH", "DELAY_ALERT", 6, M, "approvedCompletionDate", "HARD"),
    ("TH-24-2", "TH", "NOT_STARTED_ALERT", 6, M, "preliminaryDesignApprovedAt", "HARD"),
    ("TH-27-1", "TH", "ACCEPTANCE", 6, M, "constructionCompletedAt", "HARD"),
    ("TH-27-4", "TH", "FINAL_ACCOUNTS", 3, M, "acceptancePassedAt", "HARD"),
    ("TH-30-1", "TH", "SELF_EVALUATION", 12, M, "goLiveAt", "HARD"),
    ("YB-12-1", "YB", "CONTRACT_FILING", 7, WD, "contractSignedAt", "HARD"),
    ("YB-15-1", "YB", "DOSSIER_ARCHIVE", 10, WD, "acceptancePassedAt", "HARD"),
]


@pytest.mark.parametrize("row", [pytest.param(row, id=f"{row[0]} {row[2]}") for row in DEADLINES])
def test_deadline(decide, row):
    _, jurisdiction, step, amount, unit, start, force = row
    out = decide("sla", jurisdiction=jurisdiction, step=step)
    assert (out["amount"], out["unit"], out["startEvent"], out["force"]) == (amount, unit, start, force)
    # the deadlines worker reads `period` ("5WD", "6M", "1Y")
    short = {WD: "WD", M: "M", Y: "Y"}.get(unit)
    assert out["period"] == (f"{amount}{short}" if short else None)


@pytest.mark.parametrize(
    ("jurisdiction", "step", "due"),
    [
        pytest.param("LG", "PERF_REPORT", "12-31", id="LG-22-1 yearly performance report"),
        pytest.param("HY", "ANNUAL_LIST", "06-30", id="HY-6-1 annual list before Q3"),
        pytest.param("LZ", "ANNUAL_PLAN", "12-31", id="LZ-6-1 annual plan"),
        pytest.param("LZ", "PERF_REPORT", "12-31", id="LZ-24-1 yearly performance report"),
        pytest.param("TH", "PERF_REPORT", "12-31", id="TH-23-1 yearly performance report"),
        pytest.param("YB", "OM_DECLARATION", "12-31", id="YB-5-1 year-end O&M declaration"),
    ],
)
def test_yearly_due_dates(decide, jurisdiction, step, due):
    out = decide("sla", jurisdiction=jurisdiction, step=step)
    assert (out["unit"], out["dueMonthDay"], out["amount"], out["period"]) == ("ANNUAL", due, None, None)


def test_HY_11_4_HY_11_6_HY_11_7_HY_11_8_HY_24_1_soft_deadlines_remind_never_decide(decide):
    # A-GEN-3: 原则上 deadlines escalate; they never approve or reject by themselves
    for step in (
        "CRYPTO_REVIEW",
        "ITA_PRELIM_REVIEW",
        "FIN_FUND_REVIEW",
        "ITA_APPROVAL",
        "CONFORMITY_REVIEW",
    ):
        assert decide("sla", jurisdiction="HY", step=step)["onBreach"] == "REMIND_AND_ESCALATE"


def test_TH_11_3_late_revision_returns_the_application(decide):
    assert decide("sla", jurisdiction="TH", step="OWNER_FIX")["onBreach"] == "RETURN_APPLICATION"


def test_TH_27_4_final_accounts_at_most_6_months(decide):
    out = decide("sla", jurisdiction="TH", step="FINAL_ACCOUNTS")
    assert (out["amount"], out["maxAmount"], out["onBreach"]) == (3, 6, "REQUEST_FIN_EXTENSION")
    assert (out["period"], out["maxPeriod"]) == ("3M", "6M")


def test_LZ_23_6_TH_27_3_late_acceptance_asks_for_an_extension(decide):
    assert decide("sla", jurisdiction="LZ", step="ACCEPTANCE")["onBreach"] == "REQUEST_EXTENSION"
    assert decide("sla", jurisdiction="TH", step="ACCEPTANCE")["onBreach"] == "EXPLAIN_EXTENSION"


def test_HY_6_2_late_list_escalates(decide):
    assert decide("sla", jurisdiction="HY", step="ANNUAL_LIST")["onBreach"] == "ESCALATE"


@pytest.mark.parametrize(
    ("jurisdiction", "step"),
    [("HY", "CONTRACT_FILING"), ("YB", "FSR_ITA_REVIEW"), ("LG", "ACCEPTANCE"), ("TH", "UNKNOWN")],
)
def test_no_deadline_where_the_measure_sets_none(decide, jurisdiction, step):
    # A-HY-11 and A-YB-1: do not import other jurisdictions' numbers
    assert decide("sla", jurisdiction=jurisdiction, step=step) is None
