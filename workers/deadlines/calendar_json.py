"""The working-day calendar as the web workspace reads it: one small JSON file written at build time.

The Tasklist shows how many working days a task has left; it counts them in the browser with the
same calendar the deadlines worker uses (package data plus the administrator's override file), so
the figure on the page and the due date the worker computed agree. Only the exceptions are kept:
weekdays that are rest days and weekend days that are working days (调休上班).

Usage: ``python -m workers.deadlines.calendar_json OUT.json`` (``make web`` runs it).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from workers.deadlines.holiday_calendar import WorkingDayCalendar

_ONE_DAY = timedelta(days=1)


def calendar_document(calendar: WorkingDayCalendar) -> dict[str, Any]:
    """``{"years": {"2026": {"holidays": [...], "workdays": [...]}}}`` for every known year."""
    years: dict[str, dict[str, list[str]]] = {}
    for year in sorted(calendar.known_years):
        holidays: list[str] = []
        workdays: list[str] = []
        day = date(year, 1, 1)
        while day.year == year:
            working = calendar.is_working_day(day)
            if day.weekday() < 5 and not working:
                holidays.append(day.isoformat())
            elif day.weekday() >= 5 and working:
                workdays.append(day.isoformat())
            day += _ONE_DAY
        years[str(year)] = {"holidays": holidays, "workdays": workdays}
    return {"years": years}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python -m workers.deadlines.calendar_json 输出文件.json", file=sys.stderr)
        return 2
    overrides = os.environ.get("GOVIT_CALENDAR_OVERRIDES")
    calendar = WorkingDayCalendar.official(Path(overrides) if overrides else None)
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(calendar_document(calendar), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
