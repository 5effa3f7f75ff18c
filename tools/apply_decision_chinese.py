"""Write the Chinese texts of decisions/chinese.json into the decision tables.

    .venv/bin/python tools/apply_decision_chinese.py [--check]

decisions/chinese.json holds, per table (file stem) and element id, the English text a table had
(``en``) and its Chinese reading (``zh``): the definitions' and the decision's ``name``, each input's
and output's ``label``, each rule's annotation (``<rule><description>``). Only these texts are
rewritten, by text surgery on the file, so ids, expressions and entries stay byte-for-byte as they
were. A table text that is neither the ``en`` nor the ``zh`` of its entry was edited since it was
translated: it is named and left alone (put the change into chinese.json), unless ``--overwrite``
says the entry's ``zh`` was revised on purpose and replaces what the table holds. A translation that
loses a rule id or its HARD/SOFT/INFO word is refused, because the dossier and the coverage test
read them from the annotation.

``--check`` writes nothing and exits 1 when a table is not as chinese.json says (an entry not yet
applied, a text edited since, a translatable text without an entry, an entry naming no element).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DECISIONS = ROOT / "decisions"
SOURCE = DECISIONS / "chinese.json"

RULE_ID = re.compile(r"\b(?:LG|HY|LZ|TH|YB)-\d{1,3}-\d{1,3}\b")
RULE_WITH_FORCE = re.compile(r"\b((?:LG|HY|LZ|TH|YB)-\d{1,3}-\d{1,3})\s+(HARD|SOFT|INFO)\b")
AMBIGUITY_ID = re.compile(r"\bA-(?:GEN|LG|HY|LZ|TH|YB)-\d{1,3}\b")
# The head every row annotation starts with (decisions/README.md), e.g. "LG-11-1 HARD, LG-11-4 HARD: ".
ANNOTATION_HEAD = re.compile(
    r"^(?:[A-Z]{2}-\d+-\d+ (?:HARD|SOFT|INFO))(?:, [A-Z]{2}-\d+-\d+ (?:HARD|SOFT|INFO))*: "
)

# Which text of an element is translated: the attribute, or None for the rule's description.
_TEXT_OF = {"definitions": "name", "decision": "name", "input": "label", "output": "label", "rule": None}


@dataclass(frozen=True)
class TableText:
    """One translatable text of a table: where it is and what it says now."""

    element_id: str
    kind: str
    attribute: str | None
    value: str


class ChineseError(Exception):
    """A problem a person must fix in chinese.json or a table; the message names file and element."""


def texts_of(xml: bytes) -> dict[str, TableText]:
    """Every translatable text of a table, by element id, in document order."""
    root = etree.fromstring(xml)
    found: dict[str, TableText] = {}
    for element in root.iter("{*}*"):  # elements only: comments carry no text to translate
        kind = etree.QName(element).localname
        if kind not in _TEXT_OF or element.get("id") is None:
            continue
        attribute = _TEXT_OF[kind]
        if attribute is not None:
            value = element.get(attribute)
        else:
            description = element.find("{*}description")
            value = None if description is None else (description.text or "")
        if value is not None:
            found[element.get("id", "")] = TableText(element.get("id", ""), kind, attribute, value)
    return found


def forces_of(text: str) -> list[tuple[str, str]]:
    """``(rule id, force)`` pairs as the text states them (``LG-11-1 HARD``)."""
    return [(m.group(1), m.group(2)) for m in RULE_WITH_FORCE.finditer(text)]


def translation_problems(where: str, english: str, chinese: str) -> list[str]:
    """Why a translation may not replace its English: lost ids or forces, no Chinese in it."""
    problems = []
    head = ANNOTATION_HEAD.match(english)
    if head and not chinese.startswith(head.group(0)):
        problems.append(f"{where}: 译文须以原文的条款编号和效力开头，一字不改：{head.group(0)}")
    lost = [i for i in dict.fromkeys(RULE_ID.findall(english)) if i not in RULE_ID.findall(chinese)]
    if lost:
        problems.append(f"{where}: 译文缺少条款编号 {', '.join(lost)}")
    lost_forces = [f"{i} {f}" for i, f in forces_of(english) if (i, f) not in forces_of(chinese)]
    if lost_forces:
        problems.append(f"{where}: 译文缺少条款效力 {', '.join(lost_forces)}")
    lost_ambiguities = [a for a in AMBIGUITY_ID.findall(english) if a not in AMBIGUITY_ID.findall(chinese)]
    if lost_ambiguities:
        problems.append(f"{where}: 译文缺少歧义编号 {', '.join(dict.fromkeys(lost_ambiguities))}")
    if not re.search(r"[\u4e00-\u9fff]", chinese):
        problems.append(f"{where}: 译文不含中文")
    return problems


def _replace_once(text: str, pattern: re.Pattern[str], replacement: str, where: str) -> str:
    matches = list(pattern.finditer(text))
    if len(matches) != 1:
        raise ChineseError(f"{where}: 在文件中找到 {len(matches)} 处，无法确定要改写的文本")
    match = matches[0]
    return text[: match.start(1)] + replacement + text[match.end(1) :]


def rewrite(source: str, item: TableText, chinese: str, where: str) -> str:
    """The file with one element's text replaced; every other byte as it was."""
    element_id = re.escape(item.element_id)
    if item.attribute is None:
        pattern = re.compile(
            rf'<(?:\w+:)?rule\s[^>]*\bid="{element_id}"[^>]*>\s*<(?:\w+:)?description>(.*?)</(?:\w+:)?description>',
            re.S,
        )
        return _replace_once(source, pattern, escape(chinese), where)
    start_tag = re.compile(rf'<(?:\w+:)?{item.kind}\s[^>]*?\bid="{element_id}"[^>]*>', re.S)
    tags = list(start_tag.finditer(source))
    if len(tags) != 1:
        raise ChineseError(f"{where}: 在文件中找到 {len(tags)} 处，无法确定要改写的文本")
    tag = tags[0]
    attribute = re.compile(rf'\s{item.attribute}=("[^"]*"|\'[^\']*\')')
    found = list(attribute.finditer(source, tag.start(), tag.end()))
    if len(found) != 1:
        raise ChineseError(f"{where}: 起始标签中没有唯一的 {item.attribute} 属性")
    value = found[0]
    return source[: value.start(1)] + quoteattr(chinese) + source[value.end(1) :]


