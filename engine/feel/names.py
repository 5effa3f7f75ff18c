"""Recognising names that span several tokens: ``Monthly Salary``, ``Date-Time``, ``date and time``.

FEEL lets a name contain spaces and some operator characters, so the tokenizer cannot see where a
name ends. The parser asks a :class:`NameIndex` built from the names it knows (the caller's, the
built-in functions') for the longest known name starting at a token.
"""

from __future__ import annotations

from functools import lru_cache

from engine.feel.errors import FeelSyntaxError
from engine.feel.lexer import Token, tokenize

# Words that may follow a complete expression; they end a name made of several words.
STOP_WORDS = frozenset(
    {"and", "or", "in", "between", "instance", "then", "else", "return", "satisfies", "of"}
)


class NameIndex:
    """Known multi-token names, indexed by the text of their first token."""

    def __init__(self, names: frozenset[str]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name in names:
            texts = _token_texts(name)
            if len(texts) > 1:
                by_first.setdefault(texts[0], []).append((texts, normalise_space(name)))
        # longest first, so the first match is the longest one
        self._by_first = {
            first: sorted(entries, key=lambda entry: len(entry[0]), reverse=True)
            for first, entries in by_first.items()
        }

    def match(self, source: str, tokens: list[Token], index: int) -> int:
        """How many tokens from ``index`` spell the longest known name (0 if none does).

        The spacing must agree too (runs of whitespace count as one space): with the name
        ``Date-Time`` known, ``Date - Time`` is still a subtraction.
        """
        candidates = self._by_first.get(tokens[index].text)
        if not candidates:
            return 0
        for texts, spelled in candidates:
            end = index + len(texts)
            if (
                end <= len(tokens)
                and all(tokens[index + i].text == t for i, t in enumerate(texts))
                and normalise_space(source[tokens[index].start : tokens[end - 1].end]) == spelled
            ):
                return len(texts)
        return 0


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _token_texts(name: str) -> tuple[str, ...]:
    try:
        tokens = tokenize(name)
    except FeelSyntaxError:
        return ()
    return tuple(token.text for token in tokens if token.kind != "eof")


@lru_cache(maxsize=256)
def name_index(names: frozenset[str]) -> NameIndex:
    return NameIndex(names)
