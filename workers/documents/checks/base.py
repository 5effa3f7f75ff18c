"""What a content check sees and says."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from workers.documents.models import RequiredMaterial, Severity, SubmittedDocument
from workers.documents.reading import DocumentContent

_PARENTHETICAL = re.compile(r"[（(][^）)]*[）)]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Submission:
    """A submitted document that passed screening and could be read."""

    document: SubmittedDocument
    content: DocumentContent


@dataclass(frozen=True)
class Issue:
    rule_id: str
    severity: Severity
    message: str
    document: SubmittedDocument | None = None


class ContentCheck(Protocol):
    @property
    def rule_id(self) -> str: ...

    def applies_to(self, material: RequiredMaterial) -> bool: ...

    def check(self, material: RequiredMaterial, submissions: Sequence[Submission]) -> list[Issue]: ...


def cites(material: RequiredMaterial, rule_id: str) -> bool:
    """The material cites ``rule_id`` itself or an article-level id above it (``TH-15`` → ``TH-15-1``)."""
    return any(rule_id == cited or rule_id.startswith(cited + "-") for cited in material.rule_ids)


def normalize(text: str) -> str:
    """A label as written on a form, without spaces, notes in brackets or a trailing colon."""
    return _PARENTHETICAL.sub("", _SPACE.sub("", text)).rstrip(":：")


def file_list(submissions: Sequence[Submission]) -> str:
    return "、".join(f"“{submission.document.file_name}”" for submission in submissions)


def single_document(submissions: Sequence[Submission]) -> SubmittedDocument | None:
    return submissions[0].document if len(submissions) == 1 else None
