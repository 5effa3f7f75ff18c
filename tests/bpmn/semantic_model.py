"""The semantic part of a BPMN file: everything but the layout (DI), the lanes and participant,
and the words a reader sees (documentation, names of gateways and sequence flows).

Two files with equal semantic models run the same: same ids, conditions, mappings, extension
elements, events and references. The layout tool and the label/documentation edits must keep it.
"""

from __future__ import annotations

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"

_LAYOUT = {f"{{{BPMN}}}collaboration", f"{{{BPMN}}}laneSet", f"{{{BPMNDI}}}BPMNDiagram"}
_WORDS = {f"{{{BPMN}}}documentation"}
_NAMED = {
    f"{{{BPMN}}}{kind}"
    for kind in ("exclusiveGateway", "inclusiveGateway", "parallelGateway", "sequenceFlow")
}


def semantic_model(xml: bytes, *, keep_words: bool = False) -> str:
    """Canonical XML (C14N 2.0, whitespace between elements dropped) without layout (and words)."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True, remove_comments=True))
    drop = _LAYOUT if keep_words else _LAYOUT | _WORDS
    for element in list(root.iter()):
        if element.tag in drop and element.getparent() is not None:
            element.getparent().remove(element)
        elif not keep_words and element.tag in _NAMED and "name" in element.attrib:
            del element.attrib["name"]
    for element in root.iter():
        if element.text is not None and not element.text.strip() and len(element):
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.canonicalize(etree.tostring(root, encoding="unicode"))
