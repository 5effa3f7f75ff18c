"""Every service task is linked to its element template the way Camunda Modeler links it.

Modeler writes ``zeebe:modelerTemplate`` and ``zeebe:modelerTemplateVersion`` on the element and from
then on shows only the template's fields: a mapping the template does not bind is invisible to the
process owner and dropped when the template is applied again, and a fixed (Hidden or non-editable)
value that differs from the diagram means the template no longer describes what runs. So the
diagram and the template must agree, field by field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
BPMN_FILES = sorted((PROJECT / "bpmn").glob("**/*.bpmn"))
TEMPLATE_FILES = sorted((PROJECT / ".camunda" / "element-templates").glob("*.json"))
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
NS = {"bpmn": BPMN, "zeebe": ZEEBE}
TEMPLATE_ID = f"{{{ZEEBE}}}modelerTemplate"
TEMPLATE_VERSION = f"{{{ZEEBE}}}modelerTemplateVersion"
ZEEBE_DEFAULT_RETRIES = "3"  # what Zeebe uses when zeebe:taskDefinition has no retries

Template = dict[str, Any]


def load_templates() -> dict[tuple[str, int], Template]:
    templates: dict[tuple[str, int], Template] = {}
    for path in TEMPLATE_FILES:
        for template in json.loads(path.read_text(encoding="utf-8")):
            templates[(template["id"], template["version"])] = template
    return templates


TEMPLATES = load_templates()


def service_tasks() -> list[tuple[str, etree._Element]]:
    found = []
    for path in BPMN_FILES:
        root = etree.parse(str(path)).getroot()
        for element in root.iterfind(".//bpmn:serviceTask", NS):
            found.append((f"{path.relative_to(PROJECT)}#{element.get('id')}", element))
    return found


SERVICE_TASKS = service_tasks()


def _extension(element: etree._Element, path: str) -> list[etree._Element]:
    return list(element.iterfind(f"bpmn:extensionElements/{path}", NS))


def inputs(element: etree._Element) -> dict[str | None, str | None]:
    return {i.get("target"): i.get("source") for i in _extension(element, "zeebe:ioMapping/zeebe:input")}


def outputs(element: etree._Element) -> dict[str | None, str | None]:
    return {o.get("source"): o.get("target") for o in _extension(element, "zeebe:ioMapping/zeebe:output")}


def headers(element: etree._Element) -> dict[str | None, str | None]:
    return {h.get("key"): h.get("value") for h in _extension(element, "zeebe:taskHeaders/zeebe:header")}


def bound_value(element: etree._Element, binding: dict[str, str]) -> str | None:
    """What the diagram holds where the binding writes (None: nothing there)."""
    kind = binding["type"]
    if kind in ("zeebe:taskDefinition", "zeebe:taskDefinition:type"):
        [definition] = _extension(element, "zeebe:taskDefinition")
        name = binding.get("property", "type")
        value = definition.get(name)
        return ZEEBE_DEFAULT_RETRIES if name == "retries" and value is None else value
    if kind == "zeebe:input":
        return inputs(element).get(binding["name"])
    if kind == "zeebe:output":
        return outputs(element).get(binding["source"])
    if kind == "zeebe:taskHeader":
        return headers(element).get(binding["key"])
    if kind == "property":
        return element.get(binding["name"])
    raise AssertionError(f"binding type {kind} is not checked here: extend bound_value")


def is_fixed(prop: dict[str, Any]) -> bool:
    return prop["type"] == "Hidden" or prop.get("editable") is False


def template_problems(element: etree._Element, templates: dict[tuple[str, int], Template]) -> list[str]:
    """Every way the element and the template it names disagree (empty: they agree)."""
    template_id, version = element.get(TEMPLATE_ID), element.get(TEMPLATE_VERSION)
    if template_id is None or version is None:
        return ["no zeebe:modelerTemplate / zeebe:modelerTemplateVersion"]
    template = templates.get((template_id, int(version)))
    if template is None:
        return [f"template {template_id} version {version} does not exist"]
    element_type = f"bpmn:{etree.QName(element).localname[0].upper()}{etree.QName(element).localname[1:]}"
    problems = []
    if element_type not in template["appliesTo"] or template["elementType"]["value"] != element_type:
        problems.append(f"template {template_id} does not apply to {element_type}")
    props = template["properties"]
    for prop in props:
        binding = prop["binding"]
        held = bound_value(element, binding)
        where = json.dumps(binding, ensure_ascii=False)
        if is_fixed(prop) and held != str(prop["value"]):
            problems.append(f"{where}: diagram holds {held!r}, template fixes {prop['value']!r}")
        if held is None:
            if prop.get("constraints", {}).get("notEmpty"):
                problems.append(f"{where}: required by the template, missing in the diagram")
            continue
        if prop["type"] == "Dropdown" and held not in {choice["value"] for choice in prop["choices"]}:
            problems.append(f"{where}: {held!r} is not one of the template's choices")
        if prop.get("feel") == "required" and not held.startswith("="):
            problems.append(f"{where}: the template's field is a FEEL expression, the diagram holds {held!r}")
    bound_inputs = {p["binding"]["name"] for p in props if p["binding"]["type"] == "zeebe:input"}
    bound_outputs = {p["binding"]["source"] for p in props if p["binding"]["type"] == "zeebe:output"}
    bound_headers = {p["binding"]["key"] for p in props if p["binding"]["type"] == "zeebe:taskHeader"}
    problems += [
        f"input {name!r} is no field of the template" for name in inputs(element).keys() - bound_inputs
    ]
    problems += [
        f"output from {src!r} is no field of the template" for src in outputs(element).keys() - bound_outputs
    ]
    problems += [
        f"header {key!r} is no field of the template" for key in headers(element).keys() - bound_headers
    ]
    return problems


@pytest.mark.parametrize(("where", "element"), SERVICE_TASKS, ids=[where for where, _ in SERVICE_TASKS])
def test_service_task_agrees_with_its_element_template(where: str, element: etree._Element) -> None:
    problems = template_problems(element, TEMPLATES)
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def test_every_job_type_in_the_diagrams_has_its_template() -> None:
    assert len(SERVICE_TASKS) > 100
    linked = {element.get(TEMPLATE_ID) for _, element in SERVICE_TASKS}
    job_types = {_extension(element, "zeebe:taskDefinition")[0].get("type") for _, element in SERVICE_TASKS}
    assert linked == job_types


SAMPLE_TEMPLATE: Template = {
    "id": "sample.job",
    "version": 2,
    "appliesTo": ["bpmn:ServiceTask"],
    "elementType": {"value": "bpmn:ServiceTask"},
    "properties": [
        {
            "type": "Hidden",
            "value": "sample.job",
            "binding": {"type": "zeebe:taskDefinition", "property": "type"},
        },
        {"type": "String", "value": "3", "binding": {"type": "zeebe:taskDefinition", "property": "retries"}},
        {"type": "Hidden", "value": "v1", "binding": {"type": "zeebe:taskHeader", "key": "format"}},
        {
            "type": "Dropdown",
            "choices": [{"name": "A", "value": "A"}],
            "binding": {"type": "zeebe:input", "name": "kind"},
            "constraints": {"notEmpty": True},
        },
        {"type": "String", "feel": "required", "binding": {"type": "zeebe:input", "name": "when"}},
        {"type": "String", "value": "result", "binding": {"type": "zeebe:output", "source": "=result"}},
    ],
}


def sample_task(attributes: str, extensions: str) -> etree._Element:
    xml = (
        f'<bpmn:serviceTask xmlns:bpmn="{BPMN}" xmlns:zeebe="{ZEEBE}" id="t" {attributes}>'
        f"<bpmn:extensionElements>{extensions}</bpmn:extensionElements></bpmn:serviceTask>"
    )
    return etree.fromstring(xml)


LINKED = 'zeebe:modelerTemplate="sample.job" zeebe:modelerTemplateVersion="2"'
AGREEING = (
    '<zeebe:taskDefinition type="sample.job"/>'
    '<zeebe:taskHeaders><zeebe:header key="format" value="v1"/></zeebe:taskHeaders>'
    '<zeebe:ioMapping><zeebe:input source="A" target="kind"/><zeebe:input source="=now()" target="when"/>'
    '<zeebe:output source="=result" target="sampleResult"/></zeebe:ioMapping>'
)


def test_the_check_accepts_a_task_as_modeler_writes_it() -> None:
    assert template_problems(sample_task(LINKED, AGREEING), {("sample.job", 2): SAMPLE_TEMPLATE}) == []


@pytest.mark.parametrize(
    ("attributes", "extensions", "reported"),
    [
        ("", AGREEING, "no zeebe:modelerTemplate"),
        ('zeebe:modelerTemplate="sample.job" zeebe:modelerTemplateVersion="1"', AGREEING, "does not exist"),
        (LINKED, AGREEING.replace('type="sample.job"', 'type="other.job"'), "template fixes 'sample.job'"),
        (LINKED, AGREEING.replace('type="sample.job"', 'type="sample.job" retries="5"'), None),
        (LINKED, AGREEING.replace('value="v1"', 'value="v2"'), "template fixes 'v1'"),
        (
            LINKED,
            AGREEING.replace('source="A"', 'source="=&quot;A&quot;"'),
            "not one of the template's choices",
        ),
        (LINKED, AGREEING.replace('<zeebe:input source="A" target="kind"/>', ""), "required by the template"),
        (LINKED, AGREEING.replace('source="=now()"', 'source="now"'), "is a FEEL expression"),
        (
            LINKED,
            AGREEING.replace(
                "</zeebe:ioMapping>", '<zeebe:output source="=1" target="x"/></zeebe:ioMapping>'
            ),
            "output from '=1' is no field",
        ),
        (
            LINKED,
            AGREEING.replace("</zeebe:ioMapping>", '<zeebe:input source="=1" target="x"/></zeebe:ioMapping>'),
            "input 'x' is no field",
        ),
    ],
)
def test_the_check_reports_each_disagreement(attributes: str, extensions: str, reported: str | None) -> None:
    problems = template_problems(sample_task(attributes, extensions), {("sample.job", 2): SAMPLE_TEMPLATE})
    if reported is None:  # an editable field may hold another value than the template's default
        assert problems == []
    else:
        assert any(reported in problem for problem in problems), problems
