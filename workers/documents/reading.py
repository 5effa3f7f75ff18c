"""Text, headings and tables of a screened upload (.docx with python-docx, .pdf with pypdf,
.xlsx with openpyxl).

Parsers raise all kinds of exceptions on hostile or damaged input (zip, XML, key and value
errors), so each reader turns any failure into :class:`UnreadableDocument` naming the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import docx
import openpyxl
from pypdf import PdfReader
from pypdf.generic import Destination

from workers.documents.screening import FileKind, ScreenedUpload
from workers.documents.settings import DocumentSettings

# 第三章 …, 第五篇 …, 三、…, 3 …, 3.2 …: the ways Chinese reports number their chapters.
_NUMBERED_HEADING = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[章篇节部分]|[一二三四五六七八九十]+、|\d+(\.\d+)*[、.．\s])"
)
_MAX_HEADING_LENGTH = 40
_ENCRYPT_ENTRY = re.compile(rb"/Encrypt\s")  # the trailer entry of an encrypted PDF

Table = tuple[tuple[str, ...], ...]


class UnreadableDocument(ValueError):
    """The file passed screening but cannot be read (encrypted, damaged); the message names it."""


class NoTextLayer(ValueError):
    """A PDF without extractable text (a scan): its content can only be checked by a person."""


@dataclass(frozen=True)
class DocumentContent:
    headings: tuple[str, ...]
    lines: tuple[str, ...]
    tables: tuple[Table, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_content(file_name: str, upload: ScreenedUpload, settings: DocumentSettings) -> DocumentContent:
    try:
        if upload.kind is FileKind.DOCX:
            return _read_docx(upload.data)
        if upload.kind is FileKind.XLSX:
            return _read_xlsx(upload.data)
        return _read_pdf(file_name, upload.data, settings)
    except (UnreadableDocument, NoTextLayer, MemoryError):
        raise  # running out of memory is the limit's to report (workers.documents.isolation)
    except Exception as exc:  # any parser failure on an upload is a finding, not a crash
        raise UnreadableDocument(f"文件“{file_name}”已损坏，无法读取（{type(exc).__name__}）") from exc


def _looks_like_heading(line: str) -> bool:
    # PDF text extraction may space CJK characters apart ("第 六 章 信 息 安 全").
    compact = "".join(line.split())
    return len(compact) <= _MAX_HEADING_LENGTH and (
        _NUMBERED_HEADING.match(line) is not None or _NUMBERED_HEADING.match(compact) is not None
    )


def _read_docx(data: bytes) -> DocumentContent:
    document = docx.Document(io.BytesIO(data))
    headings: list[str] = []
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        lines.append(text)
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith(("Heading", "标题", "Title")) or _looks_like_heading(text):
            headings.append(text)
    tables: list[Table] = []
    for table in document.tables:
        rows = tuple(tuple(cell.text.strip() for cell in row.cells) for row in table.rows)
        tables.append(rows)
        lines.extend(cell for row in rows for cell in row if cell)
    return DocumentContent(tuple(headings), tuple(lines), tuple(tables))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> DocumentContent:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        headings: list[str] = []
        lines: list[str] = []
        tables: list[Table] = []
        for sheet in workbook.worksheets:
            headings.append(str(sheet.title))
            rows = tuple(
                tuple(_cell_text(value) for value in row) for row in sheet.iter_rows(values_only=True)
            )
            tables.append(rows)
            lines.extend(cell for row in rows for cell in row if cell)
        return DocumentContent(tuple(headings), tuple(lines), tuple(tables))
    finally:
        workbook.close()


def _read_pdf(file_name: str, data: bytes, settings: DocumentSettings) -> DocumentContent:
    encrypted = UnreadableDocument(f"文件“{file_name}”是加密的 PDF，无法检查；请上传未加密的文件")
    # A security handler pypdf cannot open (certificate encryption, an unknown filter) fails
    # already here; the file is still an encrypted one, not a damaged one.
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        if _ENCRYPT_ENTRY.search(data):
            raise encrypted from exc
        raise
    # A PDF with only an owner password opens with the empty user password; anything else cannot
    # be read by the reviewer either.
    if reader.is_encrypted and not _opens_without_password(reader):
        raise encrypted
    lines: list[str] = []
    for page in reader.pages[: settings.max_pdf_pages]:
        lines.extend(line.strip() for line in (page.extract_text() or "").splitlines() if line.strip())
    if not lines:
        raise NoTextLayer(f"文件“{file_name}”没有可提取的文字（可能是扫描件），内容需人工核对")
    headings = [line for line in lines if _looks_like_heading(line)]
    headings.extend(_outline_titles(reader.outline))
    return DocumentContent(tuple(headings), tuple(lines), ())


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # pypdf's DependencyError, NotImplementedError, PdfReadError ...
        return False


def _outline_titles(outline: Any) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_outline_titles(item))
        elif isinstance(item, Destination) and item.title:
            titles.append(str(item.title).strip())
    return titles
