"""Java's ``\\p{...}`` character classes as ranges for Python's ``re``, which has no ``\\p``.

Covered: Unicode general categories (``\\p{L}``, ``\\p{Lu}``, ``\\p{IsLu}``, ``\\p{gc=Nd}``), the Han
script (``\\p{IsHan}``, ``\\p{script=Han}``: Chinese characters), common blocks
(``\\p{InCJKUnifiedIdeographs}``, ``\\p{InBasicLatin}`` ...) and java's ASCII-only POSIX classes
(``\\p{Alpha}``, ``\\p{Digit}``, ``\\p{Punct}`` ...). Unknown names are reported as invalid patterns.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "A-Za-z",
    "Digit": "0-9",
    "Alnum": "A-Za-z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
}

# Unicode's Han script (what java's \p{IsHan} matches)
_HAN = (
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x3005, 0x3005), (0x3007, 0x3007),
    (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9), (0x20000, 0x2A6DF), (0x2A700, 0x2B739), (0x2B740, 0x2B81D),
    (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2F800, 0x2FA1D), (0x30000, 0x3134A),
    (0x31350, 0x323AF),
)  # fmt: skip

_BLOCKS = {
    "basiclatin": ((0x0000, 0x007F),),
    "latin1supplement": ((0x0080, 0x00FF),),
    "cjkunifiedideographs": ((0x4E00, 0x9FFF),),
    "cjkunifiedideographsextensiona": ((0x3400, 0x4DBF),),
    "cjksymbolsandpunctuation": ((0x3000, 0x303F),),
    "cjkcompatibilityideographs": ((0xF900, 0xFAFF),),
    "halfwidthandfullwidthforms": ((0xFF00, 0xFFEF),),
    "generalpunctuation": ((0x2000, 0x206F),),
}

_CATEGORY_GROUPS = ("L", "M", "N", "P", "S", "Z", "C")


def _ranges_text(ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    def char(code: int) -> str:
        return f"\\U{code:08x}"

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges)


@cache
def _categories() -> dict[str, list[tuple[int, int]]]:
    """Code point ranges of every general category and category group, from one pass over Unicode."""
    found: dict[str, list[tuple[int, int]]] = {}
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        for key in (category, category[0]):
            ranges = found.setdefault(key, [])
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return found


def class_body(name: str) -> str | None:
    """The inside of a ``[...]`` class equal to java's ``\\p{name}``; None for an unknown name."""
    if name in _POSIX:
        return _POSIX[name]
    key = name.replace(" ", "").replace("_", "")
    lowered = key.lower()
    if lowered in ("ishan", "script=han", "sc=han", "han"):
        return _ranges_text(_HAN)
    if lowered.startswith(("in", "block=", "blk=")):
        block = _BLOCKS.get(lowered.split("=", 1)[-1].removeprefix("in"))
        return None if block is None else _ranges_text(block)
    for prefix in ("Is", "gc=", "general_category=", "generalcategory="):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
            break
    if key in ("Letter", "IsLetter"):
        key = "L"
    if key in ("Digit", "IsDigit"):
        key = "Nd"
    if len(key) in (1, 2) and key[0] in _CATEGORY_GROUPS and (len(key) == 1 or key[1].islower()):
        ranges = _categories().get(key)
        return None if ranges is None else _ranges_text(ranges)
    return None
