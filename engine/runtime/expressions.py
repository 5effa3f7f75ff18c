"""Evaluating model expressions where the engine needs a value of a given type.

A wrong type becomes an incident with Zeebe's wording, e.g. "Expected result of the expression
'amount > 5' to be 'BOOLEAN', but was 'NULL'."
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Mapping
from typing import Any

from engine.bpmn.expression import Expression
from engine.bpmn.timers import Duration, TimerOutOfRange, TimerValueError, parse_date, parse_duration
from engine.feel import java_text
from engine.feel.clock import system_zone
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration
from engine.runtime.processing import StepFailure

EXTRACT_VALUE_ERROR = "EXTRACT_VALUE_ERROR"


def type_name(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int | float | decimal.Decimal):
        return "NUMBER"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, list):
        return "ARRAY"
    if isinstance(value, dict):
        return "OBJECT"
    # the rest as Zeebe's FeelEvaluationResult.getType names them; times, ranges and functions are UNKNOWN
    if isinstance(value, _dt.datetime):
        return "DATE_TIME"
    if isinstance(value, _dt.date):
        return "DATE"
    if isinstance(value, DaysTimeDuration):
        return "DURATION"
    if isinstance(value, YearsMonthsDuration):
        return "PERIOD"
    return "UNKNOWN"


def _body(expression: Expression) -> str:
    return expression.source[1:] if expression.source.startswith("=") else expression.source


def _mismatch(expression: Expression, expected: str, value: Any, error_type: str) -> StepFailure:
    return StepFailure(
        error_type,
        f"Expected result of the expression '{_body(expression)}' to be "
        f"'{expected}', but was '{type_name(value)}'.",
    )


def boolean(expression: Expression, context: Mapping[str, Any], error_type: str = "CONDITION_ERROR") -> bool:
    value = expression.evaluate(context)
    if not isinstance(value, bool):
        raise _mismatch(expression, "BOOLEAN", value, error_type)
    return value


def string(expression: Expression, context: Mapping[str, Any]) -> str:
    value = expression.evaluate(context)
    if not isinstance(value, str):
        raise _mismatch(expression, "STRING", value, EXTRACT_VALUE_ERROR)
    return value


def optional_string(expression: Expression | None, context: Mapping[str, Any]) -> str | None:
    if expression is None:
        return None
    value = expression.evaluate(context)
    if value is None or isinstance(value, str):
        return value
    raise _mismatch(expression, "STRING", value, EXTRACT_VALUE_ERROR)


def integer(expression: Expression, context: Mapping[str, Any]) -> int:
    value = expression.evaluate(context)
    if expression.is_static:
        try:
            return int(str(value).strip())
        except ValueError as exc:
            raise _mismatch(expression, "NUMBER", value, EXTRACT_VALUE_ERROR) from exc
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _mismatch(expression, "NUMBER", value, EXTRACT_VALUE_ERROR)
    return int(value)


def array(expression: Expression, context: Mapping[str, Any]) -> list[Any]:
    value = expression.evaluate(context)
    if not isinstance(value, list):
        raise _mismatch(expression, "ARRAY", value, EXTRACT_VALUE_ERROR)
    return value


def string_list(expression: Expression | None, context: Mapping[str, Any]) -> list[str]:
    """Candidate groups/users: a FEEL list of strings, or a static comma-separated text."""
    if expression is None:
        return []
    if expression.is_static:
        return [part.strip() for part in expression.source.split(",") if part.strip()]
    value = expression.evaluate(context)
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _mismatch(expression, "ARRAY", value, EXTRACT_VALUE_ERROR)
    return value


def correlation_key(expression: Expression, context: Mapping[str, Any], element_id: str) -> str:
    value = expression.evaluate(context)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    raise StepFailure(
        EXTRACT_VALUE_ERROR,
        f"Failed to extract the correlation key for '{_body(expression)}': The value must be either a string "
        f"or a number, but was '{type_name(value)}'.",
    )


def duration(expression: Expression, context: Mapping[str, Any]) -> Duration:
    value = expression.evaluate_feel(context)
    try:
        if isinstance(value, str):
            return parse_duration(value)
        seconds = getattr(value, "seconds", None)
        if isinstance(seconds, decimal.Decimal):
            try:
                return Duration(0, _dt.timedelta(seconds=float(seconds)))
            except OverflowError as exc:
                raise TimerOutOfRange(f"the duration {value} is out of range") from exc
        months = getattr(value, "months", None)
        if isinstance(months, int):
            return Duration(months, _dt.timedelta(0))
    except TimerOutOfRange:
        raise  # the caller names the range
    except TimerValueError as exc:
        raise StepFailure(
            EXTRACT_VALUE_ERROR, f"Invalid duration format '{value}' for expression '{_body(expression)}'."
        ) from exc
    raise StepFailure(
        EXTRACT_VALUE_ERROR,
        f"Expected result of the expression '{_body(expression)}' to be one of '[DURATION, PERIOD, STRING]', "
        f"but was '{type_name(value)}'.",
    )


def date_time(expression: Expression, context: Mapping[str, Any]) -> _dt.datetime:
    """A timer date as Zeebe's ``ExpressionProcessor.evaluateDateTimeExpression`` reads it: a FEEL
    date-time; a local one in the system's zone (``ZoneId.systemDefault()``); or a string that
    ``ZonedDateTime.parse`` accepts, which needs an offset."""
    return _zoned(expression.evaluate_feel(context), expression, "[DATE_TIME, STRING]")


def optional_date_time_text(expression: Expression | None, context: Mapping[str, Any]) -> str | None:
    """A user task's due or follow-up date as Zeebe keeps it: ``ZonedDateTime.toString()`` of the
    FEEL date-time or of the parsed string (``2026-10-09T17:00+08:00[Asia/Shanghai]``); None if empty."""
    if expression is None:
        return None
    value = expression.evaluate_feel(context)
    if value is None or value == "":
        return None
    return java_text.zoned_date_time(_zoned(value, expression, "[DATE_TIME, STRING, NULL]"))


def _zoned(value: Any, expression: Expression, accepted: str) -> _dt.datetime:
    """A date-time result read as Zeebe reads one; ``accepted`` names the types in the error."""
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=system_zone())
    if isinstance(value, str):
        try:
            return parse_date(value)
        except TimerValueError as exc:
            raise StepFailure(
                EXTRACT_VALUE_ERROR,
                f"Invalid date-time format '{value}' for expression '{_body(expression)}'.",
            ) from exc
    raise StepFailure(
        EXTRACT_VALUE_ERROR,
        f"Expected result of the expression '{_body(expression)}' to be one of '{accepted}', "
        f"but was '{type_name(value)}'.",
    )
