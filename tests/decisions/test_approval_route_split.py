"""approvalRoute split by region: each region's table decides exactly as the one table did.

fixtures/approvalRoute-before-split.dmn is the single table as it stood before the split (all five
regions' rows, one ``jurisdiction`` column). Each region now has its own file,
decisions/approvalRoute_<region>.dmn, holding that region's rows with their ids, entries and the
rules their annotations cite, and only the columns those rows use: the ``jurisdiction`` column
(the decision id names the region) and the inputs and outputs another region's rows alone fill are
gone. An output
left out was null in every one of the region's rows, and a gateway reading ``route.x`` gets null
from a missing entry as from a null one. The grid below evaluates both tables on every value a
form can submit and on each threshold of the region's rows, at, just below and just above it.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from engine.dmn import DmnModel, parse_dmn
from engine.feel import to_json

ROOT = Path(__file__).resolve().parents[2]
BEFORE = Path(__file__).resolve().parent / "fixtures" / "approvalRoute-before-split.dmn"
REGIONS = ("LG", "HY", "LZ", "TH", "YB")
# The form field a table input is filled from, where the process maps it under another name.
FORM_KEYS = {"ybCategory": "projectCategory"}
# Variables the output cells read besides the inputs (LZ needsProposal, LZ-10-2 / LZ-10-3).
OUTPUT_CELL_VARIABLES = ("inCityPlan", "urgentMandated")
RULE_WITH_FORCE = re.compile(r"\b((?:LG|HY|LZ|TH|YB)-\d{1,3}-\d{1,3}) (HARD|SOFT|INFO)\b")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
STRING = re.compile(r'"([^"]*)"')


def forces_of(annotation: str) -> list[tuple[str, str]]:
    return RULE_WITH_FORCE.findall(annotation)


def _table(path: Path) -> etree._Element:
    table = etree.parse(str(path)).getroot().find(".//{*}decisionTable")
    assert table is not None, path
    return table


def _columns(table: etree._Element) -> list[tuple[str, str]]:
    """(input expression, typeRef) per input column."""
    columns = []
    for column in table.findall("{*}input"):
        expression = column.find("{*}inputExpression")
        assert expression is not None
        columns.append((expression.findtext("{*}text") or "", expression.get("typeRef", "")))
    return columns


def _rows(table: etree._Element) -> dict[str, list[str]]:
    return {
        rule.get("id", ""): [entry.findtext("{*}text") or "" for entry in rule.findall("{*}inputEntry")]
        for rule in table.findall("{*}rule")
    }


OLD_TABLE = _table(BEFORE)
OLD_COLUMNS = _columns(OLD_TABLE)
OLD_ROWS = _rows(OLD_TABLE)
OLD_MODEL = parse_dmn(BEFORE)


def _region_rows(region: str) -> dict[str, list[str]]:
    return {rule_id: cells for rule_id, cells in OLD_ROWS.items() if cells[0] == f'"{region}"'}


def _form_values() -> dict[str, set[Any]]:
    """Every value a form's select offers, by field key; a checkbox submits true or false."""
    found: dict[str, set[Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            key = node.get("key")
            if isinstance(key, str) and node.get("type") in ("select", "radio"):
                found.setdefault(key, set()).update(v["value"] for v in node.get("values", []))
            if isinstance(key, str) and node.get("type") == "checkbox":
                found.setdefault(key, set()).update({True, False})
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "forms").glob("*/*.form")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


FORM_VALUES = _form_values()


def _regimes() -> set[Any]:
    table = _table(ROOT / "decisions" / "applicability.dmn")
    names = [o.get("name") for o in table.findall("{*}output")]
    column = names.index("regime")
    cells = [
        rule.findall("{*}outputEntry")[column].findtext("{*}text") or "" for rule in table.findall("{*}rule")
    ]
    return {value for cell in cells for value in STRING.findall(cell)}


def _domain(region: str, column: int) -> list[Any]:
    """The values to try in one input column for a region: every literal of its rows, nearby
    numbers for each threshold, what the forms submit, null, and a value no row names."""
    expression, type_ref = OLD_COLUMNS[column]
    cells = [cells[column] for cells in _region_rows(region).values()]
    if type_ref == "boolean":
        return [True, False, None]
    if type_ref == "number":
        values: set[Decimal] = {Decimal(0), Decimal(500_000), Decimal(10) ** 10}
        for cell in cells:
            for literal in NUMBER.findall(cell):
                figure = Decimal(literal)
                values |= {figure - 1, figure - Decimal("0.5"), figure, figure + Decimal("0.5"), figure + 1}
        return [None, *sorted(values)]
    strings: set[Any] = {s for cell in cells for s in STRING.findall(cell)}
    strings |= FORM_VALUES.get(FORM_KEYS.get(expression, expression), set())
    if expression == "regime":
        strings |= _regimes()
    return [None, "OTHER", *sorted(strings)]


def _grid(region: str) -> Iterator[dict[str, Any]]:
    """Every combination of the region's own columns and of ``regime`` (every region's process
    passes it); the other regions' columns absent, then each at a value their rows test, in turn."""
    rows = _region_rows(region).values()
    used = [i for i in range(1, len(OLD_COLUMNS)) if any(cells[i] != "-" for cells in rows)]
    regime = next(i for i, (expression, _) in enumerate(OLD_COLUMNS) if expression == "regime")
    varied = used if regime in used else [regime, *used]
    others = [i for i in range(1, len(OLD_COLUMNS)) if i not in varied]
    names = [OLD_COLUMNS[i][0] for i in varied]
    domains = [_domain(region, i) for i in varied]
    if region == "LZ":
        names += OUTPUT_CELL_VARIABLES
        domains += [[True, False, None]] * len(OUTPUT_CELL_VARIABLES)
    for n, values in enumerate(itertools.product(*domains)):
        facts = {"jurisdiction": region, **dict(zip(names, values, strict=True))}
        yield facts
        samples = {OLD_COLUMNS[i][0]: _other_values(i) for i in others}
        yield {**facts, **{name: options[n % len(options)] for name, options in samples.items()}}


def _other_values(column: int) -> list[Any]:
    """The values other regions' rows test in this column: the region's table must ignore them."""
    values: list[Any] = []
    for cells in OLD_ROWS.values():
        cell = cells[column]
        if cell == "-":
            continue
        if STRING.findall(cell):
            values += STRING.findall(cell)
        elif NUMBER.findall(cell):
            values += [Decimal(n) for n in NUMBER.findall(cell)]
        else:
            values += [{"true": True, "false": False, "null": None}[c.strip()] for c in cell.split(",")]
    return list(dict.fromkeys(values))


def _decide(model: DmnModel, decision_id: str, variables: dict[str, Any]) -> tuple[Any, list[str]]:
    result = model.evaluate(decision_id, variables)
    matched = [rule.rule_id for rule in result.evaluated_decisions[-1].matched_rules]
    return to_json(result.output), matched


@pytest.fixture(scope="module")
def region_models() -> dict[str, DmnModel]:
    return {region: parse_dmn(ROOT / "decisions" / f"approvalRoute_{region}.dmn") for region in REGIONS}


def test_the_five_region_tables_hold_every_row_of_the_old_table_once() -> None:
    held: list[str] = []
    for region in REGIONS:
        rows = _rows(_table(ROOT / "decisions" / f"approvalRoute_{region}.dmn"))
        assert list(rows) == list(_region_rows(region)), region
        held += rows
    assert sorted(held) == sorted(OLD_ROWS)
    assert not (ROOT / "decisions" / "approvalRoute.dmn").exists()


@pytest.mark.parametrize("region", REGIONS)
def test_each_row_keeps_its_entries_outputs_and_annotation(region: str) -> None:
    old_rules = {r.get("id"): r for r in OLD_TABLE.findall("{*}rule")}
    new_table = _table(ROOT / "decisions" / f"approvalRoute_{region}.dmn")
    old_outputs = [o.get("name") for o in OLD_TABLE.findall("{*}output")]
    new_outputs = [o.get("name") for o in new_table.findall("{*}output")]
    new_columns = _columns(new_table)
    assert "jurisdiction" not in [expression for expression, _ in new_columns]
    for rule in new_table.findall("{*}rule"):
        old = old_rules[rule.get("id")]
        # the wording is chinese.json's to maintain; the rules a row cites and their force stay
        assert forces_of(rule.findtext("{*}description") or "") == forces_of(
            old.findtext("{*}description") or ""
        )
        old_inputs = dict(
            zip(OLD_COLUMNS, (e.findtext("{*}text") for e in old.findall("{*}inputEntry")), strict=True)
        )
        new_inputs = dict(
            zip(new_columns, (e.findtext("{*}text") for e in rule.findall("{*}inputEntry")), strict=True)
        )
        assert new_inputs == {c: v for c, v in old_inputs.items() if c in new_inputs}
        assert {v for c, v in old_inputs.items() if c not in new_inputs and c[0] != "jurisdiction"} <= {"-"}
        old_out = dict(
            zip(old_outputs, (e.findtext("{*}text") for e in old.findall("{*}outputEntry")), strict=True)
        )
        new_out = dict(
            zip(new_outputs, (e.findtext("{*}text") for e in rule.findall("{*}outputEntry")), strict=True)
        )
        assert new_out == {name: old_out[name] for name in new_outputs}
        assert {old_out[name] for name in old_outputs if name not in new_out} <= {"null"}


@pytest.mark.parametrize("region", REGIONS)
def test_region_table_decides_exactly_as_the_old_table_on_the_whole_grid(
    region: str, region_models: dict[str, DmnModel]
) -> None:
    model = region_models[region]
    decision_id = f"approvalRoute_{region}"
    rows_reached: set[str] = set()
    cases = 0
    for variables in _grid(region):
        old, old_matched = _decide(OLD_MODEL, "approvalRoute", variables)
        new, new_matched = _decide(model, decision_id, variables)
        assert new_matched == old_matched, variables
        if old is None:
            assert new is None, variables
        else:
            assert new == {name: old[name] for name in new}, variables
            assert all(value is None for name, value in old.items() if name not in new), variables
        rows_reached.update(old_matched)
        cases += 1
    # the grid reaches every row of the region, so every row's outputs were compared
    assert rows_reached == set(_region_rows(region))
    assert cases >= 40


@pytest.mark.parametrize("region", REGIONS)
def test_region_table_ignores_the_jurisdiction_it_is_named_after(
    region: str, region_models: dict[str, DmnModel]
) -> None:
    variables = next(v for v in _grid(region) if _decide(OLD_MODEL, "approvalRoute", v)[0] is not None)
    without = {k: v for k, v in variables.items() if k != "jurisdiction"}
    assert _decide(region_models[region], f"approvalRoute_{region}", without) == _decide(
        region_models[region], f"approvalRoute_{region}", variables
    )


def test_the_grid_tries_every_value_a_form_submits() -> None:
    assert {"GOVERNANCE", "PUBLIC_SERVICE", "MARKET_OPERATION"} <= set(_domain("LZ", 5))
    assert "CONSTRUCTION" in _domain("YB", 8) and "OM" in _domain("YB", 8)
    assert {"FULL", "UPPER_LEVEL_FILING", "TECH_REVIEW_ONLY", "OUT_OF_SCOPE"} <= set(_domain("LG", 1))
    totals = set(_domain("LG", 3))
    assert {Decimal(9_999_999), Decimal(10_000_000), Decimal(49_999_999), Decimal(50_000_000)} <= totals
    assert {Decimal("50000000.5"), Decimal(50_000_001)} <= totals
