"""The TCK runner on a small TCK-shaped folder: reading typed values, comparing, the CSV format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from dmn_builders import decision_table, definitions
from lxml import etree

from engine.dmn.tck.__main__ import main
from engine.dmn.tck.cases import read_value
from engine.dmn.tck.compare import same_value
from engine.dmn.tck.runner import run_tck, summarize

TESTS = """<?xml version="1.0" encoding="UTF-8"?>
<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <modelName>0001-sla.dmn</modelName>
  <testCase id="001">
    <inputNode name="amount"><value xsi:type="xsd:decimal">10</value></inputNode>
    <resultNode name="d"><expected><value xsi:type="xsd:string">small</value></expected></resultNode>
  </testCase>
  <testCase id="002">
    <inputNode name="amount"><value xsi:type="xsd:decimal">99</value></inputNode>
    <resultNode name="d"><expected><value xsi:type="xsd:string">small</value></expected></resultNode>
  </testCase>
  <testCase id="003">
    <inputNode name="amount"><value xsi:nil="true"/></inputNode>
    <resultNode name="d" errorResult="true"><expected><value xsi:nil="true"/></expected></resultNode>
  </testCase>
</testCases>
"""


def tck_folder(root: Path) -> Path:
    folder = root / "compliance-level-2" / "0001-sla"
    folder.mkdir(parents=True)
    table = decision_table(
        "UNIQUE", ["amount"], ["r"], [("a", ["< 50"], ['"small"']), ("b", [">= 50"], ['"big"'])]
    )
    (folder / "0001-sla.dmn").write_text(definitions(table))
    (folder / "0001-sla-test-01.xml").write_text(TESTS)
    (root / "non-compliant" / "0002-skipped").mkdir(parents=True)
    return root


def test_one_row_per_test_case_and_counts_per_level(tmp_path: Path) -> None:
    results = run_tck(tck_folder(tmp_path))
    assert [(r.folder, r.test_file, r.case_id, r.result) for r in results] == [
        ("compliance-level-2/0001-sla", "0001-sla-test-01", "001", "SUCCESS"),
        ("compliance-level-2/0001-sla", "0001-sla-test-01", "002", "ERROR"),
        ("compliance-level-2/0001-sla", "0001-sla-test-01", "003", "SUCCESS"),
    ]
    assert results[1].message == "FAILURE: 'd' expected='small' but found='big'"
    assert summarize(results) == {"compliance-level-2": (2, 1), "compliance-level-3": (0, 0)}


def test_command_line_prints_one_line_per_level_and_writes_the_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "out.csv"
    assert main([str(tck_folder(tmp_path / "tck")), "--results", str(csv_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "compliance-level-2: 2 passed, 1 failed",
        "compliance-level-3: 0 passed, 0 failed",
    ]
    assert csv_path.read_text().splitlines()[0] == (
        '"compliance-level-2/0001-sla","0001-sla-test-01","001","SUCCESS",""'
    )


def value(xml: str) -> object:
    wrapped = (
        '<expected xmlns="http://www.omg.org/spec/DMN/20160719/testcase" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:xsd="http://www.w3.org/2001/XMLSchema">{xml}</expected>'
    )
    return read_value(etree.fromstring(wrapped))


def test_typed_values_components_lists_and_nil() -> None:
    assert value('<value xsi:type="xsd:double">1.5</value>') == Decimal("1.5")
    assert value('<value xsi:type="xsd:boolean">false</value>') is False
    assert value('<value xsi:type="xsd:date">2026-10-01</value>') == dt.date(2026, 10, 1)
    assert value('<value xsi:type="xsd:string"> padded </value>') == " padded "
    assert value('<value xsi:nil="true"/>') is None
    assert value(
        '<component name="a"><value xsi:type="xsd:decimal">1</value></component>'
        '<component name="b"><list><item><value xsi:type="xsd:string">x</value></item>'
        '<item><value xsi:nil="true"/></item></list></component>'
    ) == {"a": Decimal(1), "b": ["x", None]}


def test_numbers_compare_within_1e_8_other_values_strictly() -> None:
    assert same_value(Decimal("2778.69354943277"), Decimal("2778.693549432766768088520383236299"))
    assert not same_value(Decimal("1.0"), Decimal("1.00000002"))
    assert not same_value(Decimal(1), "1")
    assert not same_value(True, Decimal(1))
    assert not same_value({"a": Decimal(1)}, {"a": Decimal(1), "b": None})
    assert same_value(None, None)
    assert not same_value(None, [])
