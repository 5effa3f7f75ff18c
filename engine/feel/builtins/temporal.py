"""Temporal built-ins: now and today (from the engine's clock), and calendar facts of a date."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.feel.builtins.registry import Table, date_part, overload
from engine.feel.clock import current_datetime

# English names whatever the process locale (java's TextStyle.FULL with Locale.ENGLISH)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _on_date(compute: Callable[[_dt.date], Any]) -> Callable[[Any], Any]:
    return lambda value: compute(date_part(value))


def _last_day_of_month(value: _dt.date) -> _dt.date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


FUNCTIONS: Table = {
    "now": [overload("", current_datetime)],
    "today": [overload("", lambda: current_datetime().date())],
    "day of year": [overload("date", _on_date(lambda d: Decimal(d.timetuple().tm_yday)))],
    "day of week": [overload("date", _on_date(lambda d: _DAYS[d.weekday()]))],
    "month of year": [overload("date", _on_date(lambda d: _MONTHS[d.month - 1]))],
    "week of year": [overload("date", _on_date(lambda d: Decimal(d.isocalendar().week)))],
    "last day of month": [overload("date", _on_date(_last_day_of_month))],
}
