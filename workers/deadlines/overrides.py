"""The administrator's calendar override file.

When the State Council publishes a year's holiday schedule (国务院办公厅关于××年部分节假日安排的
通知), an administrator adds that year to the file named by ``GOVIT_CALENDAR_OVERRIDES``. A year in
the file replaces whatever the package knows about it, so the file also corrects a year. YAML (or
JSON, which YAML reads too)::

    years:
      2027:
        holidays:            # rest days on weekdays (weekends need not be listed)
          - 2027-01-01
          - 2027-02-06/2027-02-12   # an inclusive range, ISO 8601 interval notation
        workdays:            # adjusted working weekends (调休上班)
          - 2027-02-14

Every date must lie in the year it is listed under, and no date may be both a holiday and a
working day; a file that breaks either rule is refused with the entry named. Running workers read
the file again when it changes (see :class:`workers.deadlines.holiday_calendar.CalendarSource`),
so after adding a year an operator retries the incidents it caused; no restart is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml


class CalendarOverrideError(ValueError):
    """The override file is unreadable or malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class YearSchedule:
    """One year of the State Council schedule: weekday rest days and weekend working days."""

    holidays: frozenset[date]
    workdays: frozenset[date]


def load_overrides(path: Path) -> dict[int, YearSchedule]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalendarOverrideError(f"calendar override file {path}: cannot read it ({exc})") from exc
    except yaml.YAMLError as exc:
        raise CalendarOverrideError(f"calendar override file {path}: not valid YAML/JSON ({exc})") from exc
    if document is None:
        return {}
    if not isinstance(document, dict) or not isinstance(document.get("years"), dict):
        raise CalendarOverrideError(f"calendar override file {path}: expected a top-level 'years' mapping")
    return {
        _year_key(path, key): _year_schedule(path, _year_key(path, key), entry)
        for key, entry in document["years"].items()
    }


def _year_key(path: Path, key: Any) -> int:
    try:
        year = int(key)
    except (TypeError, ValueError):
        raise CalendarOverrideError(f"calendar override file {path}: {key!r} is not a year") from None
    if not 1900 <= year <= 2200:
        raise CalendarOverrideError(f"calendar override file {path}: {year} is not a plausible year")
    return year


def _year_schedule(path: Path, year: int, entry: Any) -> YearSchedule:
    where = f"calendar override file {path}, year {year}"
    if entry is None:
        entry = {}
    if not isinstance(entry, dict):
        raise CalendarOverrideError(f"{where}: expected a mapping with 'holidays' and 'workdays'")
    unknown = set(entry) - {"holidays", "workdays"}
    if unknown:
        raise CalendarOverrideError(f"{where}: unknown keys {sorted(unknown)}")
    holidays = frozenset(_dates(where, "holidays", year, entry.get("holidays") or []))
    workdays = frozenset(_dates(where, "workdays", year, entry.get("workdays") or []))
    clash = holidays & workdays
    if clash:
        raise CalendarOverrideError(
            f"{where}: {', '.join(sorted(d.isoformat() for d in clash))} listed as both holiday and workday"
        )
    return YearSchedule(holidays=holidays, workdays=workdays)


def _dates(where: str, field: str, year: int, items: Any) -> Iterable[date]:
    if not isinstance(items, list):
        raise CalendarOverrideError(f"{where}: '{field}' must be a list of dates")
    for item in items:
        for day in _expand(f"{where}, {field}", item):
            if day.year != year:
                raise CalendarOverrideError(f"{where}, {field}: {day.isoformat()} is not in {year}")
            yield day


def _expand(where: str, item: Any) -> Iterable[date]:
    if isinstance(item, date):
        return [item]
    if not isinstance(item, str):
        raise CalendarOverrideError(f"{where}: {item!r} is not a date")
    first_text, _, last_text = item.partition("/")
    first = _parse_date(where, first_text)
    last = _parse_date(where, last_text) if last_text else first
    if last < first:
        raise CalendarOverrideError(f"{where}: range {item!r} ends before it starts")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _parse_date(where: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CalendarOverrideError(f"{where}: {text!r} is not an ISO date (YYYY-MM-DD)") from None
