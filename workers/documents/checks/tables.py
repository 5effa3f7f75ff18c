"""Reading the tables of forms and lists: columns by their header, fields by their label."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workers.documents.checks.base import normalize
from workers.documents.reading import Table


@dataclass(frozen=True)
class Column:
    """A column found by a header row: where it is, and the rows below it."""

    index: int
    header_row: int
    table: Table

    def values(self) -> list[str]:
        return [row[self.index] for row in self.table[self.header_row + 1 :] if self.index < len(row)]


def find_column(tables: Iterable[Table], keywords: Sequence[str]) -> Column | None:
    """The first column whose header cell contains one of ``keywords``."""
    for table in tables:
        for row_index, row in enumerate(table):
            for index, cell in enumerate(row):
                if any(keyword in normalize(cell) for keyword in keywords):
                    return Column(index, row_index, table)
    return None


def header_columns(table: Table, row_index: int, wanted: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Indices of the ``wanted`` columns (name → header keywords) found in one header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(table[row_index]):
        text = normalize(cell)
        for name, keywords in wanted.items():
            if name not in found and any(keyword in text for keyword in keywords):
                found[name] = index
    return found


def field_values(tables: Iterable[Table], label: str, labels: frozenset[str]) -> list[str] | None:
    """Every value written for ``label`` on a form; None when the form has no such label.

    The value is either written after the label in the same cell ("变更依据：……") or in the first
    cell to the right that is neither a repeat of the label (merged cells repeat) nor empty; when
    that cell is another label, the field is empty.
    """
    values: list[str] | None = None
    for table in tables:
        for row in table:
            for index in range(len(row)):
                value = _value_of(row, index, label, labels)
                if value is not None:
                    values = values if values is not None else []
                    values.append(value)
    return values


def _value_of(row: Sequence[str], index: int, label: str, labels: frozenset[str]) -> str | None:
    cell = row[index]
    if normalize(cell) == label:
        return _value_right_of(row, index, labels)
    compact = "".join(cell.split())
    for colon in (":", "："):
        if compact.startswith(label + colon):
            return compact[len(label) + 1 :]
    return None


def _value_right_of(row: Sequence[str], index: int, labels: frozenset[str]) -> str:
    label_cell = row[index]
    for cell in row[index + 1 :]:
        if cell == label_cell or not cell.strip():
            continue
        return "" if normalize(cell) in labels else cell
    return ""
