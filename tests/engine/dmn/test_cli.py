"""``python -m engine.dmn check|evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dmn_builders import decision_table, definitions

from engine.dmn.__main__ import main

SLA = definitions(
    decision_table(
        "UNIQUE",
        ["amount"],
        ["days"],
        [("fast", ["< 1000000"], ["5"], "LG-4-1"), ("slow", [">= 1000000"], ["10"])],
        decision_id="sla",
    )
)


@pytest.fixture
def sla_file(tmp_path: Path) -> Path:
    path = tmp_path / "sla.dmn"
    path.write_text(SLA)
    return path


def test_check_accepts_a_valid_model(sla_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(sla_file)]) == 0
    assert "ok (1 decisions)" in capsys.readouterr().out


def test_check_names_file_element_and_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.dmn"
    bad.write_text(SLA.replace('hitPolicy="UNIQUE"', 'hitPolicy="MOST"'))
    assert main(["check", str(bad)]) == 1
    assert "bad.dmn: decisionTable 'sla_table': unknown hit policy 'MOST'" in capsys.readouterr().err


def test_evaluate_prints_zeebe_shaped_json(sla_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(sla_file), "--decision", "sla", "--variables", '{"amount": 500}']) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["decisionOutput"] == 5
    [decision] = printed["evaluatedDecisions"]
    assert decision["decisionId"] == "sla"
    assert decision["evaluatedInputs"] == [{"inputId": "sla_i1", "inputName": "amount", "inputValue": 500}]
    assert decision["matchedRules"] == [
        {
            "ruleId": "fast",
            "ruleIndex": 1,
            "annotation": "LG-4-1",
            "evaluatedOutputs": [{"outputId": "sla_o1", "outputName": "days", "outputValue": 5}],
        }
    ]


def test_evaluate_reports_a_failed_decision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "overlap.dmn"
    path.write_text(SLA.replace("&gt;= 1000000", "-"))
    assert main(["evaluate", str(path), "--decision", "sla", "--variables", '{"amount": 5}']) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["failedDecisionId"] == "sla"
    assert "UNIQUE" in printed["failureMessage"]


def test_evaluate_rejects_variables_that_are_not_json(
    sla_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(sla_file), "--decision", "sla", "--variables", "{amount"]) == 2
    assert "--variables: invalid JSON" in capsys.readouterr().err
