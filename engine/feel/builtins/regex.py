"""Java regular expressions (feel-scala's pattern language) translated to Python's ``re``.

Most syntax is shared. Differences handled here: named groups ``(?<name>...)``, the end-of-input
anchor ``\\z``, the flag letters of ``replace``/``matches`` (``s``, ``m``, ``i``, ``x``, and XPath's
``q`` for a literal pattern) and the ``$1``/``${name}``/``\\$`` syntax of replacement strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.feel.builtins.registry import ArgumentError

_FLAGS = {"s": re.DOTALL, "m": re.MULTILINE, "i": re.IGNORECASE, "x": re.VERBOSE}
_NAMED_GROUP = re.compile(r"(?<!\\)\(\?<(?=[A-Za-z])")


def _translate(pattern: str) -> str:
    translated = _NAMED_GROUP.sub("(?P<", pattern)
    return re.sub(r"(?<!\\)((?:\\\\)*)\\z", r"\1\\Z", translated)


@lru_cache(maxsize=512)
def _compile(pattern: str, flags: str) -> re.Pattern[str]:
    options = 0
    for letter in flags:
        options |= _FLAGS.get(letter, 0)
    source = re.escape(pattern) if "q" in flags else _translate(pattern)
    return re.compile(source, options)


def compile_pattern(pattern: str, flags: str) -> re.Pattern[str]:
    try:
        return _compile(pattern, flags)
    except re.error as exc:
        raise ArgumentError(f"invalid pattern '{pattern}': {exc}") from exc


def expand_replacement(match: re.Match[str], template: str) -> str:
    """Expand a java replacement string: ``$n`` and ``${name}`` insert groups, ``\\x`` is a literal x."""
    out: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "\\" and index + 1 < len(template):
            out.append(template[index + 1])
            index += 2
        elif char == "$":
            index = _append_group(match, template, index + 1, out)
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _append_group(match: re.Match[str], template: str, index: int, out: list[str]) -> int:
    if index < len(template) and template[index] == "{":
        end = template.find("}", index)
        if end < 0:
            raise ArgumentError(f"unclosed group reference in replacement '{template}'")
        name = template[index + 1 : end]
        try:
            out.append(match.group(name) or "")
        except IndexError as exc:
            raise ArgumentError(f"no group '{name}' for replacement '{template}'") from exc
        return end + 1
    digits_end = index
    while digits_end < len(template) and template[digits_end].isdigit():
        digits_end += 1
    if digits_end == index:
        raise ArgumentError(f"illegal group reference in replacement '{template}'")
    # like java, take the longest prefix of the digits that names an existing group
    for end in range(digits_end, index, -1):
        group = int(template[index:end])
        if group <= (match.re.groups or 0):
            out.append(match.group(group) or "")
            return end
    raise ArgumentError(f"no group {template[index:digits_end]} for replacement '{template}'")
