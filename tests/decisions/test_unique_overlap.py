"""No UNIQUE table of decisions/ can match two rules at once (Zeebe would raise an incident)."""

from decimal import Decimal
from pathlib import Path

import pytest

from engine.dmn.overlap import OverlapAnalysisError, find_overlaps, main

DECISIONS = sorted((Path(__file__).resolve().parents[2] / "decisions").glob("*.dmn"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.name)
def test_unique_tables_have_no_overlapping_rules(path):
    overlaps = find_overlaps(path)
    assert not overlaps, "overlapping rules:\n" + "\n".join(str(o) for o in overlaps)


def test_decisions_have_unique_tables_to_check():
    unique_files = [p.name for p in DECISIONS if 'hitPolicy="UNIQUE"' in p.read_text(encoding="utf-8")]
    regions = {f"approvalRoute_{region}.dmn" for region in ("LG", "HY", "LZ", "TH", "YB")}
    assert {"ruleSetValidity.dmn", "sla.dmn", "omFundingRoute.dmn", *regions} <= set(unique_files)


def test_analyser_reports_each_overlapping_pair_with_an_example():
    overlaps = find_overlaps(FIXTURES / "overlapping.dmn")
    pairs = {(o.rule_a, o.rule_b): o.example for o in overlaps}
    # FIRST tables are ordered fallbacks, never reported; adjacent bounds ([50..200] vs > 200) do not overlap
    assert set(pairs) == {("low", "mid"), ("ratio_a", "ratio_b"), ("until", "from")}
    assert pairs["low", "mid"]["jurisdiction"] == "LG"
    assert Decimal(50) <= pairs["low", "mid"]["amountYuan"] < Decimal(100)
    assert Decimal("0.05") < pairs["ratio_a", "ratio_b"]["ratio"] < Decimal("0.10")  # open interval found
    assert str(pairs["until", "from"]["applicationDate"]) == "2024-09-28"
    assert all(o.decision_id == "fee" for o in overlaps)
    assert "rules 'low' and 'mid' both match" in str(overlaps[0])


def test_analyser_accepts_xml_text_and_names_the_source():
    xml = (FIXTURES / "overlapping.dmn").read_text(encoding="utf-8")
    overlaps = find_overlaps(xml, source_name="fee.dmn")
    assert {o.source for o in overlaps} == {"fee.dmn"}


def test_unparsable_entry_fails_with_the_rule_id():
    with pytest.raises(OverlapAnalysisError) as err:
        find_overlaps(FIXTURES / "broken.dmn")
    message = str(err.value)
    assert "broken.dmn" in message and "decision 'route'" in message
    assert "rule 'LG_11_1_typo'" in message and "amountYuan" in message


def test_malformed_xml_fails_with_the_source_name():
    with pytest.raises(OverlapAnalysisError, match=r"sla\.dmn: not a readable DMN file"):
        find_overlaps("<definitions><decision", source_name="sla.dmn")


def test_command_line_exit_codes(capsys):
    assert main([str(p) for p in DECISIONS]) == 0
    assert main([str(FIXTURES / "overlapping.dmn")]) == 1
    assert "rules 'until' and 'from'" in capsys.readouterr().out
    assert main([str(FIXTURES / "broken.dmn")]) == 2
    assert "LG_11_1_typo" in capsys.readouterr().err


def test_a_closed_range_edit_in_approval_route_is_reported_with_the_rule_ids():
    # a process owner closes the LG 10M–50M band: 50,000,000 yuan would then match two rows
    text = (DECISIONS[0].parent / "approvalRoute_LG.dmn").read_text(encoding="utf-8")
    edited = text.replace("[10000000..50000000)", "[10000000..50000000]")
    assert edited != text
    overlaps = find_overlaps(edited, source_name="approvalRoute_LG.dmn")
    assert [(o.rule_a, o.rule_b) for o in overlaps] == [
        ("LG_10_5_new_initiative_from_10_million", "LG_11_1_new_initiative_from_50_million")
    ]
    assert overlaps[0].example["总投资（元） totalInvestmentYuan"] == Decimal(50_000_000)


def one_column_table(*entries: str) -> str:
    rules = "".join(
        f'<rule id="r{i}"><inputEntry id="r{i}_in"><text>{entry}</text></inputEntry>'
        f'<outputEntry id="r{i}_out"><text>{i}</text></outputEntry></rule>'
        for i, entry in enumerate(entries, start=1)
    )
    return (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="t" name="t" namespace="n">'
        '<decision id="d" name="d"><decisionTable id="dt">'
        '<input id="i" label="x"><inputExpression id="ie" typeRef="number"><text>x</text>'
        "</inputExpression></input>"
        f'<output id="o" name="y" typeRef="number"/>{rules}</decisionTable></decision></definitions>'
    )


@pytest.mark.parametrize(
    ("entries", "pairs"),
    [
        pytest.param(("? &gt;= 10 and ? &lt; 20", "[15..30]"), {("r1", "r2")}, id="expression column"),
        pytest.param(("not(1, 2)", "2"), set(), id="negation excludes the literal"),
        pytest.param(("not(1)", "2"), {("r1", "r2")}, id="negation leaves the rest"),
        pytest.param(("&lt; 0", "&gt;= 0", "null"), set(), id="null matches only null"),
        pytest.param(("-", "null"), {("r1", "r2")}, id="any matches null"),
        pytest.param(("(1..2)", "[2..3]"), set(), id="open bound"),
        pytest.param(("(1..2]", "[2..3]"), {("r1", "r2")}, id="closed bound"),
    ],
)
def test_analyser_on_single_column_tables(entries, pairs):
    found = {(o.rule_a, o.rule_b) for o in find_overlaps(one_column_table(*entries))}
    assert found == pairs
