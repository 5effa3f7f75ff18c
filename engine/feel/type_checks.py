"""The checks behind ``instance of`` and typed function parameters."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from engine.feel import ast
from engine.feel.runtime import is_function
from engine.feel.values import DaysTimeDuration, FeelRange, YearsMonthsDuration

TypeCheck = Callable[[Any], bool]

SIMPLE_TYPES: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, _dt.date) and not isinstance(v, _dt.datetime),
    "time": lambda v: isinstance(v, _dt.time),
    "date and time": lambda v: isinstance(v, _dt.datetime),
    "date time": lambda v: isinstance(v, _dt.datetime),
    "dateTime": lambda v: isinstance(v, _dt.datetime),
    "days and time duration": lambda v: isinstance(v, DaysTimeDuration),
    "day-time-duration": lambda v: isinstance(v, DaysTimeDuration),
    "dayTimeDuration": lambda v: isinstance(v, DaysTimeDuration),
    "years and months duration": lambda v: isinstance(v, YearsMonthsDuration),
    "year-month-duration": lambda v: isinstance(v, YearsMonthsDuration),
    "yearMonthDuration": lambda v: isinstance(v, YearsMonthsDuration),
    "list": lambda v: isinstance(v, list),
    "context": lambda v: isinstance(v, dict),
    "range": lambda v: isinstance(v, FeelRange),
    "function": is_function,
    "Any": lambda v: v is not None,
    "Null": lambda v: v is None,
    "null": lambda v: v is None,
}


def type_label(spec: ast.TypeSpec) -> str:
    if spec.parameters and spec.result is None:
        return f"{spec.name}<{', '.join(type_label(p) for p in spec.parameters)}>"
    return spec.name


def type_predicate(spec: ast.TypeSpec, types: Mapping[str, TypeCheck]) -> TypeCheck:
    if spec.name in types:
        return types[spec.name]
    if spec.name == "list" and spec.parameters:
        element = type_predicate(spec.parameters[0], types)
        return lambda v: isinstance(v, list) and all(element(item) for item in v)
    if spec.name == "range" and spec.parameters:
        bound = type_predicate(spec.parameters[0], types)
        return lambda v: isinstance(v, FeelRange) and all(b is None or bound(b) for b in (v.start, v.end))
    if spec.name == "context" and spec.fields:
        fields = [(key, type_predicate(field, types)) for key, field in spec.fields]
        return lambda v: (
            isinstance(v, dict) and all(key in v and (v[key] is None or test(v[key])) for key, test in fields)
        )
    return SIMPLE_TYPES.get(spec.name, lambda v: False)
