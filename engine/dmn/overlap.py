"""Find input combinations that more than one rule of a UNIQUE decision table matches.

Zeebe raises a DECISION_EVALUATION_ERROR incident when a UNIQUE table matches several rules, so an
overlap is a latent production incident. Process owners edit thresholds in Modeler; this analyser
tells them, before deployment, which rule pairs can match together and gives an input that does it.

Method: per input column, collect the boundary values the rules mention (numbers and their
neighbours ±1 and ±0.5, the midpoint between neighbouring numbers so that open intervals like
`(0.05..0.10)` get a value inside, dates ±1 day, string and boolean literals, null and a value no
literal names),
evaluate every rule's input entry against each of them, and report a pair of rules as overlapping
when every column has at least one value both entries accept. Columns are treated as independent, so
an entry that refers to another input variable is evaluated without it.
"""

from __future__ import annotations

import datetime
import itertools
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from engine.feel import FeelSyntaxError, compile_unary_tests

__all__ = ["Overlap", "OverlapAnalysisError", "find_overlaps", "main"]

_DATE_LITERAL = re.compile(r'(?:date\(\s*"(\d{4}-\d{2}-\d{2})"\s*\)|@"(\d{4}-\d{2}-\d{2})")')
_STRING_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
_NUMBER_LITERAL = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")
_OTHER_STRING = "\u2400not-named-by-any-rule"


class OverlapAnalysisError(Exception):
    """A decision table could not be analysed; the message names the file, decision and rule."""


@dataclass(frozen=True)
class Overlap:
    source: str
    decision_id: str
    rule_a: str
    rule_b: str
    example: Mapping[str, Any]  # input label -> a value both rules accept

    def __str__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.example.items())
        return (
            f"{self.source}: decision '{self.decision_id}': rules '{self.rule_a}' and '{self.rule_b}' "
            f"both match {{{shown}}}"
        )


@dataclass(frozen=True)
class _Column:
    label: str
    entries: tuple[str, ...]  # one unary-tests text per rule


def find_overlaps(source: Path | str | bytes, source_name: str | None = None) -> list[Overlap]:
    """Analyse every UNIQUE decision table of one DMN file (a path, or the XML itself)."""
    name, root = _load(source, source_name)
    overlaps: list[Overlap] = []
    for decision in root.iter("{*}decision"):
        table = decision.find("{*}decisionTable")
        if table is None or table.get("hitPolicy", "UNIQUE") != "UNIQUE":
            continue
        overlaps.extend(_analyse_table(name, decision.get("id", "?"), table))
    return overlaps


def _load(source: Path | str | bytes, source_name: str | None) -> tuple[str, etree._Element]:
    try:
        if isinstance(source, Path):
            return source_name or str(source), etree.parse(str(source)).getroot()
        data = source.encode("utf-8") if isinstance(source, str) else source
        return source_name or "<dmn>", etree.fromstring(data)
    except (OSError, etree.XMLSyntaxError) as err:
        raise OverlapAnalysisError(f"{source_name or source!s}: not a readable DMN file: {err}") from err


def _analyse_table(source: str, decision_id: str, table: etree._Element) -> list[Overlap]:
    labels = [
        inp.get("label") or _text(inp.find("{*}inputExpression")) or inp.get("id") or "?"
        for inp in table.findall("{*}input")
    ]
    rule_ids: list[str] = []
    rows: list[list[str]] = []
    for index, rule in enumerate(table.findall("{*}rule"), start=1):
        rule_id = rule.get("id") or f"rule #{index}"
        entries = [_text(entry) for entry in rule.findall("{*}inputEntry")]
        if len(entries) != len(labels):
            raise OverlapAnalysisError(
                f"{source}: decision '{decision_id}': rule '{rule_id}': "
                f"{len(entries)} input entries for {len(labels)} inputs"
            )
        rule_ids.append(rule_id)
        rows.append(entries)
    columns = [_Column(label, tuple(row[i] for row in rows)) for i, label in enumerate(labels)]
    matches = [_column_matches(source, decision_id, rule_ids, column) for column in columns]
    overlaps = []
    for a in range(len(rule_ids)):
        for b in range(a + 1, len(rule_ids)):
            example = _common_example(columns, matches, a, b)
            if example is not None:
                overlaps.append(Overlap(source, decision_id, rule_ids[a], rule_ids[b], example))
    return overlaps


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    text = element.findtext("{*}text")
    return (text or "").strip()


def _column_matches(
    source: str, decision_id: str, rule_ids: Sequence[str], column: _Column
) -> list[tuple[Any, frozenset[int]]]:
    """For each representative value: the indexes of the rules whose entry accepts it."""
    compiled = []
    for rule_id, entry in zip(rule_ids, column.entries, strict=True):
        try:
            compiled.append(compile_unary_tests(entry or "-", names=()))
        except FeelSyntaxError as err:
            raise OverlapAnalysisError(
                f"{source}: decision '{decision_id}': rule '{rule_id}': input '{column.label}': {err}"
            ) from err
    result = []
    for value in _representative_values(column.entries):
        accepted = frozenset(i for i, tests in enumerate(compiled) if tests.evaluate(value, {}).value is True)
        result.append((value, accepted))
    return result


def _representative_values(entries: Iterable[str]) -> list[Any]:
    values: list[Any] = [None, True, False, _OTHER_STRING, Decimal(0)]
    for entry in entries:
        rest = entry
        for match in _DATE_LITERAL.finditer(entry):
            day = datetime.date.fromisoformat(match.group(1) or match.group(2))
            values += [day - datetime.timedelta(days=1), day, day + datetime.timedelta(days=1)]
        rest = _DATE_LITERAL.sub(" ", rest)
        values += [_unescape(s) for s in _STRING_LITERAL.findall(rest)]
        rest = _STRING_LITERAL.sub(" ", rest)
        for literal in _NUMBER_LITERAL.findall(rest):
            n = Decimal(literal)
            values += [n - 1, n - Decimal("0.5"), n, n + Decimal("0.5"), n + 1]
    numbers = sorted({v for v in values if isinstance(v, Decimal)})
    values += [(low + high) / 2 for low, high in itertools.pairwise(numbers)]
    unique: list[Any] = []
    for value in values:
        # bool is an int subclass, so compare type as well as value
        if not any(type(value) is type(seen) and value == seen for seen in unique):
            unique.append(value)
    return unique


def _unescape(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal)


def _common_example(
    columns: Sequence[_Column], matches: Sequence[Sequence[tuple[Any, frozenset[int]]]], a: int, b: int
) -> dict[str, Any] | None:
    example: dict[str, Any] = {}
    for column, candidates in zip(columns, matches, strict=True):
        found = next((value for value, accepted in candidates if a in accepted and b in accepted), _NONE)
        if found is _NONE:
            return None
        example[column.label] = found
    return example


_NONE: Any = object()


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m engine.dmn.overlap FILE.dmn ...`: print overlaps, exit 1 if any (2 on a bad table)."""
    paths = list(sys.argv[1:] if argv is None else argv)
    found = 0
    for path in paths:
        try:
            overlaps = find_overlaps(Path(path))
        except OverlapAnalysisError as err:
            print(err, file=sys.stderr)
            return 2
        for overlap in overlaps:
            print(overlap)
        found += len(overlaps)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
