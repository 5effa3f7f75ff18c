"""String built-ins, including Camunda's extract, trim, uuid, to base64 and is blank.

Positions count Unicode code points (the DMN specification's characters), so an emoji is one
character. Patterns are Java regular expressions in feel-scala; :mod:`engine.feel.builtins.regex`
turns them into Python ones.
"""

from __future__ import annotations

import base64
import os
import time
import uuid
from decimal import Decimal
from typing import Any

import regex as re

from engine.feel import budget
from engine.feel.builtins.regex import compile_pattern, expand_replacement, timed
from engine.feel.builtins.registry import ArgumentError, Table, integer, overload, string

# java's String.trim strips every character up to and including the space
_JAVA_TRIM = "".join(chr(code) for code in range(33))


def _start_index(text: str, position: int) -> int:
    return position - 1 if position > 0 else len(text) + position


def _substring(text: Any, start: Any, length: Any = None) -> str:
    value = string(text)
    begin = _start_index(value, integer(start))
    if begin < 0 or begin > len(value):
        raise ArgumentError(f"start position {integer(start)} is outside of '{value}'")
    if length is None:
        return value[begin:]
    count = integer(length)
    if count < 0:
        raise ArgumentError(f"length {count} is negative")
    return value[begin : min(begin + count, len(value))]


def _substring_before(text: Any, match: Any) -> str:
    value, part = string(text), string(match)
    index = value.find(part)
    return value[:index] if index > 0 else ""


def _substring_after(text: Any, match: Any) -> str:
    value, part = string(text), string(match)
    index = value.find(part)
    return value[index + len(part) :] if index >= 0 else ""


def _replace(text: Any, pattern: Any, replacement: Any, flags: Any = "") -> str:
    value, template = string(text), string(replacement)
    compiled = compile_pattern(string(pattern), string(flags) if flags is not None else "")

    def expand(match: re.Match[str]) -> str:
        return expand_replacement(match, template)

    return budget.check_size(timed(lambda timeout: compiled.sub(expand, value, timeout=timeout)))


def _matches(text: Any, pattern: Any, flags: Any = "") -> bool:
    compiled = compile_pattern(string(pattern), string(flags) if flags is not None else "")
    value = string(text)
    return timed(lambda timeout: compiled.search(value, timeout=timeout)) is not None


def _split(text: Any, delimiter: Any) -> list[str]:
    value = string(text)
    compiled = compile_pattern(string(delimiter), "")

    def pieces(timeout: float | None) -> list[str]:
        parts: list[str] = []
        last = 0
        for match in compiled.finditer(value, timeout=timeout):
            if match.end() == 0:
                continue  # java drops the empty leading piece of a zero-width match at the start
            parts.append(value[last : match.start()])
            last = match.end()
        parts.append(value[last:])
        return parts

    return timed(pieces)


def _extract(text: Any, pattern: Any) -> list[str]:
    compiled = compile_pattern(string(pattern), "")
    value = string(text)
    return timed(lambda timeout: [match.group(0) for match in compiled.finditer(value, timeout=timeout)])


def _uuid() -> str:
    # feel-scala generates time-ordered version 7 UUIDs
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80
    value |= int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


def _is_blank(text: Any) -> bool:
    return string(text).strip() == ""


FUNCTIONS: Table = {
    "substring": [
        overload("string, start position", _substring),
        overload("string, start position, length", _substring),
    ],
    "string length": [overload("string", lambda s: Decimal(len(string(s))))],
    "upper case": [overload("string", lambda s: string(s).upper())],
    "lower case": [overload("string", lambda s: string(s).lower())],
    "substring before": [overload("string, match", _substring_before)],
    "substring after": [overload("string, match", _substring_after)],
    "replace": [
        overload("input, pattern, replacement", _replace),
        overload("input, pattern, replacement, flags", _replace),
    ],
    "contains": [overload("string, match", lambda s, m: string(m) in string(s))],
    "starts with": [overload("string, match", lambda s, m: string(s).startswith(string(m)))],
    "ends with": [overload("string, match", lambda s, m: string(s).endswith(string(m)))],
    "matches": [
        overload("input, pattern", _matches),
        overload("input, pattern, flags", _matches),
    ],
    "split": [overload("string, delimiter", _split)],
    "extract": [overload("input, pattern", _extract)],
    "trim": [overload("string", lambda s: string(s).strip(_JAVA_TRIM))],
    "uuid": [overload("", _uuid)],
    "to base64": [overload("value", lambda s: base64.b64encode(string(s).encode("utf-8")).decode("ascii"))],
    "is blank": [overload("string", _is_blank)],
}
