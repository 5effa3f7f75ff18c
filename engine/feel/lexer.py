"""Splits FEEL text into tokens; names with spaces are assembled later by the parser."""

from __future__ import annotations

from dataclasses import dataclass

from engine.feel.errors import FeelSyntaxError

# Longest first, so that "<=" wins over "<" and ".." over ".".
_OPERATORS = (
    "..",
    "**",
    "<=",
    ">=",
    "!=",
    "->",
    "=",
    "<",
    ">",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "?",
)

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'", '"': '"', "\\": "\\"}

# After these tokens a "." starts a path, never a number such as ".5".
_VALUE_ENDS = frozenset({"name", "bname", "num", "str", "temporal"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is num, str, name, bname (backticked name), temporal, op or eof."""

    kind: str
    text: str
    start: int
    end: int
    value: str = ""
    """The decoded content of str/bname/temporal tokens, else the text."""


def is_name_start(char: str) -> bool:
    # any non-ASCII symbol (an emoji, a CJK mark) may appear in a name, as in feel-scala's context keys
    return char.isalpha() or char in "_$" or (char > "\x7f" and not char.isspace())


def is_name_part(char: str) -> bool:
    return char.isalnum() or char in "_$" or (char > "\x7f" and not char.isspace())


def tokenize(source: str) -> list[Token]:
    """Tokenize ``source``; raises :class:`FeelSyntaxError` for an unterminated string or stray character."""
    tokens: list[Token] = []
    pos = 0
    length = len(source)
    while pos < length:
        char = source[pos]
        if char.isspace():
            pos += 1
            continue
        if source.startswith("//", pos):
            newline = source.find("\n", pos)
            pos = length if newline < 0 else newline + 1
            continue
        if source.startswith("/*", pos):
            close = source.find("*/", pos + 2)
            if close < 0:
                raise FeelSyntaxError("unterminated comment", source, pos)
            pos = close + 2
            continue
        previous_kind = tokens[-1].kind if tokens else ""
        previous_text = tokens[-1].text if tokens else ""
        starts_fraction = (
            char == "."
            and pos + 1 < length
            and source[pos + 1].isdigit()
            and previous_kind not in _VALUE_ENDS
            and previous_text not in (")", "]", "}", "?")
        )
        if char.isdigit() or starts_fraction:
            end = _scan_number(source, pos)
            tokens.append(Token("num", source[pos:end], pos, end, source[pos:end]))
            pos = end
        elif char == '"':
            end, text = _scan_string(source, pos)
            tokens.append(Token("str", source[pos:end], pos, end, text))
            pos = end
        elif char == "@" and pos + 1 < length and source[pos + 1] == '"':
            end, text = _scan_string(source, pos + 1)
            tokens.append(Token("temporal", source[pos:end], pos, end, text))
            pos = end
        elif char == "`":
            close = source.find("`", pos + 1)
            if close <= pos + 1:
                raise FeelSyntaxError("unterminated or empty backtick name", source, pos)
            tokens.append(Token("bname", source[pos : close + 1], pos, close + 1, source[pos + 1 : close]))
            pos = close + 1
        elif is_name_start(char):
            end = pos + 1
            while end < length and is_name_part(source[end]):
                end += 1
            word = source[pos:end]
            tokens.append(Token("name", word, pos, end, word))
            pos = end
        else:
            for operator in _OPERATORS:
                if source.startswith(operator, pos):
                    end = pos + len(operator)
                    tokens.append(Token("op", operator, pos, end, operator))
                    pos = end
                    break
            else:
                raise FeelSyntaxError(f"unexpected character {char!r}", source, pos)
    tokens.append(Token("eof", "", length, length))
    return tokens


def _scan_number(source: str, pos: int) -> int:
    end = pos
    length = len(source)
    while end < length and source[end].isdigit():
        end += 1
    # "1..3" is a range of integers, so a "." only belongs to the number when a digit follows.
    if end + 1 < length and source[end] == "." and source[end + 1].isdigit():
        end += 1
        while end < length and source[end].isdigit():
            end += 1
    # DMN 1.5 exponent: 1.23e4, 1.23E-4
    if end < length and source[end] in "eE":
        digits = end + 2 if end + 1 < length and source[end + 1] in "+-" else end + 1
        if digits < length and source[digits].isdigit():
            end = digits
            while end < length and source[end].isdigit():
                end += 1
    return end


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
