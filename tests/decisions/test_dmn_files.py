"""The decision files open in Camunda Modeler 5 / deploy to Camunda 8.8, and speak the glossary's keys."""

import re
from pathlib import Path

import pytest
from lxml import etree

from engine.dmn import parse_dmn

DECISIONS = sorted((Path(__file__).resolve().parents[2] / "decisions").glob("*.dmn"))
DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"
MODELER = "http://camunda.org/schema/modeler/1.0"
CJK = re.compile(r"[\u4e00-\u9fff]")
HIT_POLICIES = {"UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER"}


@pytest.fixture(params=DECISIONS, ids=lambda p: p.name)
def root(request):
    return etree.parse(str(request.param)).getroot()


def test_fifteen_decision_files():
    # eleven decisions, approvalRoute as one table per region (approvalRoute_LG … approvalRoute_YB)
    assert len(DECISIONS) == 15


def test_modeler_and_camunda_8_8_attributes(root):
    assert root.tag == f"{{{DMN13}}}definitions"
    assert root.get(f"{{{MODELER}}}executionPlatform") == "Camunda Cloud"
    assert root.get(f"{{{MODELER}}}executionPlatformVersion") == "8.8.0"


def test_every_decision_has_a_diagram_shape(root):
    decisions = {d.get("id") for d in root.iter(f"{{{DMN13}}}decision")}
    shapes = {s.get("dmnElementRef") for s in root.iter("{*}DMNShape")}
    assert decisions and decisions <= shapes


def test_ids_are_unique_within_the_file(root):
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_labels_are_chinese_with_english_names(root):
    for table in root.iter(f"{{{DMN13}}}decisionTable"):
        assert table.get("hitPolicy", "UNIQUE") in HIT_POLICIES
        for column in [*table.iter(f"{{{DMN13}}}input"), *table.iter(f"{{{DMN13}}}output")]:
            label = column.get("label") or ""
            assert CJK.search(label) and re.search(r"[A-Za-z]", label), f"{column.get('id')}: label {label!r}"
        for output in table.iter(f"{{{DMN13}}}output"):
            assert re.fullmatch(r"[a-z][A-Za-z]*", output.get("name") or ""), output.get("id")
            assert output.get("typeRef") in {"string", "boolean", "number", "date"}


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.name)
def test_parses_as_zeebe_would_deploy_it(path):
    model = parse_dmn(path)
    assert list(model.decisions) == [path.stem]


def glossary_document_keys(shared_dir):
    text = (shared_dir / "RULES.md").read_text(encoding="utf-8")
    section = text.split("### 1.2 Document types", 1)[1].split("### 1.3", 1)[0]
    return set(re.findall(r"^\| ([a-z_]+) \|", section, flags=re.MULTILINE))


def test_required_materials_use_the_glossary_document_keys(shared_dir):
    keys = glossary_document_keys(shared_dir)
    assert len(keys) > 60
    root = etree.parse(str(DECISIONS[0].parent / "requiredMaterials.dmn")).getroot()
    used = set()
    for rule in root.iter(f"{{{DMN13}}}rule"):
        material = rule.find(f"{{{DMN13}}}outputEntry").findtext(f"{{{DMN13}}}text")
        used.add(material.strip('"'))
    assert used and used <= keys, f"not §1.2 keys: {sorted(used - keys)}"


def test_change_documents_use_the_glossary_document_keys(shared_dir):
    keys = glossary_document_keys(shared_dir)
    text = (DECISIONS[0].parent / "changeControl.dmn").read_text(encoding="utf-8")
    named = set(re.findall(r"<text>&quot;([a-z_]+)&quot;</text>", text)) | set(
        re.findall(r'<text>"([a-z_]+)"</text>', text)
    )
    assert {"change_form_hy", "change_note"} <= named <= keys


def test_readme_catalogs_every_decision_input_and_output():
    readme = (DECISIONS[0].parent / "README.md").read_text(encoding="utf-8")
    for path in DECISIONS:
        root = etree.parse(str(path)).getroot()
        table = root.find(f".//{{{DMN13}}}decisionTable")
        assert f"### `{path.stem}`" in readme, path.stem
        assert f"Hit policy **{table.get('hitPolicy')}**" in readme
        section = readme.split(f"### `{path.stem}`", 1)[1].split("\n### ", 1)[0]
        for column in table.iter(f"{{{DMN13}}}input"):
            expression = column.find(f"{{{DMN13}}}inputExpression")
            text = expression.findtext(f"{{{DMN13}}}text")
            row = f"| {column.get('label')} | `{text}` | {expression.get('typeRef')} |"
            assert row in section, f"README {path.stem}: missing input row {row}"
        for output in table.iter(f"{{{DMN13}}}output"):
            row = f"| `{output.get('name')}` | {output.get('typeRef')} | {output.get('label')} |"
            assert row in section, f"README {path.stem}: missing output row {row}"
