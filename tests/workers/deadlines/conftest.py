from pathlib import Path

import pytest

from workers.deadlines.holiday_calendar import WorkingDayCalendar

# The State Council schedule for 2027 as an administrator would enter it (dates as published in
# the 2027 notice are not known to the package; these test the mechanism, not the schedule).
OVERRIDES_2027 = """\
years:
  2027:
    holidays:
      - 2027-01-01
      - 2027-02-05/2027-02-11
      - 2027-10-01/2027-10-07
    workdays:
      - 2027-02-13
      - 2027-10-09
"""


@pytest.fixture(scope="session")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar.official()


@pytest.fixture
def overrides_2027(tmp_path: Path) -> Path:
    path = tmp_path / "calendar-overrides.yaml"
    path.write_text(OVERRIDES_2027, encoding="utf-8")
    return path
