"""Between JSON-like Python values (Zeebe variables) and FEEL values.

Numbers become :class:`~decimal.Decimal` on the way in and ``int``/``float`` on the way out;
temporal values leave as their FEEL ``string()`` form (``"2026-10-05"``, ``"P10D"``); ranges and
functions have no JSON form and leave as ``None``, as in Camunda.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine.feel.temporal_format import to_feel_string
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration

_TEMPORAL = (_dt.date, _dt.time, DaysTimeDuration, YearsMonthsDuration)


def from_json(value: Any) -> Any:
    """JSON-like Python (int/float/str/bool/None/list/dict) to FEEL values; FEEL values pass through."""
    if value is None or isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {str(key): from_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [from_json(item) for item in value]
    return value


def to_json(value: Any) -> Any:
    """FEEL values to JSON-like Python: integral numbers as int, others as float."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, _TEMPORAL):
        return to_feel_string(value)
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return None
