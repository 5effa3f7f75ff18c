"""Decision rows as the DMN models state them: each row's annotation, with the rule ids it cites.

The 8.8 decision-instance record names the matched row (``ruleId``) but not its annotation; the
annotation is in the decision's XML (``<rule><description>``), read from the cluster
(``GET /v2/decision-definitions/{key}/xml``) or, failing that, from the deployed ``decisions/`` folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from workers.dossier.articles import ambiguity_ids_in, rule_ids_in

_FORCE = re.compile(r"\b(HARD|SOFT|INFO)\b")


@dataclass(frozen=True)
class RowAnnotation:
    decision_id: str
    row_id: str
    text: str

    @property
    def rule_ids(self) -> list[str]:
        return rule_ids_in(self.text)

    @property
    def ambiguity_ids(self) -> list[str]:
        return ambiguity_ids_in(self.text)

    @property
    def force(self) -> str | None:
        found = _FORCE.search(self.text)
        return found.group(1) if found else None


def annotations_of(xml: bytes | str) -> dict[tuple[str, str], RowAnnotation]:
    """``(decision id, row id)`` → the row's annotation, for every decision table in the model."""
    root = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    rows: dict[tuple[str, str], RowAnnotation] = {}
    for decision in root.iter("{*}decision"):
        decision_id = decision.get("id", "")
        for rule in decision.iter("{*}rule"):
            description = rule.find("{*}description")
            text = (description.text or "").strip() if description is not None else ""
            rows[(decision_id, rule.get("id", ""))] = RowAnnotation(decision_id, rule.get("id", ""), text)
    return rows


def annotations_in_folder(folder: Path) -> dict[tuple[str, str], RowAnnotation]:
    rows: dict[tuple[str, str], RowAnnotation] = {}
    for path in sorted(folder.glob("*.dmn")):
        rows.update(annotations_of(path.read_bytes()))
    return rows
