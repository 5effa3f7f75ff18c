"""Instants in the PRC civil time zone, read from the ISO 8601 texts processes carry."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_instant(value: object, default_time: time) -> datetime:
    """An aware instant in Asia/Shanghai from a date, a date-time or their ISO 8601 text.

    A date alone takes ``default_time``; a date-time without an offset is read as Shanghai time.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, default_time)
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = (
                datetime.combine(date.fromisoformat(text), default_time)
                if len(text) == 10
                else datetime.fromisoformat(text)
            )
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date or date-time") from None
    else:
        raise ValueError(f"{value!r} is not an ISO 8601 date or date-time")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def local_date(value: object) -> date:
    """The Shanghai calendar day of a date, a date-time or their ISO 8601 text."""
    return parse_instant(value, time(0)).date()


def at_local_time(day: date, clock_time: time) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=SHANGHAI)
