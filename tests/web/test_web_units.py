"""The workspace's own unit tests (web/test/*.test.ts, node's test runner over the esbuild bundle)
and the working days it counts in the browser, compared day by day with the deadlines worker's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from govit.messages import MessageError, message_variables
from workers.deadlines.arithmetic import DayLookup, working_days_between
from workers.deadlines.holiday_calendar import WorkingDayCalendar

PROJECT = Path(__file__).resolve().parents[2]
TESTS = PROJECT / "web" / ".tests"


@pytest.fixture(scope="module")
def bundled_tests() -> Path:
    subprocess.run(
        [sys.executable, "-m", "workers.deadlines.calendar_json", "web/.generated/working-days.json"],
        cwd=PROJECT,
        check=True,
    )
    subprocess.run(
        [sys.executable, "-m", "govit.messages_json", "web/.generated/message-catalog.json"],
        cwd=PROJECT,
        check=True,
    )
    subprocess.run(["node", "web/build.mjs", "--tests"], cwd=PROJECT, check=True, capture_output=True)
    return TESTS


def test_web_unit_tests_pass(bundled_tests: Path) -> None:
    files = sorted(str(path) for path in bundled_tests.glob("*.test.mjs"))
    assert files, "web/test has no *.test.ts"
    run = subprocess.run(["node", "--test", *files], check=False, cwd=PROJECT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout


def test_browser_counts_working_days_as_the_deadlines_worker(bundled_tests: Path) -> None:
    """Every day of 2025-2026 (Spring Festival, Golden Week, the adjusted working weekends) to the
    next 1..25 days and back; a year the calendar does not know is counted by weekends and marked."""
    lookup = DayLookup(WorkingDayCalendar.official(), allow_provisional=True)
    pairs: list[tuple[str, str]] = []
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        for span in (1, 3, 7, 12, 25):
            pairs.append((day.isoformat(), (day + timedelta(days=span)).isoformat()))
        pairs.append((day.isoformat(), (day - timedelta(days=9)).isoformat()))
        day += timedelta(days=5)
    pairs.append(("2026-12-28", "2027-01-08"))
    run = subprocess.run(
        ["node", str(bundled_tests / "workdays-oracle.mjs")],
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        check=True,
    )
    counted = json.loads(run.stdout)
    expected = [working_days_between(lookup, date.fromisoformat(a), date.fromisoformat(b)) for a, b in pairs]
    mismatches = [
        (pair, got["days"], want)
        for pair, got, want in zip(pairs, counted, expected, strict=True)
        if got["days"] != want
    ]
    assert mismatches == [], mismatches[:10]
    assert counted[-1]["provisional"] is True
    assert counted[0]["provisional"] is False


# Each case: jurisdiction, message, the facts typed into the event's form (an empty field is not given).
EVENT_CASES: list[tuple[str, str, dict[str, str]]] = [
    ("LG", "contract-signed", {}),
    ("LG", "contract-signed", {"contractSignedOn": "2026-03-05"}),
    ("LG", "contract-signed", {"contractSignedOn": "2026-03-05", "contractAmountYuan": "4800000"}),
    ("LG", "contract-signed", {"contractSignedOn": "2026-03-05", "contractAmountYuan": "4800000.50"}),
    ("LG", "contract-signed", {"contractSignedOn": "2026年3月5日"}),
    ("LG", "contract-signed", {"contractSignedOn": "2026-02-30"}),
    ("LG", "contract-signed", {"contractSignedOn": "2026-03-05T10:00:00+08:00"}),
    ("LG", "contract-signed", {"contractSignedOn": "2026-03-05", "contractAmountYuan": "四百八十万"}),
    ("HY", "contract-signed", {"contractSignedAt": "2026-03-05"}),
    ("HY", "contract-signed", {"contractAmountYuan": "1e6", "contractSignedAt": "2026-03-05"}),
    ("LG", "documents-resubmitted", {"documents": "[]"}),
    ("LG", "documents-resubmitted", {"documents": '{"a": 1}'}),
    ("LG", "documents-resubmitted", {"documents": "not json"}),
    ("LZ", "supervision-finding", {"findingDescription": "   "}),
    ("LZ", "supervision-finding", {"findingDescription": "未按期上线", "rectificationDue": "2026-04-01"}),
    ("YB", "construction-completed", {}),
    ("LG", "payment-due", {}),
]


def test_browser_checks_outside_events_as_govit_publish(bundled_tests: Path) -> None:
    """The instance page's check of an event's facts says what `govit publish` says, word for word,
    and sends the same variables."""
    cases = [{"jurisdiction": j, "name": n, "given": given} for j, n, given in EVENT_CASES]
    run = subprocess.run(
        ["node", str(bundled_tests / "events-oracle.mjs")],
        input=json.dumps(cases, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(run.stdout)
    for (jurisdiction, name, given), seen in zip(EVENT_CASES, browser, strict=True):
        assignments = [f"{key}={value}" for key, value in given.items() if value != ""]
        try:
            expected = {"ok": True, "variables": message_variables(jurisdiction, name, assignments)}
        except MessageError as refused:
            expected = {"ok": False, "message": str(refused)}
        assert seen == expected, (jurisdiction, name, given)


def test_the_build_loads_nothing_from_outside(bundled_tests: Path) -> None:
    """Government intranets are offline: index.html names only the app's own /assets/ files, and
    no style sheet imports a remote sheet or font (the CJK face is the system's)."""
    dist = PROJECT / "web" / "dist"
    index = (dist / "index.html").read_text(encoding="utf-8")
    referenced = re.findall(r'(?:src|href)="([^"]+)"', index)
    assert referenced, index
    outside = [ref for ref in referenced if not ref.startswith(("/assets/", "data:"))]
    assert outside == [], outside
    for ref in referenced:
        if ref.startswith("/assets/"):
            assert (dist / ref.lstrip("/")).is_file(), ref
    for sheet in (dist / "assets").glob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        remote = re.findall(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?(https?:|//)", text)
        assert remote == [], f"{sheet.name} loads {remote}"
