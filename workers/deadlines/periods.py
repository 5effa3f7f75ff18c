"""Deadline periods as the regulations state them: N working days, N months, N years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_PERIOD = re.compile(r"^\s*(\d{1,4})\s*(WD|M|Y)\s*$", re.IGNORECASE)


class PeriodUnit(StrEnum):
    WORKING_DAYS = "WD"
    MONTHS = "M"
    YEARS = "Y"


@dataclass(frozen=True)
class Period:
    amount: int
    unit: PeriodUnit

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``5WD``, ``3M`` or ``1Y`` (RULES.md §0.3 units); a bad text names itself."""
        match = _PERIOD.match(text)
        if match is None:
            raise ValueError(f"period {text!r} is not of the form NWD, NM or NY (e.g. 5WD, 3M, 1Y)")
        amount = int(match.group(1))
        if amount < 1:
            raise ValueError(f"period {text!r} must be at least 1")
        return cls(amount, PeriodUnit(match.group(2).upper()))

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.value}"
