"""Process owners read the decision tables in Chinese: names, labels and every row's annotation.

The Chinese lives in decisions/chinese.json (element id → English original and Chinese reading) and
tools/apply_decision_chinese.py writes it into the tables. These tests hold the tables to it: every
text Chinese, no English sentence left (identifiers, codes and rule ids may stay), every rule id and
its HARD/SOFT/INFO word of the English kept in order, and the tool's ``--check`` green.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import etree

from workers.dossier.articles import ambiguity_ids_in, rule_ids_in
from workers.dossier.dmn_rows import RowAnnotation, annotations_in_folder

ROOT = Path(__file__).resolve().parents[2]
DECISIONS = ROOT / "decisions"
TOOL = ROOT / "tools" / "apply_decision_chinese.py"
SOURCE = json.loads((DECISIONS / "chinese.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
CODE = re.compile(r"^[A-Z0-9_]+$")
RULE_OR_AMBIGUITY = re.compile(r"\b(?:A-)?(?:GEN|LG|HY|LZ|TH|YB)-\d{1,3}(?:-\d{1,3})?\b")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("apply_decision_chinese", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


TOOL_MODULE = _tool()


def _identifiers() -> set[str]:
    """Names a table text may cite as they are: variables, outputs, decision ids, FEEL keywords."""
    names: set[str] = {"null", "true", "false", "not", "and", "or", "date", "string", "split"}
    for path in DECISIONS.glob("*.dmn"):
        root = etree.parse(str(path)).getroot()
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            kind = etree.QName(element).localname
            if kind == "text" and element.getparent() is not None:
                parent = etree.QName(element.getparent()).localname
                if parent in ("inputExpression", "inputEntry", "outputEntry"):
                    names.update(LATIN_WORD.findall(element.text or ""))
            if kind == "output":
                names.add(element.get("name", ""))
            if kind == "decision":
                names.add(element.get("id", ""))
    return names


IDENTIFIERS = _identifiers()
TEXTS = [
    (path.name, item)
    for path in sorted(DECISIONS.glob("*.dmn"))
    for item in TOOL_MODULE.texts_of(path.read_bytes()).values()
]


def english_words(text: str) -> list[str]:
    """Latin words that are neither an identifier of the tables, a code (ITA, LG_STANDARD) nor a rule id."""
    stripped = RULE_OR_AMBIGUITY.sub(" ", text)
    return [w for w in LATIN_WORD.findall(stripped) if not CODE.match(w) and w not in IDENTIFIERS]


def test_every_translatable_text_of_every_table_is_found() -> None:
    kinds = {item.kind for _, item in TEXTS}
    assert kinds == {"definitions", "decision", "input", "output", "rule"}
    assert sum(1 for _, item in TEXTS if item.kind == "rule") >= 300


@pytest.mark.parametrize(("table", "item"), TEXTS, ids=[f"{t}:{i.element_id}" for t, i in TEXTS])
def test_text_is_chinese_without_english_sentences(table: str, item: Any) -> None:
    value = item.value
    assert CJK.search(value), f"{table} {item.element_id}: 没有中文：{value}"
    assert english_words(value) == [], f"{table} {item.element_id}: 仍有英文：{value}"


def test_english_check_catches_an_english_annotation() -> None:
    assert english_words("LG-11-1 HARD: feasibility study reviewed by the ITA") == [
        "feasibility",
        "study",
        "reviewed",
        "by",
        "the",
    ]
    assert english_words("LG-11-1 HARD：由 ITA 审核 totalInvestmentYuan（A-LG-5）") == []


ENTRIES = [(stem, element_id, entry) for stem, items in SOURCE.items() for element_id, entry in items.items()]


@pytest.mark.parametrize(("stem", "element_id", "entry"), ENTRIES, ids=[f"{s}:{e}" for s, e, _ in ENTRIES])
def test_rule_ids_forces_and_ambiguities_survive_translation(
    stem: str, element_id: str, entry: dict[str, str]
) -> None:
    english, chinese = entry["en"], entry["zh"]
    assert rule_ids_in(chinese) == rule_ids_in(english), f"{stem} {element_id}"
    assert TOOL_MODULE.forces_of(chinese) == TOOL_MODULE.forces_of(english), f"{stem} {element_id}"
    assert ambiguity_ids_in(chinese) == ambiguity_ids_in(english), f"{stem} {element_id}"
    assert TOOL_MODULE.translation_problems(element_id, english, chinese) == []


def test_check_passes_on_the_committed_tables() -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


def _english_copy(tmp_path: Path) -> Path:
    """The tables as they were before the translation: every text written back to its English."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    for path in sorted(DECISIONS.glob("*.dmn")):
        text = path.read_text(encoding="utf-8")
        for item in TOOL_MODULE.texts_of(path.read_bytes()).values():
            english = SOURCE[path.stem][item.element_id]["en"]
            text = TOOL_MODULE.rewrite(text, item, english, item.element_id)
        (folder / path.name).write_text(text, encoding="utf-8")
    shutil.copy(DECISIONS / "chinese.json", folder / "chinese.json")
    return folder


