"""Element documentation as the BPMN models state it: the rule ids an element enforces, in its own words."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def documentation_of(xml: bytes | str) -> dict[tuple[str, str], str]:
    """``(process id, element id)`` → the element's documentation, for every process in the model."""
    root = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    docs: dict[tuple[str, str], str] = {}
    for process in root.iter("{*}process"):
        process_id = process.get("id", "")
        for element in process.iter():
            if not isinstance(element.tag, str) or element.get("id") is None:
                continue
            documentation = element.find("{*}documentation")
            if documentation is not None and (documentation.text or "").strip():
                docs[(process_id, element.get("id", ""))] = (documentation.text or "").strip()
    return docs


def documentation_in_folder(folder: Path) -> dict[tuple[str, str], str]:
    docs: dict[tuple[str, str], str] = {}
    for path in sorted(folder.rglob("*.bpmn")):
        docs.update(documentation_of(path.read_bytes()))
    return docs
