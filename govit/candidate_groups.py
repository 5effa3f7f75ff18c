"""The groups the diagrams route work and notifications to, read from the BPMN files themselves:
each user task's candidate groups (a list, or a FEEL list of string literals) and every input
mapping that fills a ``…Groups`` variable (``recipientGroups``, ``reviewerGroups``, …)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

ZEEBE = "http://camunda.org/schema/zeebe/1.0"
_STRING_LITERAL = re.compile(r'"([^"\\]+)"')
_LIST_LITERAL = re.compile(r"\[([^\]]*)\]")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _groups_in(expression: str) -> list[str]:
    text = expression.strip()
    if text.startswith("="):
        # Only strings inside list literals are groups (["lz-apprv"]); one compared with (= "APPRV")
        # is a value, and a variable (=applicantGroups) names no group itself.
        return [group for items in _LIST_LITERAL.findall(text) for group in _STRING_LITERAL.findall(items)]
    return [part.strip() for part in text.split(",") if _NAME.match(part.strip())]


def candidate_groups(bpmn_dir: Path) -> dict[str, set[str]]:
    """Every group named in the diagrams under ``bpmn_dir``, with the files naming it."""
    found: dict[str, set[str]] = {}
    for path in sorted(bpmn_dir.rglob("*.bpmn")):
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError as error:
            raise ValueError(f"{path}: 不是有效的 BPMN 文件: {error}") from None
        expressions = [
            element.get("candidateGroups") or "" for element in tree.iter(f"{{{ZEEBE}}}assignmentDefinition")
        ]
        expressions += [
            element.get("source") or ""
            for element in tree.iter(f"{{{ZEEBE}}}input")
            if (element.get("target") or "").endswith("Groups")
        ]
        for expression in expressions:
            for group in _groups_in(expression):
                found.setdefault(group, set()).add(str(path))
    return found
