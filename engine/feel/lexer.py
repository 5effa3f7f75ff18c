"""Splits FEEL text into tokens; names with spaces are assembled later by the parser."""

from __future__ import annotations

import re
from typing import NamedTuple

from engine.feel.errors import FeelSyntaxError

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'", '"': '"', "\\": "\\"}

# After these tokens a "." starts a path, never a number such as ".5".
_VALUE_ENDS = frozenset({"name", "bname", "num", "str", "temporal"})


class Token(NamedTuple):
    """One token: ``kind`` is num, str, name, bname (backticked name), temporal, op, other or eof.

    A named tuple rather than a dataclass: tokens are built by the thousand when a model is
    deployed, and tuples are several times cheaper to build.
    """

    kind: str
    text: str
    start: int
    end: int
    value: str = ""
    """The decoded content of str/bname/temporal tokens, else the text."""


# One pass of this pattern yields the next simple token; strings, backticks and comments are
# scanned by hand. A name starts with a letter, "_", "$" or any non-ASCII symbol (an emoji, a CJK
# mark: feel-scala allows them in context keys) and goes on with those and digits.
_SIMPLE_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    | (?P<name>(?:[^\W\d]|[$]|[^\x00-\x7f\s])(?:[\w$]|[^\x00-\x7f\s])*)
    | (?P<op>\.\.|\*\*|<=|>=|!=|->|[=<>+\-*/()\[\]{},:.?])
    """,
    re.VERBOSE,
)
_FRACTION = re.compile(r"\.[0-9]+(?:[eE][+-]?[0-9]+)?")


def tokenize(source: str) -> list[Token]:
    """Tokenize ``source``; raises :class:`FeelSyntaxError` for an unterminated string or comment."""
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    length = len(source)
    while pos < length:
        char = source[pos]
        if char == "/" and source.startswith("//", pos):
            newline = source.find("\n", pos)
            pos = length if newline < 0 else newline + 1
            continue
        if char == "/" and source.startswith("/*", pos):
            close = source.find("*/", pos + 2)
            if close < 0:
                raise FeelSyntaxError("unterminated comment", source, pos)
            pos = close + 2
            continue
        if char == '"':
            end, text = _scan_string(source, pos)
            append(Token("str", source[pos:end], pos, end, text))
            pos = end
            continue
        if char == "@" and source.startswith('"', pos + 1):
            end, text = _scan_string(source, pos + 1)
            append(Token("temporal", source[pos:end], pos, end, text))
            pos = end
            continue
        if char == "`":
            close = source.find("`", pos + 1)
            if close <= pos + 1:
                raise FeelSyntaxError("unterminated or empty backtick name", source, pos)
            append(Token("bname", source[pos : close + 1], pos, close + 1, source[pos + 1 : close]))
            pos = close + 1
            continue
        if char == "." and _starts_fraction(tokens):
            fraction = _FRACTION.match(source, pos)
            if fraction:
                text = fraction.group()
                append(Token("num", text, pos, fraction.end(), text))
                pos = fraction.end()
                continue
        match = _SIMPLE_TOKEN.match(source, pos)
        if match is None:
            # a stray character may still belong to a known name (Student's name); the parser
            # rejects it anywhere else
            append(Token("other", char, pos, pos + 1, char))
            pos += 1
            continue
        kind = match.lastgroup
        end = match.end()
        if kind != "space":
            text = match.group()
            append(Token(kind or "other", text, pos, end, text))
        pos = end
    append(Token("eof", "", length, length))
    return tokens


def _starts_fraction(tokens: list[Token]) -> bool:
    """Whether a "." followed by digits is a number such as ".5" rather than a path step."""
    if not tokens:
        return True
    previous = tokens[-1]
    return previous.kind not in _VALUE_ENDS and previous.text not in (")", "]", "}", "?")


def _scan_string(source: str, quote: int) -> tuple[int, str]:
    """Scan the string whose opening quote is at ``quote``; returns (end offset, decoded text)."""
    parts: list[str] = []
    pos = quote + 1
    length = len(source)
    while pos < length:
        char = source[pos]
        if char == '"':
            return pos + 1, "".join(parts)
        if char == "\\" and pos + 1 < length:
            escape = source[pos + 1]
            if escape in _ESCAPES:
                parts.append(_ESCAPES[escape])
                pos += 2
                continue
            if escape in "uU":
                digits = 4 if escape == "u" else 6
                code = source[pos + 2 : pos + 2 + digits]
                if len(code) == digits and all(c in "0123456789abcdefABCDEF" for c in code):
                    parts.append(_decode_code_point(int(code, 16), source, pos))
                    pos += 2 + digits
                    # a surrogate pair written as two \u escapes is one character
                    if len(parts) >= 2 and _is_surrogate_pair(parts[-2], parts[-1]):
                        high, low = parts.pop(-2), parts.pop()
                        parts.append(_join_surrogates(high, low))
                    continue
                raise FeelSyntaxError(f"invalid \\{escape} escape in string", source, pos)
            parts.append(char)
            pos += 1
            continue
        parts.append(char)
        pos += 1
    raise FeelSyntaxError("unterminated string", source, quote)


def _decode_code_point(code: int, source: str, pos: int) -> str:
    if code > 0x10FFFF:
        raise FeelSyntaxError("invalid unicode escape in string", source, pos)
    return chr(code)


def _is_surrogate_pair(high: str, low: str) -> bool:
    return len(high) == 1 and len(low) == 1 and 0xD800 <= ord(high) <= 0xDBFF and 0xDC00 <= ord(low) <= 0xDFFF


def _join_surrogates(high: str, low: str) -> str:
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))
