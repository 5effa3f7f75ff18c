"""Real submitted documents for scenarios: .docx, .xlsx and .pdf files in the documents worker's store.

A scenario asks for the materials a decision requires and gets the ``documents`` variable the
documents worker reads (``[{material, documentId, fileName}]``), each backed by a real file.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import docx
import openpyxl

# Materials that are spreadsheets in practice (price lists, budgets); everything else is a report.
SPREADSHEETS = frozenset({"quotations", "budget_estimate", "fund_plan"})
# Materials submitted as scanned or signed PDFs.
PDFS = frozenset({"award_notice", "contract_copy", "meeting_minutes", "sec_test_report"})


class DocumentFactory:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._ids = itertools.count(1)

    def submit(
        self, materials: Iterable[Mapping[str, Any] | str], project: str = "项目"
    ) -> list[dict[str, str]]:
        """One stored file per material (a key or a requiredMaterials row), as the ``documents`` variable."""
        documents = []
        for material in materials:
            key = material if isinstance(material, str) else str(material["material"])
            name = key if isinstance(material, str) else str(material.get("name") or key)
            documents.append(self.store(key, name, project))
        return documents

    def store(self, material: str, title: str, project: str) -> dict[str, str]:
        number = next(self._ids)
        if material in SPREADSHEETS:
            body, suffix = _xlsx(title, project), "xlsx"
        elif material in PDFS:
            body, suffix = _pdf(f"{material} no. {number}"), "pdf"
        else:
            body, suffix = _docx(title, project), "docx"
        document_id = f"doc-{number:04d}-{material}.{suffix}"
        (self.directory / document_id).write_bytes(body)
        return {"material": material, "documentId": document_id, "fileName": f"{title}.{suffix}"}


def _docx(title: str, project: str) -> bytes:
    document = docx.Document()
    document.add_heading(f"{project}{title}", level=1)
    for heading in ("项目概况", "建设内容", "投资估算", "实施计划", "验收方式和内容"):
        document.add_heading(heading, level=2)
        document.add_paragraph(f"{project}的{heading}，详见正文。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(title: str, project: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "报价"
    sheet.append(["项目", "供应商", "金额（元）"])
    for supplier, amount in (("甲公司", 1_200_000), ("乙公司", 1_250_000), ("丙公司", 1_310_000)):
        sheet.append([f"{project}{title}", supplier, amount])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pdf(line: str) -> bytes:
    """A one-page PDF with one line of ASCII text (Helvetica), written object by object."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii", "replace")
    stream = b"BT /F1 12 Tf 50 800 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
