"""Issue #16: the documentation of an element is for the process owner, so it is in Chinese (rule
ids, variable, message and error names as they are). bpmn/documentation-zh.json holds the Chinese
texts (with the English each one translates), tools/apply-documentation.mjs writes them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
TRANSLATIONS: dict[str, Any] = json.loads(
    (PROJECT / "bpmn" / "documentation-zh.json").read_text(encoding="utf-8")
)
BPMN_FILES = sorted(str(p.relative_to(PROJECT)) for p in (PROJECT / "bpmn").glob("**/*.bpmn"))
TRANSLATED = sorted(file for file in TRANSLATIONS if file != "description")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _documentation(path: Path) -> dict[str, str]:
    root = etree.parse(str(path)).getroot()
    return {
        str(doc.getparent().get("id")): doc.text or ""
        for doc in root.iter(f"{{{BPMN}}}documentation")
        if doc.getparent() is not None
    }


@pytest.mark.parametrize("file", TRANSLATED)
def test_a_translation_keeps_the_rule_ids_of_its_english(file: str) -> None:
    rule_id = re.compile(r"\b(?:[A-Z]{2}-\d+(?:-\d+)?|A-[A-Z]+-\d+)\b")
    for element, text in TRANSLATIONS[file].items():
        assert set(rule_id.findall(text["en"])) <= set(rule_id.findall(text["zh"])), f"{file} {element}"


def test_every_diagram_has_its_translations() -> None:
    assert TRANSLATED == BPMN_FILES


@pytest.mark.parametrize("file", BPMN_FILES)
def test_every_documentation_is_chinese(file: str) -> None:
    documentation = _documentation(PROJECT / file)
    english = [element for element, text in documentation.items() if not CJK.search(text)]
    assert not english, f"{file}: 这些元素的说明还不是中文：{english}"


@pytest.mark.parametrize("file", TRANSLATED)
def test_the_diagram_carries_the_texts_of_documentation_zh(file: str) -> None:
    documentation = _documentation(PROJECT / file)
    stale = [
        element for element, text in TRANSLATIONS[file].items() if documentation.get(element) != text["zh"]
    ]
    assert not stale, f"{file}: 请运行 node tools/apply-documentation.mjs（{stale}）"
