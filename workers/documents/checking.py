"""The document check of an application: what is missing, what is unsafe or unreadable, and
(for the content check) what the rules find in what was read."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from workers.documents.checks import CONTENT_CHECKS, ContentCheck, Submission
from workers.documents.isolation import LimitExceeded, Limits, run_limited
from workers.documents.models import (
    DocumentCheck,
    DocumentCheckInput,
    Finding,
    MissingMaterial,
    RequiredMaterial,
    Severity,
    SubmittedDocument,
)
from workers.documents.reading import DocumentContent, NoTextLayer, UnreadableDocument, read_content
from workers.documents.screening import RejectedUpload, ScreenedUpload, screen, too_large_message
from workers.documents.settings import DocumentSettings
from workers.documents.store import DocumentNotFoundError, DocumentStore, InvalidDocumentIdError


@dataclass
class _Report:
    missing: list[MissingMaterial] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        material: RequiredMaterial,
        severity: Severity,
        message: str,
        document: SubmittedDocument | None = None,
        rule_id: str | None = None,
    ) -> None:
        """A finding on ``material``, citing ``rule_id`` when one rule found it, else its rules."""
        self.findings.append(
            Finding(
                material=material.material,
                rule_ids=rule_id or ", ".join(material.rule_ids),
                severity=severity,
                message=message,
                document_id=document.document_id if document else None,
                file_name=document.file_name if document else None,
            )
        )


def merge_requirements(required: Sequence[RequiredMaterial]) -> list[RequiredMaterial]:
    """One entry per material: a DMN collect result may list a material once per rule requiring it."""
    merged: dict[str, RequiredMaterial] = {}
    for item in required:
        known = merged.get(item.material)
        if known is None:
            merged[item.material] = item
            continue
        merged[item.material] = known.model_copy(
            update={
                "name": known.name or item.name,
                "mandatory": known.mandatory or item.mandatory,
                "rule_ids": tuple(dict.fromkeys(known.rule_ids + item.rule_ids)),
            }
        )
    return list(merged.values())


class DocumentChecker:
    def __init__(
        self,
        store: DocumentStore,
        settings: DocumentSettings,
        checks: Sequence[ContentCheck] = CONTENT_CHECKS,
    ) -> None:
        self._store = store
        self._settings = settings
        self._checks = tuple(checks)

    def check(self, request: DocumentCheckInput, *, content: bool) -> DocumentCheck:
        report = _Report()
        self._deadline = time.monotonic() + self._settings.check_seconds
        required = merge_requirements(request.required_materials)
        required_keys = {item.material for item in required}
        for document in request.documents:
            if document.material not in required_keys:
                report.add(
                    RequiredMaterial(material=document.material, mandatory=False),
                    "info",
                    f"文件“{document.file_name}”所属材料 {document.material} 不在本阶段要求之列，未检查",
                    document,
                )
        for material in required:
            submitted = [d for d in request.documents if d.material == material.material]
            if not submitted:
                self._report_absent(report, material)
                continue
            readable = [s for s in (self._read(report, material, d) for d in submitted) if s is not None]
            if content and readable:
                for check in self._checks:
                    if check.applies_to(material):
                        for issue in check.check(material, readable):
                            report.add(material, issue.severity, issue.message, issue.document, issue.rule_id)
        complete = not report.missing and all(f.severity != "error" for f in report.findings)
        return DocumentCheck(
            complete=complete, content_checked=content, missing=report.missing, findings=report.findings
        )

    def _read_limited(self, file_name: str, upload: ScreenedUpload) -> DocumentContent:
        """Parse in a child process, within the read limits and what is left of the check's time."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise UnreadableDocument(
                f"文件“{file_name}”未检查：本次检查已用尽 {self._settings.check_seconds:g} 秒的时限，"
                "请减少一次提交的文件或拆分后重新提交"
            )
        limits = Limits(self._settings.read_memory_bytes, min(self._settings.read_seconds, left))
        try:
            return run_limited(read_content, (file_name, upload, self._settings), limits)
        except LimitExceeded as exc:
            raise UnreadableDocument(
                f"文件“{file_name}”读取时超出{exc.what} 的限制，无法检查；"
                "请确认文件完好，或另存、拆分后重新上传"
            ) from exc

    def _report_absent(self, report: _Report, material: RequiredMaterial) -> None:
        rule_ids = ", ".join(material.rule_ids)
        if material.mandatory:
            report.missing.append(
                MissingMaterial(material=material.material, name=material.name, rule_ids=rule_ids)
            )
            cited = f"（{rule_ids}）" if rule_ids else ""
            report.add(material, "error", f"缺少必需材料：{material.label}{cited}")
        else:
            report.add(material, "info", f"未提交可选材料：{material.label}")

    def _read(
        self, report: _Report, material: RequiredMaterial, document: SubmittedDocument
    ) -> Submission | None:
        try:
            size = self._store.size(document.document_id)
            if size > self._settings.max_bytes:
                raise RejectedUpload(too_large_message(document.file_name, size, self._settings))
            upload = screen(document.file_name, self._store.read(document.document_id), self._settings)
            return Submission(document, self._read_limited(document.file_name, upload))
        except (DocumentNotFoundError, InvalidDocumentIdError):
            report.add(
                material,
                "error",
                f"文件“{document.file_name}”（文档编号 {document.document_id}）在文档库中不存在，请重新上传",
                document,
            )
        except (RejectedUpload, UnreadableDocument) as exc:
            report.add(material, "error", str(exc), document)
        except NoTextLayer as exc:
            report.add(material, "warning", str(exc), document)
        return None
