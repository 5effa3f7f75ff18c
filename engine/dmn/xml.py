"""Reading DMN XML safely: no entities, no DTDs, no network; elements matched by DMN namespace."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

DMN_NAMESPACES = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
}

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False, huge_tree=False
)


def read_xml(data: bytes) -> etree._Element:
    """The root element; raises ``etree.XMLSyntaxError`` for malformed XML, ValueError for a DTD."""
    root = etree.fromstring(data, _PARSER)
    if root.getroottree().docinfo.doctype:  # type: ignore[union-attr]
        raise ValueError("DOCTYPE declarations are not allowed")
    return root


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


class Dmn:
    """Child lookup within one DMN namespace."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._prefix = "{" + namespace + "}"

    def is_dmn(self, element: etree._Element) -> bool:
        return isinstance(element.tag, str) and element.tag.startswith(self._prefix)

    def children(self, element: etree._Element, name: str | None = None) -> Iterator[etree._Element]:
        for child in element:
            if not isinstance(child.tag, str) or not child.tag.startswith(self._prefix):
                continue
            if name is None or child.tag == self._prefix + name:
                yield child

    def child(self, element: etree._Element, name: str) -> etree._Element | None:
        return next(self.children(element, name), None)

    def text(self, element: etree._Element | None, name: str = "text") -> str | None:
        """The content of ``element``'s ``<text>`` child (or of another named child)."""
        if element is None:
            return None
        child = self.child(element, name)
        if child is None:
            return None
        return "".join(str(part) for part in child.itertext())
