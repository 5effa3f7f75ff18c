"""DMN 1.5 ``range(from)``: a range literal given as text, such as ``"[1..10)"`` or
``"[date(\\"2026-01-01\\")..@\\"2026-12-31\\"]"``.

The ends must be literals of one kind (numbers, strings, ``@"..."`` temporal literals, or ``date``,
``time``, ``date and time`` and ``duration`` applied to a string literal), in ascending order; any
other text is not a range and yields null.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from engine.feel.builtins.registry import ArgumentError, string
from engine.feel.temporal import compare, kind_of
from engine.feel.temporal_parse import (
    TemporalParseError,
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_temporal_literal,
    parse_time,
)
from engine.feel.values import FeelRange

_STRING = r'"(?:[^"\\]|\\.)*"'
_ENDPOINT = (
    rf"-?\d+(?:\.\d+)?|-?\.\d+|{_STRING}|@{_STRING}"
    rf"|(?:date and time|date|time|duration)\s*\(\s*{_STRING}\s*\)"
)
_RANGE = re.compile(rf"\s*([\[(\]])\s*({_ENDPOINT})\s*\.\.\s*({_ENDPOINT})\s*([\])\[])\s*")
_CALL = re.compile(rf"(date and time|date|time|duration)\s*\(\s*({_STRING})\s*\)")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "'": "'"}
_PARSERS = {
    "date": parse_date,
    "time": parse_time,
    "date and time": parse_date_and_time,
    "duration": parse_duration,
}


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), literal[1:-1])


def _endpoint(text: str) -> Any:
    if text.startswith('"'):
        return _unquote(text)
    if text.startswith("@"):
        value = parse_temporal_literal(_unquote(text[1:]))
        if value is None:
            raise ArgumentError(f"invalid temporal literal {text}")
        return value
    call = _CALL.fullmatch(text)
    if call is not None:
        try:
            return _PARSERS[call.group(1)](_unquote(call.group(2)))
        except TemporalParseError as exc:
            raise ArgumentError(str(exc)) from exc
    return Decimal(text)


def range_from_text(source: Any) -> FeelRange:
    text = string(source)
    match = _RANGE.fullmatch(text)
    if match is None:
        raise ArgumentError(f"'{text}' is not a range literal")
    opening, start_text, end_text, closing = match.groups()
    start, end = _endpoint(start_text), _endpoint(end_text)
    order = compare(start, end)
    if order is None:
        raise ArgumentError(f"the ends of '{text}' are a {kind_of(start)} and a {kind_of(end)}")
    if order > 0:
        raise ArgumentError(f"the start of '{text}' lies after its end")
    return FeelRange(start, end, opening == "[", closing == "]")
