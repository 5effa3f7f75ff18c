"""The archive task's element template binds exactly what the job reads and returns, and every
region's acceptance process archives its dossier with it, citing the region's 归档 rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from workers.dossier.archiving import ARCHIVE_DOSSIER, ArchivedView, ArchiveRequest

PROJECT = Path(__file__).resolve().parents[3]
TEMPLATE = PROJECT / ".camunda" / "element-templates" / "dossier.json"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "zeebe": "http://camunda.org/schema/zeebe/1.0"}
ACCEPTANCE = {
    "LG-21-1": ("bpmn/lg/acceptance.bpmn", "第二十一条"),
    "HY-22-1": ("bpmn/hy/hy-acceptance.bpmn", "第二十二条"),
    "LZ-16-1": ("bpmn/lz/lz-acceptance.bpmn", "第十六条"),
    "TH-28-1": ("bpmn/th/th-acceptance.bpmn", "第二十八条"),
    "YB-15-1": ("bpmn/yb/yb-acceptance.bpmn", "第十五条"),
}


def template() -> dict[str, Any]:
    (only,) = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert isinstance(only, dict)
    return only


def test_the_template_binds_the_job_inputs_and_outputs() -> None:
    found = template()
    assert found["id"] == ARCHIVE_DOSSIER and found["appliesTo"] == ["bpmn:ServiceTask"]
    bindings = [p["binding"] for p in found["properties"]]
    assert {"type": "zeebe:taskDefinition", "property": "type"} in bindings
    inputs = {b["name"] for b in bindings if b["type"] == "zeebe:input"}
    assert inputs == set(ArchiveRequest.variable_names())
    outputs = {b["source"][1:] for b in bindings if b["type"] == "zeebe:output"}
    assert outputs == set(ArchivedView({}, "", 0, ()).to_variables())


@pytest.mark.parametrize("rule_id", sorted(ACCEPTANCE))
def test_each_region_acceptance_archives_its_dossier_citing_its_article(rule_id: str) -> None:
    file, article = ACCEPTANCE[rule_id]
    root = etree.parse(str(PROJECT / file)).getroot()
    (task,) = root.iterfind(".//bpmn:serviceTask[@id='archive_dossier']", NS)
    (definition,) = task.iterfind("bpmn:extensionElements/zeebe:taskDefinition", NS)
    assert definition.get("type") == ARCHIVE_DOSSIER
    documentation = task.findtext("bpmn:documentation", namespaces=NS) or ""
    assert rule_id in documentation and article in documentation and "档案" in documentation
    # on the path that passes acceptance: entered from exactly one step, leading on to one
    assert len(task.findall("bpmn:incoming", NS)) == 1 and len(task.findall("bpmn:outgoing", NS)) == 1