def test_applying_to_the_english_tables_gives_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    folder = _english_copy(tmp_path)
    assert TOOL_MODULE.run(check=True, decisions=folder, source=folder / "chinese.json")
    assert TOOL_MODULE.run(check=False, decisions=folder, source=folder / "chinese.json") == []
    for path in sorted(DECISIONS.glob("*.dmn")):
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_only_names_labels_and_annotations_differ_from_the_english(tmp_path: Path) -> None:
    folder = _english_copy(tmp_path)
    translated_line = re.compile(r"<description>|\b(?:name|label)=\"")
    for path in sorted(DECISIONS.glob("*.dmn")):
        before = (folder / path.name).read_text(encoding="utf-8").splitlines()
        after = path.read_text(encoding="utf-8").splitlines()
        assert len(before) == len(after), path.name
        for old, new in zip(before, after, strict=True):
            if old != new:
                assert translated_line.search(old), f"{path.name}: {old}"
                assert re.sub(r'"[^"]*"|>[^<]*<', "", old) == re.sub(r'"[^"]*"|>[^<]*<', "", new)


def test_a_table_edited_since_translation_is_named_not_overwritten(tmp_path: Path) -> None:
    folder = _english_copy(tmp_path)
    table = folder / "sla.dmn"
    edited = table.read_text(encoding="utf-8").replace(
        "LG-11-3 HARD: the ITA completes", "LG-11-3 HARD: the ITA now completes"
    )
    table.write_text(edited, encoding="utf-8")
    problems = TOOL_MODULE.run(check=False, decisions=folder, source=folder / "chinese.json")
    assert any("sla.dmn rule LG_11_3_fsr_review_5wd" in p and "--overwrite" in p for p in problems)
    assert "the ITA now completes" in table.read_text(encoding="utf-8")


def test_a_translation_that_drops_a_rule_id_or_force_is_refused() -> None:
    problems = TOOL_MODULE.translation_problems(
        "sla.dmn rule X", "LG-11-3 HARD, A-LG-2: text", "LG-11-3：正文"
    )
    assert any("LG-11-3 HARD" in p for p in problems)
    assert any("A-LG-2" in p for p in problems)
    assert "x: 译文缺少条款编号 LG-11-3" in TOOL_MODULE.translation_problems(
        "x", "LG-11-3 HARD: text", "LG-11-4 HARD: 正文"
    )


def test_check_fails_on_a_text_without_an_entry(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    shutil.copy(DECISIONS / "sla.dmn", folder / "sla.dmn")
    source = {"sla": {k: v for k, v in SOURCE["sla"].items() if k != "LG_11_3_fsr_review_5wd"}}
    (folder / "chinese.json").write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    problems = TOOL_MODULE.run(check=True, decisions=folder, source=folder / "chinese.json")
    assert problems == [
        "sla.dmn rule LG_11_3_fsr_review_5wd: chinese.json 中没有这段文本的中文："
        + SOURCE["sla"]["LG_11_3_fsr_review_5wd"]["zh"]
    ]


def test_the_dossier_shows_the_chinese_annotation_with_its_rule_ids_and_force() -> None:
    rows = annotations_in_folder(DECISIONS)
    assert len(rows) >= 300
    for (decision_id, row_id), row in rows.items():
        stem = next(
            s for s in SOURCE if row_id in SOURCE[s] and (s == decision_id or decision_id.startswith(s))
        )
        english = RowAnnotation(decision_id, row_id, SOURCE[stem][row_id]["en"])
        assert CJK.search(row.text), row_id
        assert row.text == SOURCE[stem][row_id]["zh"]
        assert (row.rule_ids, row.force, row.ambiguity_ids) == (
            english.rule_ids,
            english.force,
            english.ambiguity_ids,
        ), row_id


def test_a_translation_must_keep_the_annotation_head_as_it_is() -> None:
    problems = TOOL_MODULE.translation_problems(
        "x", "LG-11-1 HARD, LG-11-4 HARD: text", "LG-11-1 HARD、LG-11-4 HARD：正文"
    )
    assert problems == ["x: 译文须以原文的条款编号和效力开头，一字不改：LG-11-1 HARD, LG-11-4 HARD: "]
