"""python -m engine.feel --jsonl: one JSON result per input line."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.feel.__main__ import evaluate_line, main, run


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"expression": "a + 1", "context": {"a": 1}}, {"value": 2, "warnings": []}),
        ({"expression": "0.1 + 0.2"}, {"value": 0.3, "warnings": []}),
        ({"expression": '@"2026-09-25" + @"P10D"'}, {"value": "2026-10-05", "warnings": []}),
        ({"expression": '@"P5D" + @"P5D"'}, {"value": "P10D", "warnings": []}),
        (
            {"expression": 'date and time("2026-09-30T17:30:00@Asia/Shanghai")'},
            {"value": "2026-09-30T17:30:00@Asia/Shanghai", "warnings": []},
        ),
        ({"expression": "{a: [1, 2], b: null}"}, {"value": {"a": [1, 2], "b": None}, "warnings": []}),
        ({"expression": "[1..2]"}, {"value": None, "warnings": []}),
        (
            {"expression": "Monthly Salary * 12", "context": {"Monthly Salary": 10}},
            {"value": 120, "warnings": []},
        ),
        (
            {"expression": "x"},
            {"value": None, "warnings": ["No variable found with name 'x'"]},
        ),
        ({"unaryTests": "< 10, [20..30]", "input": 25}, {"value": True, "warnings": []}),
        ({"unaryTests": '"A", "B"', "input": "C"}, {"value": False, "warnings": []}),
        (
            {"unaryTests": "< 10", "inputExpression": "a * 2", "context": {"a": 3}},
            {"value": True, "warnings": []},
        ),
        ({"unaryTests": "-", "input": None}, {"value": True, "warnings": []}),
    ],
)
def test_evaluate_line(request_: dict[str, object], expected: dict[str, object]) -> None:
    assert evaluate_line(json.dumps(request_)) == expected


@pytest.mark.parametrize(
    ("line", "error_start"),
    [
        ('{"expression": "1 +"}', "invalid FEEL at position 3 of '1 +'"),
        ('{"unaryTests": "< "}', "invalid FEEL at position 2"),
        ("not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"context": {}}', "expected an 'expression' or a 'unaryTests' field"),
        ('{"expression": "1", "context": 5}', "'context' must be a JSON object"),
    ],
)
def test_lines_that_cannot_be_evaluated_carry_an_error(line: str, error_start: str) -> None:
    result = evaluate_line(line)
    assert result["value"] is None
    assert str(result["error"]).startswith(error_start)


def test_run_writes_one_line_per_non_blank_input_line() -> None:
    out = io.StringIO()
    run(['{"expression": "1"}\n', "\n", '{"expression": "2"}\n'], out)
    assert [json.loads(line)["value"] for line in out.getvalue().splitlines()] == [1, 2]


def test_main_reads_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text('{"expression": "\\"政务\\" + \\"项目\\""}\n', encoding="utf-8")
    assert main(["--jsonl", str(source)]) == 0
    assert json.loads(capsys.readouterr().out) == {"value": "政务项目", "warnings": []}


def test_main_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--jsonl", str(tmp_path / "absent.jsonl")]) == 2
    assert "absent.jsonl" in capsys.readouterr().err


def test_module_reads_stdin() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "engine.feel", "--jsonl", "-"],
        input='{"expression": "2 * 21"}\n',
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert json.loads(completed.stdout) == {"value": 42, "warnings": []}
