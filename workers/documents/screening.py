"""What an upload really is, judged by its content, and whether it is safe to open.

The extension is only a claim: PDF is recognised by its header, .docx and .xlsx by their zip
structure and the parts inside. A zip is checked from its central directory alone (member count,
encrypted members, declared uncompressed sizes and ratios) before any parser opens it; Python's
zipfile never inflates a member beyond its declared size, so a bomb that lies about its sizes
fails its CRC instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from workers.documents.settings import DocumentSettings

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_RATIO_FLOOR = 1024 * 1024  # small members may compress very well without being dangerous


class FileKind(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    PDF = "pdf"


_KIND_NAMES = {FileKind.DOCX: "Word（.docx）", FileKind.XLSX: "Excel（.xlsx）", FileKind.PDF: "PDF"}


class RejectedUpload(ValueError):
    """The upload is not a file we accept or is unsafe to open; the message names the file."""


@dataclass(frozen=True)
class ScreenedUpload:
    kind: FileKind
    data: bytes


def screen(file_name: str, data: bytes, settings: DocumentSettings) -> ScreenedUpload:
    if len(data) > settings.max_bytes:
        raise RejectedUpload(too_large_message(file_name, len(data), settings))
    if len(data) == 0:
        raise RejectedUpload(f"文件“{file_name}”是空文件")
    kind = _sniff(file_name, data, settings)
    claimed = PurePosixPath(file_name).suffix.lower().lstrip(".")
    if claimed != kind.value:
        raise RejectedUpload(
            f"文件“{file_name}”的扩展名为 .{claimed or '（无）'}，但内容是 {_KIND_NAMES[kind]} 文件；"
            "请按实际格式重新上传"
        )
    return ScreenedUpload(kind, data)


def too_large_message(file_name: str, size: int, settings: DocumentSettings) -> str:
    return f"文件“{file_name}”大小为 {size} 字节，超过上限 {settings.max_bytes} 字节"


def _sniff(file_name: str, data: bytes, settings: DocumentSettings) -> FileKind:
    if data.startswith(_ZIP_MAGICS):
        return _office_kind(file_name, data, settings)
    if _PDF_MAGIC in data[:1024]:  # the header may follow a little junk (ISO 32000 tolerates it)
        if b"%%EOF" not in data[-1024:]:
            raise RejectedUpload(f"文件“{file_name}”是不完整的 PDF（缺少结束标记 %%EOF），可能上传中断")
        return FileKind.PDF
    if data.startswith(_OLE2_MAGIC):
        raise RejectedUpload(
            f"文件“{file_name}”是旧版 Office/WPS 格式（.doc/.xls/.wps/.et）或加密的 Office 文件；"
            "请另存为未加密的 .docx/.xlsx 后重新上传"
        )
    raise RejectedUpload(f"文件“{file_name}”的内容不是 PDF、Word（.docx）或 Excel（.xlsx）文件")


def _office_kind(file_name: str, data: bytes, settings: DocumentSettings) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise RejectedUpload(f"文件“{file_name}”已损坏或不完整（压缩结构无法读取）") from None
    if len(members) > settings.max_zip_entries:
        raise RejectedUpload(
            f"文件“{file_name}”包含 {len(members)} 个压缩成员，超过上限 {settings.max_zip_entries}，"
            "疑似压缩炸弹"
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise RejectedUpload(f"文件“{file_name}”含加密的压缩成员，无法检查")
    declared = sum(member.file_size for member in members)
    if declared > settings.max_uncompressed_bytes:
        raise RejectedUpload(
            f"文件“{file_name}”解压后声明大小 {declared} 字节，超过上限 "
            f"{settings.max_uncompressed_bytes} 字节，疑似压缩炸弹"
        )
    for member in members:
        if member.file_size > _RATIO_FLOOR:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > settings.max_compression_ratio:
                raise RejectedUpload(
                    f"文件“{file_name}”的成员 {member.filename} 压缩比 {ratio:.0f}:1，超过上限 "
                    f"{settings.max_compression_ratio:.0f}:1，疑似压缩炸弹"
                )
    names = {member.filename for member in members}
    if "word/document.xml" in names:
        return FileKind.DOCX
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "OFD.xml" in names:
        raise RejectedUpload(f"文件“{file_name}”是 OFD 版式文件，暂不能自动检查；请另行提交 PDF 版本")
    raise RejectedUpload(f"文件“{file_name}”是压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件")
