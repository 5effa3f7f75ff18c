"""Real .docx, .xlsx and .pdf files built in memory for the document tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence

import docx
import openpyxl
from pypdf import PdfReader, PdfWriter

Rows = Sequence[Sequence[object]]
Put = Callable[[str, bytes], str]
"""Stores bytes under a document id and returns the id (the ``put`` fixture)."""


def build_docx(
    headings: Sequence[str] = (),
    paragraphs: Sequence[str] = (),
    tables: Sequence[Rows] = (),
) -> bytes:
    document = docx.Document()
    for heading in headings:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    if not headings:
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    for rows in tables:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for row_cells, row in zip(table.rows, rows, strict=True):
            for cell, value in zip(row_cells.cells, row, strict=False):
                cell.text = "" if value is None else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(sheets: dict[str, Rows]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A minimal valid PDF whose Chinese text pypdf extracts (STSong-Light, UniGB-UTF16-H)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree number is known
    pages_id = add(b"")
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
    )
    page_ids: list[int] = []
    for lines in pages:
        commands = [b"BT /F1 12 Tf 14 TL 50 800 Td"]
        for line in lines:
            commands.append(b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*")
        commands.append(b"ET")
        stream = b"\n".join(commands)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def build_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def docx_bomb(uncompressed_bytes: int) -> bytes:
    """A .docx-shaped zip whose document part is ``uncompressed_bytes`` of zeros."""
    return build_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"\0" * uncompressed_bytes,
        }
    )
