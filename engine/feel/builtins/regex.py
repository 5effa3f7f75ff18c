"""Java regular expressions (feel-scala's pattern language) translated to Python's ``re``.

Most syntax is shared. Differences handled here: named groups ``(?<name>...)``; the end-of-input
anchor ``\\z``; ``.`` stops at every java line terminator (``\\r``, ``\\u0085``, ``\\u2028``,
``\\u2029``, not only ``\\n``); a class nested in a class is a union (``[A-Z-[OI]]``); the flag
letters ``s``, ``m``, ``i`` and ``x`` (others are ignored, as feel-scala does); and the
``$1``/``${name}``/``\\$`` syntax of replacement strings; ``\\p{...}`` classes (see
:mod:`engine.feel.builtins.unicode_classes`). Class intersection (``&&``) is not supported and
reported as an invalid pattern.

Patterns run on the ``regex`` module, which reads ``re``'s syntax and takes a timeout: a pattern
that backtracks without end (``(a+)+$``, ``\\s*[,，、]\\s*`` over a long run of spaces) stops when
the evaluation's time budget (:mod:`engine.feel.budget`) runs out instead of holding the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import regex as re

from engine.feel import budget
from engine.feel.builtins.registry import ArgumentError
from engine.feel.builtins.unicode_classes import class_body

T = TypeVar("T")

_FLAGS = {"s": re.DOTALL, "m": re.MULTILINE, "i": re.IGNORECASE, "x": re.VERBOSE}
_JAVA_DOT = "[^\\n\\r\\u0085\\u2028\\u2029]"
_INLINE_DOTALL = re.compile(r"\(\?[a-zA-Z]*s")


class _Translation:
    """One left-to-right pass over a java pattern, tracking escapes and character-class depth."""

    def __init__(self, pattern: str, dotall: bool) -> None:
        self.pattern, self.dotall = pattern, dotall
        self.out: list[str] = []
        self.depth = 0

    def run(self) -> str:
        pattern, index = self.pattern, 0
        while index < len(pattern):
            if pattern[index] == "\\" and index + 1 < len(pattern):
                escaped = pattern[index + 1]
                if escaped in "pP":
                    index = self._property(index)
                else:
                    end_of_input = escaped == "z" and self.depth == 0
                    self.out.append("\\Z" if end_of_input else pattern[index : index + 2])
                    index += 2
            elif self.depth == 0:
                index = self._outside_class(index)
            else:
                index = self._inside_class(index)
        return "".join(self.out)

    def _property(self, index: int) -> int:
        """``\\p{Name}``, ``\\pL`` and their negations ``\\P{...}``."""
        negated = self.pattern[index + 1] == "P"
        if self.pattern.startswith("{", index + 2):
            end = self.pattern.find("}", index + 2)
            if end < 0:
                raise ArgumentError(f"unclosed character property in '{self.pattern}'")
            name, after = self.pattern[index + 3 : end], end + 1
        else:
            name, after = self.pattern[index + 2 : index + 3], index + 3
        body = class_body(name)
        if body is None:
            raise ArgumentError(f"unknown character property '{name}' in '{self.pattern}'")
        if self.depth == 0:
            self.out.append(f"[{'^' if negated else ''}{body}]")
        elif negated:
            raise ArgumentError(f"a negated property inside a class is not supported in '{self.pattern}'")
        else:
            self.out.append(body)
        return after

    def _outside_class(self, index: int) -> int:
        char = self.pattern[index]
        if char == "[":
            self.depth = 1
            self.out.append(char)
        elif char == "." and not self.dotall:
            self.out.append(_JAVA_DOT)
        elif self.pattern.startswith("(?<", index) and self.pattern[index + 3 : index + 4].isalpha():
            self.out.append("(?P<")
            return index + 3
        else:
            self.out.append(char)
        return index + 1

    def _inside_class(self, index: int) -> int:
        char = self.pattern[index]
        if char == "[":
            # java reads a nested class as a union with the enclosing one
            if self.pattern.startswith("[^", index):
                raise ArgumentError(f"negated nested classes are not supported in '{self.pattern}'")
            if self.out and self.out[-1] == "-":
                self.out[-1] = "\\-"
            self.depth += 1
        elif char == "]":
            self.depth -= 1
            if self.depth == 0:
                self.out.append(char)
        elif self.pattern.startswith("&&", index):
            raise ArgumentError(f"class intersection (&&) is not supported in '{self.pattern}'")
        else:
            self.out.append(char)
        return index + 1


@lru_cache(maxsize=512)
def _compile(pattern: str, flags: str) -> re.Pattern[str]:
    options = 0
    for letter in flags:
        options |= _FLAGS.get(letter, 0)
    dotall = bool(options & re.DOTALL) or _INLINE_DOTALL.search(pattern) is not None
    return re.compile(_Translation(pattern, dotall).run(), options)


def compile_pattern(pattern: str, flags: str) -> re.Pattern[str]:
    try:
        return _compile(pattern, flags)
    except re.error as exc:
        raise ArgumentError(f"invalid pattern '{pattern}': {exc}") from exc


def timed(work: Callable[[float | None], T]) -> T:
    """Run ``work(timeout)`` with what is left of the evaluation's time budget as the timeout."""
    current = budget.current()
    timeout = None if current is None else current.seconds_left()
    try:
        return work(timeout)
    except TimeoutError as exc:
        assert current is not None
        raise budget.BudgetExceeded("时间", f"{current.limits.seconds:g} 秒") from exc


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
