"""Every outside event a process waits for is named, with how a user records it, in its region's
README (bpmn/<region>/README.md, "Outside events"): a message catch event nobody can send is a step
the project can never pass.

The catch events are read from the diagrams themselves (start, intermediate and boundary events
with a message definition, receive tasks), the region's own and the shared call activities it
calls, so a message added in Modeler without its README row fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
NS = {"bpmn": BPMN, "zeebe": ZEEBE}
REGIONS = ["hy", "lg", "lz", "th", "yb"]
RECORDING = "govit publish MESSAGE KEY --jurisdiction"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Catch:
    file: str
    element: str
    message: str
    key: str | None


def _catches(path: Path) -> list[Catch]:
    root = etree.parse(str(path)).getroot()
    messages = {m.get("id"): m for m in root.iterfind("bpmn:message", NS)}
    found = []
    waiting = [
        (element, definition.get("messageRef"))
        for element in root.iter(
            f"{{{BPMN}}}startEvent", f"{{{BPMN}}}intermediateCatchEvent", f"{{{BPMN}}}boundaryEvent"
        )
        for definition in element.iterfind("bpmn:messageEventDefinition", NS)
    ] + [(task, task.get("messageRef")) for task in root.iter(f"{{{BPMN}}}receiveTask")]
    for element, ref in waiting:
        message = messages.get(ref)
        assert message is not None, (
            f"{path.name}#{element.get('id')}: messageRef {ref!r} names no bpmn:message"
        )
        subscription = message.find("bpmn:extensionElements/zeebe:subscription", NS)
        key = None if subscription is None else subscription.get("correlationKey")
        where = path.relative_to(PROJECT).as_posix() if path.is_relative_to(PROJECT) else path.name
        found.append(Catch(where, str(element.get("id")), str(message.get("name")), key))
    return found


def _called_shared(path: Path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    return {
        str(called.get("processId"))
        for called in root.iter(f"{{{ZEEBE}}}calledElement")
        if str(called.get("processId")).startswith("shared-")
    }


def _shared_files() -> dict[str, Path]:
    files = {}
    for path in (PROJECT / "bpmn" / "shared").glob("*.bpmn"):
        for process in etree.parse(str(path)).getroot().iterfind("bpmn:process", NS):
            files[str(process.get("id"))] = path
    return files


def region_catches(region: str) -> list[Catch]:
    own = sorted((PROJECT / "bpmn" / region).glob("*.bpmn"))
    shared = _shared_files()
    called = {shared[process] for path in own for process in _called_shared(path) if process in shared}
    return [catch for path in [*own, *sorted(called)] for catch in _catches(path)]


def readme_events(region: str) -> dict[str, tuple[str, str]]:
    """The rows of the README's outside-event table: message → (event in words, key)."""
    text = (PROJECT / "bpmn" / region / "README.md").read_text(encoding="utf-8")
    assert "## Outside events" in text, f"bpmn/{region}/README.md has no 'Outside events' section"
    section = text.split("## Outside events", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2].strip("`"))
    return rows


def undocumented(catches: list[Catch], rows: dict[str, tuple[str, str]], region: str) -> list[str]:
    """Each catch event the README's table does not name in words, or names with another key."""
    problems = []
    for catch in catches:
        row = rows.get(catch.message)
        where = f"{catch.file}#{catch.element} waits for {catch.message!r}"
        if row is None:
            problems.append(f"{where}: no row in bpmn/{region}/README.md 'Outside events'")
            continue
        event, key = row
        if not CJK.search(event):
            problems.append(f"{where}: the README row does not name the event in Chinese ({event!r})")
        if catch.key is not None and catch.key.startswith("=") and key != catch.key.removeprefix("="):
            problems.append(f"{where}: correlated by {catch.key}, the README says key {key!r}")
    return problems


@pytest.mark.parametrize("region", REGIONS)
def test_every_message_a_process_waits_for_is_documented_with_how_a_user_records_it(region: str) -> None:
    catches = region_catches(region)
    assert catches, f"{region}: no message catch event found"
    readme = (PROJECT / "bpmn" / region / "README.md").read_text(encoding="utf-8")
    assert f"{RECORDING} {region.upper()}" in readme, (
        f"bpmn/{region}/README.md does not say how to record an event"
    )
    assert undocumented(catches, readme_events(region), region) == []


@pytest.mark.parametrize("region", REGIONS)
def test_the_readme_lists_no_event_that_no_process_waits_for(region: str) -> None:
    caught = {catch.message for catch in region_catches(region)}
    assert set(readme_events(region)) - caught == set()


def test_the_check_finds_a_catch_event_the_readme_does_not_name_or_keys_otherwise(tmp_path: Path) -> None:
    diagram = tmp_path / "p.bpmn"
    diagram.write_text(
        f'<bpmn:definitions xmlns:bpmn="{BPMN}" xmlns:zeebe="{ZEEBE}" id="d">'
        '<bpmn:process id="p"><bpmn:intermediateCatchEvent id="wait">'
        '<bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>'
        '<bpmn:boundaryEvent id="signed" attachedToRef="wait"><bpmn:messageEventDefinition messageRef="c"/>'
        "</bpmn:boundaryEvent></bpmn:process>"
        '<bpmn:message id="m" name="audit-finished"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=projectId"/></bpmn:extensionElements></bpmn:message>'
        '<bpmn:message id="c" name="contract-signed"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=applicationRef"/></bpmn:extensionElements></bpmn:message>'
        "</bpmn:definitions>",
        encoding="utf-8",
    )
    problems = undocumented(_catches(diagram), readme_events("th"), "th")
    assert problems == [
        "p.bpmn#wait waits for 'audit-finished': no row in bpmn/th/README.md 'Outside events'",
        "p.bpmn#signed waits for 'contract-signed': "
        "correlated by =applicationRef, the README says key 'projectId'",
    ]


def _documentation(path: Path, element_id: str) -> str:
    root = etree.parse(str(PROJECT / path)).getroot()
    [element] = [e for e in root.iter() if e.get("id") == element_id]
    return " ".join(d.text or "" for d in element.iterfind("bpmn:documentation", NS))


@pytest.mark.parametrize("region", REGIONS)
def test_a_catch_event_names_the_facts_its_message_must_carry(region: str) -> None:
    """The process owner reading the diagram learns what the event brings (govit/messages.py)."""
    from govit.messages import CATALOG

    facts = {name: message.facts for name, message in CATALOG[region.upper()].items()}
    silent = [
        f"{catch.file}#{catch.element} ({catch.message}): {fact.name}"
        for catch in region_catches(region)
        if not catch.file.startswith("bpmn/shared/")
        for fact in facts.get(catch.message, ())
        if fact.name not in _documentation(Path(catch.file), catch.element)
    ]
    assert silent == []
