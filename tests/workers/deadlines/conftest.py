from pathlib import Path

import pytest
from calendar_data import OVERRIDES_2027

from workers.deadlines.holiday_calendar import WorkingDayCalendar


@pytest.fixture(scope="session")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar.official()


@pytest.fixture
def overrides_2027(tmp_path: Path) -> Path:
    path = tmp_path / "calendar-overrides.yaml"
    path.write_text(OVERRIDES_2027, encoding="utf-8")
    return path