def load_source(path: Path = SOURCE) -> dict[str, dict[str, dict[str, str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ChineseError(f"{path}: 无法读取：{error}") from error
    if not isinstance(data, dict):
        raise ChineseError(f"{path}: 顶层应为 表名 → {{元素 id → {{en, zh}}}}")
    for stem, entries in data.items():
        if not isinstance(entries, dict):
            raise ChineseError(f"{path}: {stem} 应为 元素 id → {{en, zh}}")
        for element_id, entry in entries.items():
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("en"), str)
                and isinstance(entry.get("zh"), str)
            ):
                raise ChineseError(f'{path}: {stem}/{element_id} 应为 {{"en": 英文原文, "zh": 中文}}')
    return data


def apply_table(
    path: Path, entries: dict[str, dict[str, str]], overwrite: bool = False
) -> tuple[str, list[str]]:
    """The table's new text and the problems that kept an entry from being applied."""
    original = path.read_text(encoding="utf-8")
    current = texts_of(original.encode("utf-8"))
    problems: list[str] = []
    result = original
    for element_id, item in current.items():
        where = f"{path.name} {item.kind} {element_id}"
        entry = entries.get(element_id)
        if entry is None:
            problems.append(f"{where}: chinese.json 中没有这段文本的中文：{item.value}")
            continue
        refused = translation_problems(where, entry["en"], entry["zh"])
        if refused:
            problems += refused
            continue
        if item.value == entry["zh"]:
            continue
        if item.value != entry["en"] and not overwrite:
            problems.append(
                f"{where}: 表中文本既非 chinese.json 的英文原文也非其中文（现为：{item.value}）；"
                "请把修改写入 chinese.json，确认以 chinese.json 为准时加 --overwrite"
            )
            continue
        result = rewrite(result, item, entry["zh"], where)
    problems += [
        f"{path.name}: chinese.json 中的 {element_id} 在表中不存在"
        for element_id in entries
        if element_id not in current
    ]
    return result, problems


def run(
    check: bool, decisions: Path = DECISIONS, source: Path = SOURCE, overwrite: bool = False
) -> list[str]:
    """Apply (or, with check, verify) every table; the problems found, empty when all is in order."""
    data = load_source(source)
    problems: list[str] = []
    tables = sorted(decisions.glob("*.dmn"))
    for path in tables:
        try:
            new_text, table_problems = apply_table(path, data.get(path.stem, {}), overwrite and not check)
        except ChineseError as error:
            problems.append(str(error))
            continue
        problems += table_problems
        if new_text != path.read_text(encoding="utf-8"):
            if check:
                problems.append(
                    f"{path.name}: 表中文本与 chinese.json 不一致，请运行 tools/apply_decision_chinese.py"
                )
            else:
                path.write_text(new_text, encoding="utf-8")
    stems = {path.stem for path in tables}
    problems += [
        f"chinese.json: 表 {stem} 不存在（decisions/{stem}.dmn）" for stem in data if stem not in stems
    ]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a table is out of date"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="write a revised zh over the table's text, whatever it holds"
    )
    args = parser.parse_args(argv)
    try:
        problems = run(check=args.check, overwrite=args.overwrite)
    except ChineseError as error:
        problems = [str(error)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
