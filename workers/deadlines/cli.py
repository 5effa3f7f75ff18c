"""The clerk's command: ``python -m workers.deadlines 2026-09-30 5WD`` prints ``2026-10-13``.

Exit status 0 with the due day on stdout; 2 for bad arguments, an unknown calendar year or a bad
override file, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from workers.deadlines.arithmetic import DayLookup, add_period
from workers.deadlines.holiday_calendar import UnknownCalendarYearError, WorkingDayCalendar
from workers.deadlines.instants import at_local_time, local_date
from workers.deadlines.overrides import CalendarOverrideError
from workers.deadlines.periods import Period
from workers.deadlines.settings import DeadlineSettings, SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m workers.deadlines",
        description="Due day of a deadline on the PRC working-day calendar (start day not counted).",
    )
    parser.add_argument("start", help="start date, YYYY-MM-DD (or an ISO date-time)")
    parser.add_argument("period", help="NWD (working days), NM (months) or NY (years), e.g. 5WD")
    parser.add_argument(
        "--overrides", type=Path, help="calendar override file (default: $GOVIT_CALENDAR_OVERRIDES)"
    )
    parser.add_argument(
        "--provisional",
        action="store_true",
        help="answer years the calendar does not know by weekends only, flagged as provisional",
    )
    parser.add_argument(
        "--time", action="store_true", help="print the due instant (end of the office day) instead"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = DeadlineSettings.from_env()
        start = local_date(args.start)
        period = Period.parse(args.period)
        calendar = WorkingDayCalendar.official(args.overrides or settings.calendar_overrides)
        lookup = DayLookup(calendar, allow_provisional=args.provisional)
        due = add_period(lookup, start, period)
    except (ValueError, SettingsError, CalendarOverrideError, UnknownCalendarYearError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(at_local_time(due, settings.office_day_end).isoformat() if args.time else due.isoformat())
    if lookup.provisional:
        print("note: provisional (weekends only) for a year the calendar does not know", file=sys.stderr)
    return 0
